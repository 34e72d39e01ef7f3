/**
 * Adoption under pressure: a partial first page, two twins, another planet's namesake, two
 * spellings of one name, a failed backup with a twin, a 202 with a `Location`.
 * In-process, on a clock that skips backoff; a list that lags in real time is an end-to-end test
 * (e2e/adoption.test.ts). Each scenario failed against the bundle of 4ec3e06 when it was e2e.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { OUTLASTS_A_LATE_CREATE, runInProcess, type InProcessRun } from '../fixtures/in-process.js'
import type { Simulator } from '../../simulator/server.js'
import { failure, startSimulator } from '../helpers/e2e.js'

const NAME = 'pre-deploy'
const DAY = 86_400_000
let simulator: Simulator
afterEach(async () => simulator?.stop())

const ids = (): string[] => simulator.list().map(backup => String(backup.id))
const others = (run: InProcessRun): string[] =>
  (JSON.parse(run.outputs.otherBackupIds) as string[]).sort()
const pause = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

describe('1. a partial first page', () => {
  it('after an ambiguous failure, an old namesake that was on no page is not adopted', async () => {
    simulator = await startSimulator()
    const unrelated = simulator.seed({ planetId: 'dev1', name: 'nightly', ageMs: DAY })
    const old = simulator.seed({ planetId: 'dev1', name: NAME, ageMs: 30 * DAY }).id
    simulator.addFault({
      route: 'listPlanet',
      action: 'status',
      status: 200,
      body: { backups: [simulator.view(unrelated)], total: 5, next: 'page-2' }
    })
    simulator.addFault({ route: 'create', action: 'status', status: 502 })
    const run = await runInProcess(simulator, {
      operation: 'create',
      planetId: 'dev1',
      metadataName: NAME
    })

    expect(run.exitCode).toBe(1)
    expect(run.outputs.backupId ?? '').not.toBe(old)
    expect(failure(run)).toContain(
      "the action cannot tell which backup is this step's: the list before the create was one page of several"
    )
    expect(failure(run)).toContain(`Look for a backup named "${NAME}" on planet dev1.`)
    expect(simulator.count('create')).toBe(1)
  })
})

describe('2. two new namesakes stop the step', () => {
  it('two runs whose creates meet "504 after acting" make two backups, and each names both', async () => {
    simulator = await startSimulator({
      faults: [{ route: 'create', action: 'status-after', status: 504, delayMs: 1500, times: 0 }]
    })
    const inputs = { operation: 'create', planetId: 'dev1', metadataName: NAME }
    const runs = await Promise.all([
      runInProcess(simulator, inputs),
      runInProcess(simulator, inputs)
    ])

    expect(simulator.count('create')).toBe(2)
    expect(ids()).toHaveLength(2)
    for (const run of runs) {
      expect(run.exitCode).toBe(1)
      expect(others(run)).toEqual(ids().sort())
      expect(failure(run)).toContain('2 new backups carry the name')
      expect(failure(run)).toContain('It sends no further create.')
      for (const id of ids()) expect(run.summary).toContain(`| \`${id}\` |`)
    }
  })
})

describe("3. another planet's namesake", () => {
  it('matrix legs dev1 and dev2 with one name: dev1, after a 502, makes its own', async () => {
    simulator = await startSimulator({
      ignorePlanetFilter: true,
      faults: [{ route: 'create', planetId: 'dev1', action: 'status', status: 502, delayMs: 1500 }]
    })
    const leg = (planetId: string): Promise<InProcessRun> =>
      runInProcess(simulator, { operation: 'create', planetId, metadataName: NAME, wait: 'false' })
    const [dev1, dev2] = await Promise.all([leg('dev1'), pause(500).then(() => leg('dev2'))])

    expect([dev1.exitCode, dev2.exitCode]).toEqual([0, 0])
    expect(dev1.outputs.backupId).not.toBe(dev2.outputs.backupId)
    expect(JSON.parse(dev1.outputs.backup)).toMatchObject({ environment: { name: 'dev1' } })
    expect(JSON.parse(dev2.outputs.backup)).toMatchObject({ environment: { name: 'dev2' } })
    expect(simulator.count('create')).toBe(3)
  })
})

describe('4. one spelling of a name', () => {
  it('a server that lower-cases names: the old pre-deploy is neither adopted nor a twin', async () => {
    simulator = await startSimulator({
      lowerCaseNames: true,
      faults: [{ route: 'create', action: 'drop-after' }]
    })
    const old = simulator.seed({ planetId: 'dev1', name: NAME, ageMs: 30 * DAY }).id
    const run = await runInProcess(simulator, {
      operation: 'create',
      planetId: 'dev1',
      metadataName: 'Pre-Deploy'
    })

    expect(run.exitCode).toBe(0)
    expect(simulator.count('create')).toBe(1)
    expect(run.outputs.backupId).not.toBe(old)
    expect(run.outputs.otherBackupIds).toBe('[]')
    expect(run.warnings).toEqual([])
  })
})

describe('5. twins are named however the step ends', () => {
  it("when the step's own backup fails, the late twin is in otherBackupIds", async () => {
    simulator = await startSimulator({
      backupDurationMs: OUTLASTS_A_LATE_CREATE.backupDurationMs,
      failingPlanets: { dev1: 'pg_dump: too many connections' },
      faults: [{ route: 'create', action: 'delay', delayMs: 2000 }]
    })
    const run = await runInProcess(simulator, {
      operation: 'create',
      planetId: 'dev1',
      requestTimeout: '1s',
      waitTimeout: OUTLASTS_A_LATE_CREATE.waitTimeout
    })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain('pg_dump: too many connections')
    const twins = ids().filter(id => id !== run.outputs.backupId)
    expect(twins).toHaveLength(1)
    expect(others(run)).toEqual(twins)
  })
})

describe('6. a 202 without a body', () => {
  it("with a Location: the backup it names is fetched at the action's own URL", async () => {
    simulator = await startSimulator({
      createAnswersWithoutBody: true,
      createLocation: true,
      listLagMs: 60_000
    })
    const run = await runInProcess(simulator, { operation: 'create', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.backupId).toBe(ids()[0])
    expect(simulator.count('listPlanet')).toBe(0)
  })
})
