import { describe, expect, it } from '@jest/globals'
import { apiMessageOf } from '../../src/api/api-message.js'
import { morePagesHint, toBackup, toBackupList } from '../../src/api/types.js'

const example = {
  id: 362,
  mechanism: 'logical',
  type: 'temporary',
  environment: { tenant: 'example', project: 'test', stage: 'dev', name: 'testbackup' },
  status: 'succeeded',
  displayStatus: 'ready',
  errorMessage: null,
  startedAt: '2024-01-29T09:53:09Z',
  completedAt: '2024-01-29T09:55:20Z',
  expirationDate: '2024-01-30T09:00:00Z'
}

describe('toBackup', () => {
  it("reads the guide's example, with the numeric id as a string", () => {
    expect(toBackup(example)).toEqual({
      id: '362',
      status: 'succeeded',
      displayStatus: 'ready',
      errorMessage: '',
      type: 'temporary',
      mechanism: 'logical',
      planet: 'testbackup',
      name: '',
      startedAt: '2024-01-29T09:53:09Z',
      completedAt: '2024-01-29T09:55:20Z',
      expirationDate: '2024-01-30T09:00:00Z',
      raw: example
    })
  })

  it('prefers an explicit planet id and reads metadata.name', () => {
    expect(
      toBackup({ id: 'b-1', planetId: 'dev1', metadata: { name: 'nightly' }, status: 'pending' })
    ).toMatchObject({ id: 'b-1', planet: 'dev1', name: 'nightly' })
  })

  it.each([null, 'text', 42, [], {}, { id: '' }, { id: null }])('refuses %j', value =>
    expect(toBackup(value)).toBeUndefined()
  )
})

describe('toBackupList', () => {
  it.each([
    ['a bare array', [example]],
    ['"backups"', { backups: [example] }],
    ['"items"', { items: [example], total: 1 }],
    ['"data"', { data: [example] }],
    ['"content"', { content: [example], totalElements: 1 }],
    ['any other key', { things: [example] }]
  ])('reads %s', (_, answer) => expect(toBackupList(answer)?.map(b => b.id)).toEqual(['362']))

  it('skips entries without an id, and says so for answers without a list', () => {
    expect(toBackupList([example, { status: 'x' }])).toHaveLength(1)
    expect(toBackupList({ message: 'ok' })).toBeUndefined()
    expect(toBackupList('nope')).toBeUndefined()
  })

  it('counts a backup listed twice once, the first time (a number id and its text alike)', () => {
    const twice = [
      { id: 7, status: 'succeeded' },
      { id: '7', status: 'failed' },
      { id: 8, status: 'succeeded' }
    ]
    expect(toBackupList(twice)?.map(b => [b.id, b.status])).toEqual([
      ['7', 'succeeded'],
      ['8', 'succeeded']
    ])
    expect(toBackupList('nope')).toBeUndefined()
  })
})

describe('morePagesHint', () => {
  it.each([
    [{ items: [], total: 3 }, 0, '"total" is 3, 0 listed'],
    [{ items: [], totalElements: 9 }, 5, '"totalElements" is 9, 5 listed'],
    [{ items: [], nextPageToken: 'abc' }, 1, 'it has "nextPageToken"'],
    [{ items: [], hasMore: true }, 1, 'it has "hasMore"'],
    [{ items: [], links: { next: '/p2' } }, 1, 'it has "links.next"']
  ])('%j looks paginated', (answer, listed, hint) =>
    expect(morePagesHint(answer, listed)).toBe(hint)
  )

  it.each([
    [[], 0],
    [{ items: [], total: 2 }, 2],
    [{ items: [], next: null, hasMore: false }, 1]
  ])('%j does not', (answer, listed) => expect(morePagesHint(answer, listed)).toBeUndefined())
})

describe('apiMessageOf', () => {
  it.each([
    [{ message: 'Planet not found' }, 'Planet not found'],
    [{ error: 'invalid_client', error_description: 'Bad secret' }, 'invalid_client: Bad secret'],
    [{ error: { message: 'nested' } }, 'nested'],
    [{ detail: 'Too long', title: 'Bad Request' }, 'Too long — Bad Request'],
    [{ errors: [{ message: 'a' }, { message: 'b' }] }, 'a; b'],
    [undefined, 'plain text body']
  ])('reads %j', (body, message) => expect(apiMessageOf(body, 'plain text body')).toBe(message))

  it('shortens a long text body', () => {
    expect(apiMessageOf(undefined, 'x'.repeat(1000))).toHaveLength(301)
  })
})

describe('apiMessageOf: an HTML error page', () => {
  it('is reduced to its title, never quoted raw', () => {
    const page =
      '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>502</h1><hr><center>nginx</center></body></html>'
    expect(apiMessageOf(undefined, page)).toBe('502 Bad Gateway (an HTML page)')
  })

  it('without a title, is its text without tags', () =>
    expect(apiMessageOf(undefined, '<html><body><p>Service <b>down</b></p></body></html>')).toBe(
      'Service down (an HTML page)'
    ))
})
