import { afterEach, describe, expect, it } from '@jest/globals'
import type { ActionRun } from '../../scripts/runner.js'
import type { Simulator } from '../../simulator/server.js'
import { failure, startSimulator, act } from '../helpers/e2e.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
let simulator: Simulator
afterEach(async () => simulator?.stop())

const remainingIds = (): string[] => simulator.list().map(backup => String(backup.id))
const deletedIds = (run: ActionRun): string[] => JSON.parse(run.outputs.deletedIds) as string[]

describe('ensure', () => {
  it('reuses a fresh succeeded backup: no POST', async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'dev1', ageMs: 30 * HOUR })
    const fresh = simulator.seed({ planetId: 'dev1', ageMs: 2 * HOUR })
    simulator.seed({ planetId: 'dev1', ageMs: HOUR, mechanism: 'snapshot' })
    simulator.seed({ planetId: 'qa', ageMs: 60_000 })
    const run = await act(simulator, { operation: 'ensure', planetId: 'dev1', maxAge: '6h' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ backupId: fresh.id, status: 'succeeded', reused: 'true' })
    expect(simulator.count('create')).toBe(0)
    expect(run.summary).toContain(`GWCP backup ${fresh.id} of dev1 reused (completed 2h ago)`)
  })

  it.each([
    ['the only recent one failed', { status: 'failed', ageMs: HOUR }],
    ['the only one is too old', { status: 'succeeded', ageMs: 2 * DAY }],
    ['the only recent one is still running', { status: 'in_progress', ageMs: 0 }]
  ])('creates and waits when %s', async (_, seeded) => {
    simulator = await startSimulator({ backupDurationMs: 1000 })
    const old = simulator.seed({ planetId: 'dev1', ...seeded })
    const run = await act(simulator, { operation: 'ensure', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    expect(simulator.count('create')).toBe(1)
    expect(run.outputs.reused).toBe('false')
    expect(run.outputs.status).toBe('succeeded')
    expect(run.outputs.backupId).not.toBe(old.id)
    expect(remainingIds()).toContain(run.outputs.backupId)
  })
})

describe('prune', () => {
  /** Five nightly backups of dev1, one a day, newest first: ids[0] is a day old. */
  function fiveNightlies(): string[] {
    return [1, 2, 3, 4, 5].map(
      days => simulator.seed({ planetId: 'dev1', ageMs: days * DAY, name: `nightly-${days}` }).id
    )
  }

  it('dry run: reports the ids it would delete, sends no DELETE', async () => {
    simulator = await startSimulator()
    const ids = fiveNightlies()
    const run = await act(simulator, {
      operation: 'prune',
      nameFilter: '*',
      planetId: 'dev1',
      keepLast: '2',
      dryRun: 'true'
    })

    expect(run.exitCode).toBe(0)
    expect(deletedIds(run)).toEqual(ids.slice(2))
    expect(run.outputs.count).toBe('3')
    expect(simulator.count('delete')).toBe(0)
    expect(remainingIds()).toHaveLength(5)
    expect(run.summary).toContain('**Would delete (DRY RUN: nothing was deleted)**')
  })

  it('keepLast keeps the N newest succeeded backups; failed ones never count', async () => {
    simulator = await startSimulator()
    const ids = fiveNightlies()
    const failed = simulator.seed({ planetId: 'dev1', ageMs: HOUR, status: 'failed' }).id
    const run = await act(simulator, {
      operation: 'prune',
      nameFilter: '*',
      planetId: 'dev1',
      keepLast: '2'
    })

    expect(run.exitCode).toBe(0)
    expect(deletedIds(run).sort()).toEqual([failed, ...ids.slice(2)].sort())
    expect(remainingIds().sort()).toEqual(ids.slice(0, 2).sort())
    expect(run.summary).toContain('prune of planet dev1: deleted 4, kept 2')
    expect(run.summary).toMatch(/\| failed \|$/m)
  })

  it('olderThan keeps the newest succeeded backup of each planet, however old', async () => {
    simulator = await startSimulator()
    const dev1 = fiveNightlies()
    const qaOld = simulator.seed({ planetId: 'qa', ageMs: 20 * DAY }).id
    const qaOlder = simulator.seed({ planetId: 'qa', ageMs: 30 * DAY }).id
    const run = await act(simulator, { operation: 'prune', nameFilter: '*', olderThan: '2d12h' })

    expect(run.exitCode).toBe(0)
    expect(deletedIds(run).sort()).toEqual([...dev1.slice(2), qaOlder].sort())
    expect(remainingIds().sort()).toEqual([dev1[0], dev1[1], qaOld].sort())
  })

  it('keepLast 0 is refused before any request: a planet always keeps its last good backup', async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'qa', ageMs: 20 * DAY })
    const run = await act(simulator, { operation: 'prune', nameFilter: '*', keepLast: '0' })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain('Input "keepLast" is "0": use a whole number ≥ 1')
    expect(failure(run)).toContain('use operation "delete"')
    expect(simulator.count()).toBe(0)
    expect(remainingIds()).toHaveLength(1)
  })

  it('nameFilter over the whole star system; running and scheduled backups untouched', async () => {
    simulator = await startSimulator()
    const keep = [
      simulator.seed({ planetId: 'dev1', ageMs: 9 * DAY, name: 'release-41' }).id,
      simulator.seed({ planetId: 'dev1', ageMs: 0, name: 'nightly-now', status: 'in_progress' }).id,
      simulator.seed({ planetId: 'qa', ageMs: 9 * DAY, name: 'nightly-a', type: 'scheduled' }).id,
      simulator.seed({ planetId: 'qa', ageMs: 8 * DAY, name: 'nightly-b', status: 'pending' }).id,
      simulator.seed({ planetId: 'qa', ageMs: 2 * DAY, name: 'nightly-c' }).id
    ]
    const gone = [
      simulator.seed({ planetId: 'dev1', ageMs: 8 * DAY, name: 'nightly-d' }).id,
      simulator.seed({ planetId: 'qa', ageMs: 9 * DAY, name: 'nightly-e', type: 'permanent' }).id,
      simulator.seed({ planetId: 'uat', ageMs: 9 * DAY, name: 'nightly-f', status: 'failed' }).id
    ]
    // dev1's newest selected succeeded backup, nightly-g, stays; nightly-d is older.
    keep.push(simulator.seed({ planetId: 'dev1', ageMs: 3 * DAY, name: 'nightly-g' }).id)
    const run = await act(simulator, {
      operation: 'prune',
      nameFilter: 'nightly-*',
      olderThan: '7d'
    })

    expect(run.exitCode).toBe(0)
    expect(deletedIds(run).sort()).toEqual(gone.sort())
    expect(remainingIds().sort()).toEqual(keep.sort())
    expect(run.summary).toContain('still running')
    expect(run.summary).toContain('type scheduled not selected')
    expect(run.summary).toContain('name does not match')
  })

  it('touches scheduled backups when types names them', async () => {
    simulator = await startSimulator()
    const newest = simulator.seed({ planetId: 'qa', ageMs: DAY, type: 'scheduled' }).id
    const old = simulator.seed({ planetId: 'qa', ageMs: 9 * DAY, type: 'scheduled' }).id
    const run = await act(simulator, {
      operation: 'prune',
      nameFilter: '*',
      planetId: 'qa',
      types: 'scheduled',
      keepLast: '1'
    })

    expect(deletedIds(run)).toEqual([old])
    expect(remainingIds()).toEqual([newest])
  })

  it('fails at the end naming the delete that failed, after deleting the others', async () => {
    simulator = await startSimulator()
    const ids = fiveNightlies()
    simulator.addFault({
      route: 'delete',
      action: 'status',
      status: 409,
      body: { message: 'Backup is being restored' }
    })
    const run = await act(simulator, {
      operation: 'prune',
      nameFilter: '*',
      planetId: 'dev1',
      keepLast: '1',
      maxConcurrency: '1'
    })

    expect(run.exitCode).toBe(1)
    // Deletes go newest first; one at a time, the first sent (ids[1]) is the one refused.
    expect(deletedIds(run)).toEqual(ids.slice(2))
    expect(remainingIds().sort()).toEqual(ids.slice(0, 2).sort())
    expect(failure(run)).toBe(
      'Could not delete 1 of 4 backup(s) of planet dev1: ' +
        `Could not delete backup ${ids[1]} in star system pc: HTTP 409 Conflict: Backup is being restored`
    )
  })

  it('needs a criterion: no request at all without one', async () => {
    simulator = await startSimulator()
    fiveNightlies()
    const run = await act(simulator, { operation: 'prune', nameFilter: '*' })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain('Operation "prune" needs "keepLast", "olderThan" or both')
    expect(simulator.count()).toBe(0)
  })

  it('deletes concurrently, never more than maxConcurrency at once', async () => {
    simulator = await startSimulator({ latencyMs: 30 })
    for (let i = 1; i <= 40; i++) simulator.seed({ planetId: 'dev1', ageMs: i * HOUR })
    const run = await act(simulator, {
      operation: 'prune',
      nameFilter: '*',
      planetId: 'dev1',
      keepLast: '4',
      maxConcurrency: '5'
    })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.count).toBe('36')
    expect(remainingIds()).toHaveLength(4)
    expect(simulator.peakInFlight).toBe(5)
  })
})
