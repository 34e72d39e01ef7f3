/** The table of inputs by operation: the defaults it gives, and the inputs it says are not read. */
import { describe, expect, it } from '@jest/globals'
import { defaultOf, unreadInputs } from '../../src/input-table.js'

const givenOf =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? ''

describe('unreadInputs', () => {
  it('client credentials read tokenUrl and scope: nothing to warn of', () => {
    const given = givenOf({ clientId: 'c', clientSecret: 's', tokenUrl: 'https://t', scope: 'x' })
    expect(unreadInputs('create', given)).toEqual([])
  })

  it('beside accessToken, tokenUrl and scope are not read', () => {
    const given = givenOf({ accessToken: 't', tokenUrl: 'https://t', scope: 'x' })
    expect(unreadInputs('list', given)).toEqual([
      'tokenUrl applies to client credentials; with accessToken it is not read.',
      'scope applies to client credentials; with accessToken it is not read.'
    ])
  })

  it("a value equal to action.yml's default is taken as not given", () => {
    const given = givenOf({ mechanism: 'logical', waitTimeout: '60m', dryRun: 'false' })
    expect(unreadInputs('get', given)).toEqual([])
    expect(unreadInputs('get', givenOf({ mechanism: 'snapshot' }))).toEqual([
      'mechanism applies to create and ensure; get does not read it.'
    ])
  })
})

describe('defaultOf', () => {
  it.each([
    ['nameFilter', 'audit', '*'],
    ['nameFilter', 'prune', ''],
    ['types', 'prune', 'permanent,temporary'],
    ['types', 'audit', 'permanent,temporary,scheduled'],
    ['maxAge', 'ensure', '24h'],
    ['keepLast', 'prune', '']
  ] as const)('%s for %s is %j', (name, operation, value) => {
    expect(defaultOf(name, operation)).toBe(value)
  })
})
