/**
 * Right answers on answers shaped as real APIs send them: whose a backup is, how old, whether it
 * can still succeed and whether it will still exist. One test per finding of issue 14, each
 * failing against the bundle of b30142a (GWCP_ACTION_DIST=<its dist/>).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { ActionRun } from '../../scripts/runner.js'
import type { Simulator } from '../../simulator/server.js'
import { failure, startSimulator, act } from '../helpers/e2e.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
let simulator: Simulator
afterEach(async () => simulator?.stop())

/** The guide's `environment` object, naming `planet`. */
const environment = (planet: string): Record<string, unknown> => ({
  environment: { tenant: 'acme', project: 'pc', stage: 'dev', name: planet }
})
const run = (inputs: Record<string, string>, env?: Record<string, string>): Promise<ActionRun> =>
  act(simulator, { ...inputs }, env ? { env } : {})
const remaining = (): string[] => simulator.list().map(backup => String(backup.id))
const deleted = (result: ActionRun): string[] => JSON.parse(result.outputs.deletedIds) as string[]
const inDays = (days: number): string => new Date(Date.now() + days * DAY).toISOString()

describe("1. another planet's backup in a planet's list", () => {
  async function dev1ListHoldingDev2(): Promise<{ dev1: string[]; dev2: string[] }> {
    simulator = await startSimulator({ backupDurationMs: 500 })
    const dev2 = [1, 30].map(
      hours =>
        simulator.seed({ planetId: 'dev1', ageMs: hours * HOUR, fields: environment('dev2') }).id
    )
    const dev1 = [2, 40].map(hours => simulator.seed({ planetId: 'dev1', ageMs: hours * HOUR }).id)
    return { dev1, dev2 }
  }

  it('ensure does not reuse it; list does not call it the latest', async () => {
    const { dev1, dev2 } = await dev1ListHoldingDev2()
    const ensured = await run({ operation: 'ensure', planetId: 'dev1', maxAge: '90m' })

    expect(ensured.exitCode).toBe(0)
    expect(ensured.outputs.reused).toBe('false')
    expect(ensured.outputs.backupId).not.toBe(dev2[0])
    expect(ensured.warnings[0]).toContain(
      `The list of planet dev1 also holds backup(s) of other planets, left out: ${dev2[0]} (dev2)`
    )

    const listed = await run({ operation: 'list', planetId: 'dev1' })
    expect(listed.outputs.latestBackupId).toBe(ensured.outputs.backupId)
    expect(listed.outputs.count).toBe(String(dev1.length + 1))
  })

  it("prune of dev1 never ranks or deletes dev2's backups", async () => {
    const { dev1, dev2 } = await dev1ListHoldingDev2()
    const pruned = await run({
      operation: 'prune',
      nameFilter: '*',
      planetId: 'dev1',
      keepLast: '1'
    })

    expect(pruned.exitCode).toBe(0)
    expect(deleted(pruned)).toEqual([dev1[1]])
    expect(remaining()).toEqual(expect.arrayContaining(dev2))
  })
})

describe('2. planet unknown: planets are never merged', () => {
  it('a star-system prune keeps backups whose planet it cannot tell; an empty planetId hides no environment.name', async () => {
    simulator = await startSimulator()
    const anonymous = [1, 2].map(
      days => simulator.seed({ planetId: 'qa', ageMs: days * DAY, fields: { environment: {} } }).id
    )
    const dev1 = [3, 4].map(
      days => simulator.seed({ planetId: 'dev1', ageMs: days * DAY, fields: { planetId: '' } }).id
    )
    const uat = [5, 6].map(
      days =>
        simulator.seed({ planetId: 'uat', ageMs: days * DAY, fields: { planet: { id: 'x' } } }).id
    )
    const pruned = await run({ operation: 'prune', nameFilter: '*', keepLast: '1' })

    expect(pruned.exitCode).toBe(0)
    expect(deleted(pruned).sort()).toEqual([dev1[1], uat[1]].sort())
    expect(remaining()).toEqual(expect.arrayContaining([...anonymous, dev1[0], uat[0]]))
    expect(pruned.summary.match(/planet unknown: per-planet rules keep it/g)).toHaveLength(2)
  })
})

describe('3. a restore point about to vanish is not reused', () => {
  it.each([
    ['already expired', -1 / 24],
    ['expiring in 15 minutes', 15 / (24 * 60)]
  ])('ensure creates a new backup when the fresh one is %s', async (_, days) => {
    simulator = await startSimulator({ backupDurationMs: 500 })
    const vanishing = simulator.seed({
      planetId: 'dev1',
      ageMs: HOUR,
      fields: { expirationDate: inDays(days) }
    }).id
    const ensured = await run({ operation: 'ensure', planetId: 'dev1' })

    expect(ensured.exitCode).toBe(0)
    expect(ensured.outputs.reused).toBe('false')
    expect(ensured.outputs.backupId).not.toBe(vanishing)
  })
})

describe('4. time', () => {
  it('a timestamp without a zone is UTC, also on a runner in New York', async () => {
    simulator = await startSimulator({ backupDurationMs: 500 })
    const eightHoursAgo = new Date(Date.now() - 8 * HOUR).toISOString().slice(0, 19)
    // Started a minute before it completed: only the zone of completedAt is in question.
    simulator.seed({ planetId: 'dev1', ageMs: 8 * HOUR, fields: { completedAt: eightHoursAgo } })
    const ensured = await run(
      { operation: 'ensure', planetId: 'dev1', maxAge: '6h' },
      { TZ: 'America/New_York' }
    )

    expect(ensured.exitCode).toBe(0)
    expect(ensured.outputs.reused).toBe('false')
  })

  it('epoch seconds are read: the latest is the newest, not the first listed', async () => {
    simulator = await startSimulator()
    const epoch = (ageMs: number): number => Math.round((Date.now() - ageMs) / 1000)
    const ids = [3 * DAY, 2 * DAY, DAY].map(
      ageMs =>
        simulator.seed({
          planetId: 'dev1',
          fields: { startedAt: epoch(ageMs + 60_000), completedAt: epoch(ageMs) }
        }).id
    )
    const listed = await run({ operation: 'list', planetId: 'dev1' })

    expect(listed.outputs.latestBackupId).toBe(ids[2])
  })

  it('a completedAt in the future counts as now, never as a negative age', async () => {
    simulator = await startSimulator()
    const ahead = simulator.seed({
      planetId: 'dev1',
      fields: { completedAt: new Date(Date.now() + 30 * 60_000).toISOString() }
    }).id
    const ensured = await run({ operation: 'ensure', planetId: 'dev1' })

    expect(ensured.outputs).toMatchObject({ reused: 'true', backupId: ahead })
    expect(ensured.stdout).toContain(`Reusing backup ${ahead} of planet dev1, completed 0ms ago`)
    expect(ensured.stdout + ensured.summary).not.toMatch(/-\d+ms/)
  })

  it('when times are unknown, latestBackupId is not guessed from the order, and it says so', async () => {
    simulator = await startSimulator()
    for (let i = 0; i < 2; i++) {
      simulator.seed({ planetId: 'dev1', fields: { startedAt: null, completedAt: null } })
    }
    const listed = await run({ operation: 'list', planetId: 'dev1' })

    expect(listed.outputs.latestBackupId).toBe('')
    expect(listed.warnings.join('\n')).toContain(
      '"latestBackupId" is left empty rather than guessed'
    )
  })
})

describe('5. statuses that can never become succeeded', () => {
  it('a wait on an expired backup ends at once as a failure that names it', async () => {
    simulator = await startSimulator()
    const expired = simulator.seed({ planetId: 'dev1', status: 'expired' }).id
    const waited = await run({ operation: 'wait', backupId: expired, waitTimeout: '20s' })

    expect(waited.exitCode).toBe(1)
    expect(simulator.count('get')).toBe(1)
    expect(failure(waited)).toMatch(
      new RegExp(
        `^Backup ${expired} of planet dev1 will never succeed \\(status "expired"\\): the API gave no error message\\. Next: `
      )
    )
  })

  it('prune deletes a timed-out backup as failed; " succeeded " is succeeded for ensure and latest', async () => {
    simulator = await startSimulator()
    const timedOut = simulator.seed({ planetId: 'dev1', status: 'timed_out', ageMs: 9 * DAY }).id
    const spaced = simulator.seed({ planetId: 'dev1', status: ' Succeeded ', ageMs: HOUR }).id
    const pruned = await run({
      operation: 'prune',
      nameFilter: '*',
      planetId: 'dev1',
      olderThan: '7d'
    })
    expect(deleted(pruned)).toEqual([timedOut])

    const listed = await run({ operation: 'list', planetId: 'dev1' })
    expect(listed.outputs.latestBackupId).toBe(spaced)
    const ensured = await run({ operation: 'ensure', planetId: 'dev1' })
    expect(ensured.outputs).toMatchObject({ reused: 'true', backupId: spaced })
  })
})

describe('6. smaller', () => {
  it('create with wait: false whose answer is already failed fails the step, naming it', async () => {
    simulator = await startSimulator({ backupDurationMs: 0, failingPlanets: { uat: 'no space' } })
    const created = await run({ operation: 'create', planetId: 'uat', wait: 'false' })

    expect(created.exitCode).toBe(1)
    expect(created.outputs.status).toBe('failed')
    expect(failure(created)).toContain(`Backup ${created.outputs.backupId} of planet uat failed`)
  })

  it('delete with ignoreNotFound counts 410 Gone as deleted', async () => {
    simulator = await startSimulator()
    simulator.addFault({
      route: 'delete',
      action: 'status',
      status: 410,
      body: { message: 'Gone' }
    })
    const result = await run({ operation: 'delete', backupId: '77', ignoreNotFound: 'true' })

    expect(result.exitCode).toBe(0)
    expect(result.outputs).toEqual({ backupId: '77', status: 'deleted' })
  })

  it('the same id twice in a list counts once toward keepLast', async () => {
    simulator = await startSimulator()
    const seeded = [1, 2, 3].map(days => simulator.seed({ planetId: 'dev1', ageMs: days * DAY }))
    const views = seeded.map(backup => simulator.view(backup))
    simulator.addFault({
      route: 'listPlanet',
      action: 'status',
      status: 200,
      body: [views[0], views[0], views[1], views[2]]
    })
    const pruned = await run({
      operation: 'prune',
      nameFilter: '*',
      planetId: 'dev1',
      keepLast: '2'
    })

    expect(deleted(pruned)).toEqual([seeded[2].id])
  })

  it('mechanism is compared without case, and a backup that names none is not reused', async () => {
    simulator = await startSimulator({ backupDurationMs: 500 })
    const capital = simulator.seed({ planetId: 'dev1', mechanism: 'Logical', ageMs: 2 * HOUR }).id
    const reused = await run({ operation: 'ensure', planetId: 'dev1' })
    expect(reused.outputs).toMatchObject({ reused: 'true', backupId: capital })

    simulator.remove(capital)
    simulator.seed({ planetId: 'dev1', mechanism: '', ageMs: HOUR })
    const created = await run({ operation: 'ensure', planetId: 'dev1' })
    expect(created.outputs.reused).toBe('false')
  })
})
