/**
 * Right answers, round two: sentinel and far-future times, whole status words, a server that
 * ignores the planet, the kind of backup asked for. One test per finding of the issue, each
 * failing against the bundle of 4ec3e06 (GWCP_ACTION_DIST=<its dist/>).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { ActionRun } from '../../scripts/runner.js'
import type { Simulator } from '../../simulator/server.js'
import { act, startSimulator } from '../helpers/e2e.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
let simulator: Simulator
afterEach(async () => simulator?.stop())

const environment = (planet: string): Record<string, unknown> => ({
  environment: { tenant: 'acme', project: 'pc', stage: 'dev', name: planet }
})
const deleted = (run: ActionRun): string[] => JSON.parse(run.outputs.deletedIds) as string[]
const remaining = (): string[] => simulator.list().map(backup => String(backup.id))
const expiresIn = (ms: number): string => new Date(Date.now() + ms).toISOString()

describe('1. a sentinel time does not make the newest backup the oldest', () => {
  async function seeded(): Promise<{ fresh: string; old: string }> {
    simulator = await startSimulator()
    const fresh = simulator.seed({
      planetId: 'dev1',
      ageMs: 10 * MINUTE,
      fields: { completedAt: '0001-01-01T00:00:00Z' }
    }).id
    const old = simulator.seed({ planetId: 'dev1', ageMs: 5 * DAY }).id
    return { fresh, old }
  }

  it('prune keepLast: 1 keeps the backup made 10 minutes ago', async () => {
    const { fresh, old } = await seeded()
    const run = await act(simulator, {
      operation: 'prune',
      nameFilter: '*',
      planetId: 'dev1',
      keepLast: '1'
    })

    expect(run.exitCode).toBe(0)
    expect(deleted(run)).toEqual([old])
    expect(remaining()).toEqual([fresh])
  })

  it('list names it latest (by startedAt)', async () => {
    const { fresh } = await seeded()
    const run = await act(simulator, { operation: 'list', planetId: 'dev1' })
    expect(run.outputs.latestBackupId).toBe(fresh)
  })
})

describe('2. far-future times do not count as fresh', () => {
  it.each([
    ['the year 2099', (): string => '2099-01-01T00:00:00Z'],
    ['epoch microseconds two days ago', (): string => String((Date.now() - 2 * DAY) * 1000)],
    ['a compact date taken for milliseconds', (): string => '20240129095309']
  ])('ensure does not reuse a backup whose completedAt is %s', async (_, completedAt) => {
    simulator = await startSimulator({ backupDurationMs: 500 })
    simulator.seed({
      planetId: 'dev1',
      ageMs: 3 * DAY,
      fields: { completedAt: completedAt(), expirationDate: expiresIn(7 * DAY) }
    })
    const run = await act(simulator, { operation: 'ensure', planetId: 'dev1', maxAge: '24h' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.reused).toBe('false')
  })
})

describe('3 and 4. status words are read whole, and errorMessage alone decides nothing', () => {
  it('prune keeps NOT_FAILED, error_free, restore_failed and a retrying upload; retries deletion_failed', async () => {
    simulator = await startSimulator()
    const newest = simulator.seed({ planetId: 'dev1', ageMs: DAY }).id
    const kept = ['NOT_FAILED', 'error_free', 'restore_failed'].map(
      (status, i) => simulator.seed({ planetId: 'dev1', status, ageMs: (5 + i) * DAY }).id
    )
    const uploading = simulator.seed({
      planetId: 'dev1',
      status: 'uploading',
      ageMs: 9 * DAY,
      fields: { errorMessage: 'chunk 3 upload throttled, retrying' }
    }).id
    const deletion = simulator.seed({
      planetId: 'dev1',
      status: 'deletion_failed',
      ageMs: 10 * DAY
    })
    const run = await act(simulator, {
      operation: 'prune',
      nameFilter: '*',
      planetId: 'dev1',
      keepLast: '1'
    })

    expect(run.exitCode).toBe(0)
    expect(deleted(run)).toEqual([deletion.id])
    expect(remaining().sort()).toEqual([newest, ...kept, uploading].sort())
  })
})

describe('5. a finished backup in other words is finished', () => {
  it.each(['COMPLETED', 'SUCCESS', 'done'])('a wait on a %s backup ends at once', async status => {
    simulator = await startSimulator()
    const seeded = simulator.seed({ planetId: 'dev1', status })
    const run = await act(simulator, { operation: 'wait', backupId: seeded.id, waitTimeout: '3s' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe(status)
    expect(run.stdout).toContain(`Status "${status}" is read as succeeded`)
    expect(simulator.count('get')).toBe(1)
  })

  it('ensure reuses an available backup whose displayStatus is ready', async () => {
    simulator = await startSimulator()
    const seeded = simulator.seed({
      planetId: 'dev1',
      status: 'available',
      ageMs: HOUR,
      fields: { displayStatus: 'ready', expirationDate: expiresIn(7 * DAY) }
    })
    const run = await act(simulator, { operation: 'ensure', planetId: 'dev1' })

    expect(run.outputs).toMatchObject({ reused: 'true', backupId: seeded.id })
  })
})

describe("6. another planet's backups are never taken for this planet's", () => {
  /** dev2's list answered with dev1's backups only, as a server that ignores the planet would. */
  async function dev2ListedAsDev1(explicit: boolean): Promise<string[]> {
    simulator = await startSimulator({ backupDurationMs: 500 })
    const fields = explicit ? { planetId: 'dev1' } : environment('dev1')
    return [HOUR, 3 * DAY, 5 * DAY].map(
      ageMs =>
        simulator.seed({
          planetId: 'dev2',
          ageMs,
          fields: { ...fields, expirationDate: expiresIn(7 * DAY) }
        }).id
    )
  }

  it.each([false, true])(
    'ensure for dev2 creates its own backup (planetId given explicitly: %s)',
    async explicit => {
      const dev1 = await dev2ListedAsDev1(explicit)
      const run = await act(simulator, { operation: 'ensure', planetId: 'dev2' })

      expect(run.exitCode).toBe(0)
      expect(run.outputs.reused).toBe('false')
      expect(dev1).not.toContain(run.outputs.backupId)
      expect(run.warnings.join('\n')).toContain(
        'The list of planet dev2 names only other planets (dev1): the server seems to ignore the planet asked for'
      )
    }
  )

  it.each([false, true])(
    'prune keepLast: 1 for dev2 deletes nothing and ends green (explicit: %s)',
    async explicit => {
      const dev1 = await dev2ListedAsDev1(explicit)
      const run = await act(simulator, {
        operation: 'prune',
        nameFilter: '*',
        planetId: 'dev2',
        keepLast: '1'
      })

      expect(run.exitCode).toBe(0)
      expect(deleted(run)).toEqual([])
      expect(remaining().sort()).toEqual([...dev1].sort())
      expect(run.warnings).toHaveLength(1)
    }
  )

  it('list for dev2 shows the items as sent, with latestBackupId empty', async () => {
    await dev2ListedAsDev1(false)
    const run = await act(simulator, { operation: 'list', planetId: 'dev2' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ count: '3', latestBackupId: '' })
  })
})

describe('7. ensure keeps the kind of backup asked for', () => {
  it('with temporary: false it does not reuse a temporary backup', async () => {
    simulator = await startSimulator({ backupDurationMs: 500 })
    simulator.seed({
      planetId: 'dev1',
      ageMs: HOUR,
      type: 'temporary',
      fields: { expirationDate: expiresIn(7 * DAY) }
    })
    const run = await act(simulator, { operation: 'ensure', planetId: 'dev1', temporary: 'false' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.reused).toBe('false')
    expect(JSON.parse(run.outputs.backup)).toMatchObject({ type: 'permanent' })
  })
})

describe('8. every ISO offset form', () => {
  it('times with the offset +05 are read: the backup is reused', async () => {
    simulator = await startSimulator()
    /** A moment `ms` ago as local time in a zone 5 hours east of UTC. */
    const plusFive = (ms: number): string =>
      `${new Date(Date.now() - ms + 5 * HOUR).toISOString().slice(0, 19)}+05`
    const seeded = simulator.seed({
      planetId: 'dev1',
      fields: {
        startedAt: plusFive(2 * HOUR + MINUTE),
        completedAt: plusFive(2 * HOUR),
        expirationDate: expiresIn(7 * DAY)
      }
    })
    const run = await act(simulator, { operation: 'ensure', planetId: 'dev1', maxAge: '6h' })

    expect(run.outputs).toMatchObject({ reused: 'true', backupId: seeded.id })
  })
})

describe('8. an impossible date is unknown', () => {
  it('ensure does not reuse a backup completed on 30 February', async () => {
    simulator = await startSimulator({ backupDurationMs: 500 })
    // The last 30 February that, read as 1 or 2 March, lies in the past year.
    const now = new Date()
    const year = now.getUTCMonth() >= 2 ? now.getUTCFullYear() : now.getUTCFullYear() - 1
    simulator.seed({
      planetId: 'dev1',
      type: 'permanent',
      fields: { completedAt: `${year}-02-30T12:00:00Z`, startedAt: '' }
    })
    const run = await act(simulator, { operation: 'ensure', planetId: 'dev1', maxAge: '400d' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.reused).toBe('false')
  })
})
