import { describe, expect, it } from '@jest/globals'
import { planPrune, selects, type PruneCriteria } from '../../src/backups/index.js'
import { aBackup, DAY, HOUR, NOW } from '../fixtures/backups.js'

const all: PruneCriteria = { names: { glob: '*' }, types: ['permanent', 'temporary'] }
const ids = (rows: Array<{ backup: { id: string } }>): string[] => rows.map(row => row.backup.id)

describe('planPrune', () => {
  it('keeps the newest succeeded backup of each planet when only olderThan is given', () => {
    const backups = [
      aBackup({ id: 'dev-new', planet: 'dev', ageMs: 10 * DAY }),
      aBackup({ id: 'dev-old', planet: 'dev', ageMs: 20 * DAY }),
      aBackup({ id: 'qa-new', planet: 'qa', ageMs: 30 * DAY })
    ]
    const plan = planPrune(backups, { ...all, olderThanMs: 7 * DAY }, NOW)
    expect(ids(plan.remove)).toEqual(['dev-old'])
    expect(plan.keep.map(row => [row.backup.id, row.note])).toEqual([
      ['dev-new', 'newest succeeded of its planet'],
      ['qa-new', 'newest succeeded of its planet']
    ])
  })

  it('deletes only what every given criterion allows', () => {
    const backups = [1, 2, 3, 4].map(days => aBackup({ id: `d${days}`, ageMs: days * DAY }))
    const plan = planPrune(backups, { ...all, keepLast: 1, olderThanMs: 2.5 * DAY }, NOW)
    expect(ids(plan.remove)).toEqual(['d3', 'd4'])
    expect(plan.keep.map(row => row.note)).toEqual([
      'newest succeeded of its planet',
      'younger than 2d 12h'
    ])
    expect(plan.remove[0].note).toBe('beyond the 1 newest, older than 2d 12h')
  })

  it('never counts failed backups toward keepLast, and deletes them', () => {
    const backups = [
      aBackup({ id: 'f1', status: 'failed', ageMs: HOUR }),
      aBackup({ id: 's1', ageMs: 2 * HOUR }),
      aBackup({ id: 'f2', status: 'FAILED', ageMs: 3 * HOUR }),
      aBackup({ id: 's2', ageMs: 4 * HOUR })
    ]
    const plan = planPrune(backups, { ...all, keepLast: 2 }, NOW)
    expect(ids(plan.remove)).toEqual(['f1', 'f2'])
    expect(ids(plan.keep)).toEqual(['s1', 's2'])
  })

  it('keeps failed backups younger than olderThan', () => {
    const plan = planPrune(
      [aBackup({ id: 'f', status: 'failed', ageMs: HOUR })],
      { ...all, olderThanMs: DAY },
      NOW
    )
    expect(ids(plan.remove)).toEqual([])
  })

  it('never deletes a running backup, one of unknown age or an unselected one', () => {
    const backups = [
      aBackup({ id: 'running', status: 'in_progress', ageMs: 30 * DAY }),
      aBackup({ id: 'mystery', status: 'whatever-new', ageMs: 30 * DAY }),
      aBackup({ id: 'ageless', completedAt: '', startedAt: 'not a date' }),
      aBackup({ id: 'scheduled', type: 'scheduled', ageMs: 30 * DAY }),
      aBackup({ id: 'untyped', type: '', ageMs: 30 * DAY }),
      aBackup({ id: 'other-name', name: 'release-1', ageMs: 30 * DAY })
    ]
    const plan = planPrune(backups, { ...all, names: { glob: 'night?y' }, keepLast: 1 }, NOW)
    expect(ids(plan.remove)).toEqual([])
    expect(Object.fromEntries(plan.keep.map(row => [row.backup.id, row.note]))).toEqual({
      running: 'still running',
      mystery: 'still running',
      ageless: 'age unknown',
      scheduled: 'type scheduled not selected',
      untyped: 'type unknown not selected',
      'other-name': 'name does not match'
    })
  })

  it('reads the age from startedAt when there is no completedAt', () => {
    const plan = planPrune(
      [
        aBackup({ id: 'keep', ageMs: 0 }),
        aBackup({ id: 'old', completedAt: '', startedAt: new Date(NOW - 9 * DAY).toISOString() })
      ],
      { ...all, olderThanMs: 7 * DAY },
      NOW
    )
    expect(ids(plan.remove)).toEqual(['old'])
  })

  it('treats glob characters literally except * and ?', () => {
    const backups = [
      aBackup({ id: 'newest', name: 'v1.2 (rc)', ageMs: DAY / 2 }),
      aBackup({ id: 'a', name: 'v1.2 (rc)', ageMs: 2 * DAY }),
      aBackup({ id: 'b', name: 'v1x2 (rc)', ageMs: 3 * DAY })
    ]
    const plan = planPrune(backups, { ...all, names: { glob: 'v1.2 (*)' }, olderThanMs: DAY }, NOW)
    expect(ids(plan.remove)).toEqual(['a'])
  })

  it('never deletes by a per-planet rule a backup whose planet is unknown', () => {
    const backups = [
      aBackup({ id: 'dev-new', planet: 'dev1', ageMs: DAY }),
      aBackup({ id: 'dev-old', planet: 'dev1', ageMs: 2 * DAY }),
      aBackup({ id: 'who-new', planet: '', ageMs: 3 * DAY }),
      aBackup({ id: 'who-old', planet: '', ageMs: 4 * DAY })
    ]
    const plan = planPrune(backups, { ...all, keepLast: 1 }, NOW)
    expect(ids(plan.remove)).toEqual(['dev-old'])
    expect(plan.keep.filter(row => row.backup.planet === '').map(row => row.note)).toEqual([
      'planet unknown: per-planet rules keep it',
      'planet unknown: per-planet rules keep it'
    ])
    // Age alone never takes a backup whose planet is unknown either.
    const byAge = planPrune(backups, { ...all, olderThanMs: 2.5 * DAY }, NOW)
    expect(ids(byAge.remove)).toEqual([])
  })

  it("ranks a planet's own list as that planet's, whatever its items say", () => {
    const backups = [
      aBackup({ id: 'a', planet: 'testbackup', ageMs: DAY }),
      aBackup({ id: 'b', planet: '', ageMs: 2 * DAY }),
      aBackup({ id: 'c', planet: 'testbackup', ageMs: 3 * DAY })
    ]
    expect(ids(planPrune(backups, { ...all, keepLast: 1 }, NOW, 'dev1').remove)).toEqual(['b', 'c'])
  })

  it('keeps a backup already being deleted, deletes one that timed out as failed', () => {
    const plan = planPrune(
      [
        aBackup({ id: 'deleting', status: 'deleting', ageMs: 9 * DAY }),
        aBackup({ id: 'timed-out', status: 'timed_out', ageMs: 9 * DAY })
      ],
      { ...all, olderThanMs: 7 * DAY },
      NOW
    )
    expect(ids(plan.remove)).toEqual(['timed-out'])
    expect(plan.keep[0].note).toBe('already going or gone (status deleting)')
  })
})

describe('planPrune: statuses it cannot read as done or failed', () => {
  it('keeps a partially succeeded backup and one whose restore failed; retries a failed deletion', () => {
    const backups = [
      aBackup({ id: 'newest', ageMs: DAY }),
      aBackup({ id: 'partial', status: 'partially_succeeded', ageMs: 5 * DAY }),
      aBackup({ id: 'restore', status: 'restore_failed', ageMs: 6 * DAY }),
      aBackup({ id: 'deletion', status: 'deletion_failed', ageMs: 7 * DAY })
    ]
    const plan = planPrune(backups, { ...all, keepLast: 1 }, NOW)
    expect(ids(plan.remove)).toEqual(['deletion'])
    expect(plan.keep.map(row => row.note)).toEqual([
      'newest succeeded of its planet',
      'status partially_succeeded: not clearly done or failed',
      'status restore_failed: not clearly done or failed'
    ])
  })
})

describe('planPrune: every planet keeps its last good backup', () => {
  const star = [
    aBackup({ id: 'dev-failed', planet: 'dev', status: 'failed', ageMs: HOUR }),
    aBackup({ id: 'dev-running', planet: 'dev', status: 'in_progress', ageMs: 0 }),
    aBackup({ id: 'dev-good', planet: 'dev', ageMs: 40 * DAY }),
    aBackup({ id: 'dev-older', planet: 'dev', ageMs: 41 * DAY }),
    aBackup({ id: 'qa-good', planet: 'qa', ageMs: 50 * DAY })
  ]

  it.each([
    ['olderThan alone', { olderThanMs: DAY }],
    ['keepLast 1', { keepLast: 1 }],
    ['both', { keepLast: 1, olderThanMs: DAY }]
  ])('with %s, though its newest attempts failed or still run', (_, criteria) => {
    const plan = planPrune(star, { ...all, ...criteria }, NOW)
    expect(ids(plan.keep)).toEqual(expect.arrayContaining(['dev-running', 'dev-good', 'qa-good']))
    expect(ids(plan.remove)).not.toContain('dev-good')
    expect(ids(plan.remove)).toContain('dev-older')
  })
})

describe('planPrune: the default name rule', () => {
  const rule: PruneCriteria = { names: { prefix: 'gha-42-' }, types: ['permanent', 'temporary'] }

  it("manages only the names this repository's workflows give, case-blind, and counts the rest", () => {
    const backups = [
      aBackup({ id: 'ours-new', name: 'gha-42-acme-policy-1-1-deploy', ageMs: DAY }),
      aBackup({ id: 'ours-lower', name: ' GHA-42-acme-policy-2-1-deploy', ageMs: 2 * DAY }),
      aBackup({ id: 'ours-old', name: 'gha-42-acme-policy-3-1-deploy', ageMs: 3 * DAY }),
      aBackup({ id: 'other-repo', name: 'gha-420-acme-policy-center-1', ageMs: 4 * DAY }),
      aBackup({ id: 'old-style', name: 'gha-acme-policy-9-1-deploy', ageMs: 5 * DAY }),
      aBackup({ id: 'manual', name: 'before-go-live-manual', type: 'permanent', ageMs: 6 * DAY })
    ]
    const plan = planPrune(backups, { ...rule, keepLast: 1 }, NOW)
    expect(ids(plan.remove)).toEqual(['ours-lower', 'ours-old'])
    expect([plan.selected, plan.unnamed]).toEqual([3, 3])
    expect(plan.keep.find(row => row.backup.id === 'manual')?.note).toBe(
      "not named by this repository's workflows"
    )
  })
})

describe('planPrune at its edges', () => {
  const notes = (plan: ReturnType<typeof planPrune>): Record<string, string> =>
    Object.fromEntries([...plan.remove, ...plan.keep].map(({ backup, note }) => [backup.id, note]))

  it('a backup exactly olderThan old is kept, failed or succeeded; a millisecond older is not', () => {
    const backups = [
      aBackup({ id: 'newest', ageMs: HOUR }),
      aBackup({ id: 'at', ageMs: DAY }),
      aBackup({ id: 'past', ageMs: DAY + 1 }),
      aBackup({ id: 'failed-at', status: 'failed', ageMs: DAY }),
      aBackup({ id: 'failed-past', status: 'failed', ageMs: DAY + 1 })
    ]
    const plan = planPrune(backups, { ...all, olderThanMs: DAY }, NOW)
    expect(ids(plan.remove).sort()).toEqual(['failed-past', 'past'])
    expect(notes(plan)).toMatchObject({
      at: 'younger than 1d',
      'failed-at': 'failed, but younger than 1d',
      'failed-past': 'failed',
      past: 'older than 1d'
    })
  })

  it('says which criteria a delete met, and counts what it selected and what it left unnamed', () => {
    const backups = [1, 2, 3].map(days => aBackup({ id: `d${days}`, ageMs: days * DAY }))
    const plan = planPrune(backups, { ...all, keepLast: 2, olderThanMs: HOUR }, NOW)
    expect(notes(plan)).toEqual({
      d1: 'newest succeeded of its planet',
      d2: 'one of the 2 newest',
      d3: 'beyond the 2 newest, older than 1h'
    })
    expect(plan.selected).toBe(3)
    expect(plan.unnamed).toBe(0)
    const byKeepLast = planPrune(backups, { ...all, keepLast: 1 }, NOW)
    expect(notes(byKeepLast).d3).toBe('beyond the 1 newest')
  })

  it('reads planet and type names trimmed and case-blind', () => {
    const backups = [
      aBackup({ id: 'a', planet: ' DEV1 ', type: ' Temporary ', ageMs: HOUR }),
      aBackup({ id: 'b', planet: 'dev1', type: 'temporary', ageMs: DAY })
    ]
    const plan = planPrune(backups, { ...all, keepLast: 1 }, NOW)
    expect(ids(plan.remove)).toEqual(['b'])
  })
})

describe('selects: the types and the name rule, for prune and audit alike', () => {
  const named = { names: { prefix: 'gha-42-' }, types: ['temporary'] }
  const globbed = { names: { glob: 'nightly-*' }, types: ['temporary'] }

  it.each([
    ['a temporary backup named by this repository', named, ' temporary', 'gha-42-a', true],
    ['its type in another case, padded', named, ' TEMPORARY ', 'GHA-42-a', true],
    ['a permanent one, not in types', named, 'permanent', 'gha-42-a', false],
    ['one without a type', named, '', 'gha-42-a', false],
    ["one named by another repository's workflows", named, 'temporary', 'gha-7-a', false],
    ['one the glob matches', globbed, 'temporary', 'nightly-1', true],
    ['one the glob does not match', globbed, 'temporary', 'manual', false]
  ])('%s', (_case, criteria, type, name, expected) => {
    expect(selects(criteria, aBackup({ type, name }))).toBe(expected)
  })
})
