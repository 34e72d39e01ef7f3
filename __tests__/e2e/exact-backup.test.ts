import { afterEach, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/server.js'
import { act, failure, startSimulator } from '../helpers/e2e.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const [BELOW, AT, ABOVE] = ['9007199254740991', '9007199254740992', '9007199254740993']
let simulator: Simulator
afterEach(async () => simulator?.stop())

const remainingIds = (): string[] => simulator.list().map(backup => String(backup.id))
const deletePaths = (): string[] =>
  simulator.requests.filter(request => request.method === 'DELETE').map(request => request.path)

describe('ids keep their digits', () => {
  it('a prune over 2^53 - 1, 2^53 and 2^53 + 1 deletes the old ones by their exact ids', async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'dev1', id: ABOVE, ageMs: 40 * DAY })
    simulator.seed({ planetId: 'dev1', id: AT, ageMs: HOUR })
    simulator.seed({ planetId: 'dev1', id: BELOW, ageMs: 30 * DAY })
    const run = await act(simulator, {
      operation: 'prune',
      planetId: 'dev1',
      nameFilter: '*',
      olderThan: '7d'
    })

    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.deletedIds)).toEqual([BELOW, ABOVE])
    expect(remainingIds()).toEqual([AT])
    expect(
      deletePaths()
        .map(path => path.split('/').at(-1))
        .sort()
    ).toEqual([BELOW, ABOVE])
    expect(run.summary).toContain(`\`${ABOVE}\``)
  })

  it('a create answered with id 2^53 + 1 beside an existing 2^53 reports 2^53 + 1', async () => {
    simulator = await startSimulator({ firstId: AT, backupDurationMs: 500 })
    simulator.seed({ planetId: 'dev1', ageMs: HOUR })
    const run = await act(simulator, { operation: 'create', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.backupId).toBe(ABOVE)
    expect(run.outputs.status).toBe('succeeded')
    expect(run.outputs.backup).toContain(`"id":"${ABOVE}"`)
    expect(run.summary).toContain(`GWCP backup ${ABOVE}`)
    const gets = simulator.requests.filter(request => request.method === 'GET')
    expect(gets.every(request => !request.path.endsWith(`/${AT}`))).toBe(true)
  })

  it('a list keeps big ids exact in latestBackupId and backups (as strings)', async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'dev1', id: ABOVE, ageMs: HOUR })
    simulator.seed({ planetId: 'dev1', id: AT, ageMs: 2 * HOUR })
    const run = await act(simulator, { operation: 'list', planetId: 'dev1' })

    expect(run.outputs.latestBackupId).toBe(ABOVE)
    const listed = JSON.parse(run.outputs.backups) as Array<{ id: string }>
    expect(listed.map(backup => backup.id)).toEqual([ABOVE, AT])
  })
})

describe('done means done, without a but', () => {
  it.each([
    ['a fresh COMPLETED_WITH_ERRORS one', { status: 'COMPLETED_WITH_ERRORS' }],
    [
      'a fresh succeeded one with an errorMessage',
      { fields: { errorMessage: 'pg_dump: 14 tables could not be read' } }
    ]
  ])('ensure creates a new backup beside %s', async (_, seeded) => {
    simulator = await startSimulator({ backupDurationMs: 500 })
    const broken = simulator.seed({ planetId: 'dev1', ageMs: HOUR, ...seeded }).id
    const run = await act(simulator, { operation: 'ensure', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.reused).toBe('false')
    expect(run.outputs.backupId).not.toBe(broken)
    expect(simulator.count('create')).toBe(1)
  })

  it.each([
    ['DELETION_COMPLETE', {}, 'will never succeed'],
    [
      'succeeded',
      { fields: { errorMessage: 'pg_dump: 14 tables could not be read' } },
      'did not clearly succeed'
    ]
  ])('wait fails on %s, with the message in the summary', async (status, extra, outcome) => {
    simulator = await startSimulator()
    const id = simulator.seed({ planetId: 'dev1', ageMs: HOUR, status, ...extra }).id
    const run = await act(simulator, { operation: 'wait', backupId: id })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain(`Backup ${id} of planet dev1 ${outcome} (status "${status}")`)
    if ('fields' in extra) {
      expect(failure(run)).toContain('pg_dump: 14 tables could not be read')
      expect(run.summary).toContain('pg_dump: 14 tables could not be read')
    }
  })
})

describe('a 503 is looked behind', () => {
  it('a create whose POST acted and was answered 503 makes one backup and names it', async () => {
    simulator = await startSimulator({ backupDurationMs: 500 })
    simulator.addFault({ route: 'create', action: 'status-after', status: 503 })
    const run = await act(simulator, { operation: 'create', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    expect(simulator.count('create')).toBe(1)
    expect(simulator.list()).toHaveLength(1)
    expect(run.outputs.backupId).toBe(remainingIds()[0])
    expect(JSON.parse(run.outputs.otherBackupIds)).toEqual([])
  })

  it('a create answered 503 that did not act is sent again and makes one backup', async () => {
    simulator = await startSimulator({ backupDurationMs: 500 })
    simulator.addFault({ route: 'create', action: 'status', status: 503, retryAfter: '1' })
    const run = await act(simulator, { operation: 'create', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    expect(simulator.count('create')).toBe(2)
    expect(remainingIds()).toEqual([run.outputs.backupId])
  })
})
