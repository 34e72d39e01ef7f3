/**
 * In-process, on a clock that skips backoff (the bundle's smoke tests: e2e/adoption.test.ts).
 * A backup this step did not make is never taken for its own: with a fixed `metadataName` that an
 * older backup already carries, every path that looks for a create by its name (a 502, a lost
 * answer, a 202 without a body, a late answer, 408 and 424) finds only this step's backup.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { OUTLASTS_A_LATE_CREATE, runInProcess, type InProcessRun } from '../fixtures/in-process.js'
import type { FaultRule, Simulator, SimulatorOptions } from '../../simulator/server.js'
import { clientCredentials, failure, startSimulator, TENANT } from '../helpers/e2e.js'

const NAME = 'pre-deploy'
const TWO_DAYS = 48 * 3_600_000
let simulator: Simulator
afterEach(async () => simulator?.stop())

/** A planet with a two-day-old backup named `pre-deploy`; a create of that name meets `faults`. */
async function createOverAnOldNamesake(
  faults: FaultRule[],
  options: SimulatorOptions = {},
  inputs: Record<string, string> = {}
): Promise<{ run: InProcessRun; old: string; created: string[] }> {
  simulator = await startSimulator({ backupDurationMs: 1500, faults, ...options })
  const old = simulator.seed({ planetId: 'dev1', name: NAME, ageMs: TWO_DAYS }).id
  const run = await runInProcess(simulator, {
    operation: 'create',
    planetId: 'dev1',
    metadataName: NAME,
    ...inputs
  })
  const created = simulator
    .list()
    .map(backup => String(backup.id))
    .filter(id => id !== old)
  return { run, old, created }
}

describe('a fixed metadataName that an older backup already has', () => {
  it('a 502 (the server did not act): makes its own backup and outputs its id', async () => {
    const { run, old, created } = await createOverAnOldNamesake([
      { route: 'create', action: 'status', status: 502 }
    ])

    expect(run.exitCode).toBe(0)
    expect(created).toHaveLength(1)
    expect(run.outputs.backupId).toBe(created[0])
    expect(run.outputs.backupId).not.toBe(old)
    expect(run.outputs.status).toBe('succeeded')
    expect(run.outputs.otherBackupIds).toBe('[]')
    expect(run.warnings).toEqual([])
  })

  it('a lost answer (the server acted): adopts the new backup, not the old one', async () => {
    const { run, old, created } = await createOverAnOldNamesake([
      { route: 'create', action: 'drop-after' }
    ])

    expect(run.exitCode).toBe(0)
    expect(simulator.count('create')).toBe(1)
    expect(created).toHaveLength(1)
    expect(run.outputs.backupId).toBe(created[0])
    expect(run.outputs.backupId).not.toBe(old)
  })

  it('a 202 without a body: finds the new backup, not the old one', async () => {
    const { run, old, created } = await createOverAnOldNamesake([], {
      createAnswersWithoutBody: true
    })

    expect(run.exitCode).toBe(0)
    expect(simulator.count('create')).toBe(1)
    expect(run.outputs.backupId).toBe(created[0])
    expect(run.outputs.backupId).not.toBe(old)
  })

  it('a create acted on late: the warning and otherBackupIds name the late twin, never the old one', async () => {
    const { run, old, created } = await createOverAnOldNamesake(
      [{ route: 'create', action: 'delay', delayMs: 2000 }],
      { backupDurationMs: OUTLASTS_A_LATE_CREATE.backupDurationMs },
      { requestTimeout: '1s', waitTimeout: OUTLASTS_A_LATE_CREATE.waitTimeout }
    )

    expect(run.exitCode).toBe(0)
    expect(created).toHaveLength(2)
    const late = created.find(id => id !== run.outputs.backupId)
    expect(JSON.parse(run.outputs.otherBackupIds)).toEqual([late])
    expect(run.warnings).toHaveLength(1)
    expect(run.warnings[0]).toContain(`The platform also made backup(s) ${late} of planet dev1`)
    expect(run.warnings[0]).not.toContain(old)
    expect(run.summary).toContain(`| \`${late}\` |`)
    expect(run.summary).not.toContain(`\`${old}\``)
  })

  it('says once, in the log, that older backups carry the name', async () => {
    const { run, old } = await createOverAnOldNamesake([])

    expect(run.exitCode).toBe(0)
    const notes = run.stdout.split('\n').filter(line => line.includes('already carry the name'))
    expect(notes).toEqual([
      `Backup(s) ${old} of planet dev1 already carry the name "${NAME}": none of them will be taken ` +
        "for this step's. A name unique per run attempt (or the default) lets a retried create " +
        'find its own backup by name.'
    ])
  })

  it('ensure with the fixed name lists the planet once and never adopts the old backup', async () => {
    simulator = await startSimulator({
      backupDurationMs: 1000,
      faults: [{ route: 'create', action: 'drop-after' }]
    })
    const old = simulator.seed({ planetId: 'dev1', name: NAME, ageMs: TWO_DAYS }).id
    const run = await runInProcess(simulator, {
      operation: 'ensure',
      planetId: 'dev1',
      metadataName: NAME
    })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.reused).toBe('false')
    expect(run.outputs.backupId).not.toBe(old)
    expect(simulator.list()).toHaveLength(2)
    // One list to look for a fresh backup (also the ids named before), one after the lost answer,
    // one after the wait to look for a late twin.
    expect(simulator.count('listPlanet')).toBe(3)
  })
})

describe('documented error codes (Guidewire troubleshooting): 408 and 424 mean "try again"', () => {
  it('a create answered 424 looks for the backup, then sends again: exactly one backup', async () => {
    const { run, created } = await createOverAnOldNamesake([
      { route: 'create', action: 'status', status: 424, body: { message: 'Failed Dependency' } }
    ])

    expect(run.exitCode).toBe(0)
    expect(created).toHaveLength(1)
    expect(run.outputs.backupId).toBe(created[0])
    expect(simulator.requests.map(r => r.route).slice(0, 4)).toEqual([
      'listPlanet',
      'create',
      'listPlanet',
      'create'
    ])
  })

  it('a get answered 408 is retried: the wait succeeds with exactly one backup', async () => {
    simulator = await startSimulator({
      backupDurationMs: 1000,
      faults: [
        { route: 'get', action: 'status', status: 408, body: { message: 'Request Timeout' } }
      ]
    })
    const run = await runInProcess(simulator, { operation: 'create', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    expect(simulator.list()).toHaveLength(1)
    expect(run.stdout).toContain('failed (HTTP 408 Request Timeout: Request Timeout); retrying')
  })

  it('a 503 that outlasts the retries points at the health check', async () => {
    simulator = await startSimulator({
      faults: [{ route: 'listPlanet', action: 'status', status: 503, retryAfter: '0', times: 0 }]
    })
    const run = await runInProcess(simulator, { operation: 'list', planetId: 'dev1' })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain(
      `The Database API says it is temporarily unavailable: try again in a few minutes, and see its health check, GET ${simulator.url}/management/health (operation "check").`
    )
  })

  it("a token endpoint's 503 is not blamed on the Database API", async () => {
    simulator = await startSimulator({
      faults: [{ route: 'token', action: 'status', status: 503, retryAfter: '0', times: 0 }]
    })
    const run = await runInProcess(simulator, {
      ...clientCredentials(simulator),
      operation: 'get',
      backupId: '1000'
    })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain(
      `Could not get an access token from ${simulator.tokenUrl} (scope "tenant.${TENANT} gcc.deployments.read"): HTTP 503 Service Unavailable: Injected fault (gave up after 6 attempts).`
    )
    expect(failure(run)).not.toContain('Database API')
    expect(failure(run)).not.toContain('/management/health')
    expect(simulator.count('get')).toBe(0)
  })
})
