/**
 * Every operation in-process (fixtures/in-process.ts), against the simulator over HTTP: what the
 * end-to-end tests show of the bundle, where coverage and mutation testing can see it.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { AnnotatedError, BackupFailedError, WaitTimeoutError } from '../../src/errors.js'
import type { Simulator, SimulatorOptions } from '../../simulator/server.js'
import { CLIENT, clientCredentials, startSimulator } from '../helpers/e2e.js'
import { runInProcess } from '../fixtures/in-process.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
let simulator: Simulator
afterEach(async () => simulator?.stop())

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  simulator = await startSimulator({ backupDurationMs: 100, ...options })
  return simulator
}

describe('create', () => {
  it('creates a backup named for this repository and run, waits, and names it', async () => {
    await start()
    const run = await runInProcess(simulator, { operation: 'create', planetId: 'dev1' })

    expect(run.thrown).toBeUndefined()
    const [backup] = simulator.list()
    expect(simulator.list()).toHaveLength(1)
    expect(run.outputs).toMatchObject({ backupId: String(backup.id), status: 'succeeded' })
    expect((backup.metadata as { name: string }).name).toBe(
      'gha-4200-acme-policy-77-1-backup-__self-dev1-n0nce'
    )
    expect(run.markdown().split('\n')[0]).toBe(
      `### ✅ GWCP backup ${backup.id} of dev1 created and succeeded`
    )
  })

  it('a failing backup: BackupFailedError, outputs naming it, the API message in the error', async () => {
    await start({ failingPlanets: { uat: 'pg_dump: error: connection to database failed' } })
    const run = await runInProcess(simulator, { operation: 'create', planetId: 'uat' })

    const id = String(simulator.list()[0].id)
    expect(run.thrown).toBeInstanceOf(BackupFailedError)
    expect(run.outputs).toMatchObject({ backupId: id, status: 'failed' })
    expect(run.failure).toContain(`Backup ${id} of planet uat failed (status "failed")`)
    expect(run.failure).toContain('pg_dump: error: connection to database failed')
    expect(run.headline).toBe(`❌ GWCP backup ${id} of \`uat\` failed`)
  })

  it('a backup slower than waitTimeout: WaitTimeoutError naming it, its last status, and that it goes on', async () => {
    await start({ backupDurationMs: 3_600_000 })
    const run = await runInProcess(simulator, {
      operation: 'create',
      planetId: 'dev1',
      waitTimeout: '10m'
    })

    const id = String(simulator.list()[0].id)
    expect(run.thrown).toBeInstanceOf(WaitTimeoutError)
    expect(run.outputs).toMatchObject({ backupId: id, status: 'pending' })
    expect(run.failure).toContain(`Backup ${id} has not succeeded within waitTimeout 10m`)
    expect(run.failure).toContain('It goes on on the platform')
    expect(run.headline).toBe(`❌ GWCP backup ${id} of \`dev1\` is still \`pending\` after 10m`)
    // No poll was planned past the deadline.
    expect(run.clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(10 * 60_000)
  })
})

describe('ensure', () => {
  it('reuses a fresh succeeded backup of the planet: no POST', async () => {
    await start()
    simulator.seed({ planetId: 'dev1', ageMs: 30 * HOUR })
    const fresh = simulator.seed({ planetId: 'dev1', ageMs: 2 * HOUR })
    simulator.seed({ planetId: 'qa', ageMs: 60_000 })
    const run = await runInProcess(simulator, {
      operation: 'ensure',
      planetId: 'dev1',
      maxAge: '6h'
    })

    expect(run.outputs).toMatchObject({ backupId: fresh.id, reused: 'true' })
    expect(simulator.count('create')).toBe(0)
    expect(run.markdown()).toContain(`GWCP backup ${fresh.id} of dev1 reused (completed 2h ago)`)
  })

  it('creates and waits when the only backup is too old', async () => {
    await start()
    const old = simulator.seed({ planetId: 'dev1', ageMs: 2 * DAY })
    const run = await runInProcess(simulator, { operation: 'ensure', planetId: 'dev1' })

    expect(run.thrown).toBeUndefined()
    expect(run.outputs).toMatchObject({ reused: 'false', status: 'succeeded' })
    expect(run.outputs.backupId).not.toBe(old.id)
    expect(simulator.count('create')).toBe(1)
  })
})

describe('wait and get', () => {
  it('wait: follows an existing backup until it has succeeded', async () => {
    await start({ backupDurationMs: 300 })
    const created = await runInProcess(simulator, {
      operation: 'create',
      planetId: 'dev1',
      wait: 'false'
    })
    const run = await runInProcess(simulator, {
      operation: 'wait',
      backupId: created.outputs.backupId
    })

    expect(created.outputs.status).toBe('pending')
    expect(run.thrown).toBeUndefined()
    expect(run.outputs).toMatchObject({ backupId: created.outputs.backupId, status: 'succeeded' })
    expect(run.clock.sleeps.length).toBeGreaterThan(0)
  })

  it.each([
    ['expiring', ''],
    ['NOT_FAILED', ''],
    ['uploading', 'chunk 3 upload throttled, retrying']
  ])(
    'wait: a backup that is %s (errorMessage %j) goes on until its waitTimeout',
    async (status, errorMessage) => {
      await start()
      const seeded = simulator.seed({ planetId: 'dev1', status, fields: { errorMessage } })
      const run = await runInProcess(simulator, {
        operation: 'wait',
        backupId: seeded.id,
        waitTimeout: '2s',
        pollInterval: '1s'
      })

      expect(run.thrown).toBeInstanceOf(WaitTimeoutError)
      expect(run.failure).toContain(
        `has not succeeded within waitTimeout 2.0s (last status "${status}"`
      )
    }
  )

  it('wait: outputs follow a change of displayStatus alone', async () => {
    await start()
    const running = simulator.seed({ planetId: 'dev1', status: 'in_progress' })
    simulator.addFault({
      route: 'get',
      action: 'status',
      status: 200,
      body: { ...simulator.view(running), displayStatus: 'queued' }
    })
    const run = await runInProcess(simulator, {
      operation: 'wait',
      backupId: running.id,
      waitTimeout: '3s'
    })

    expect(run.thrown).toBeInstanceOf(WaitTimeoutError)
    const shown = run.sets.filter(([name]) => name === 'displayStatus').map(([, value]) => value)
    expect(shown).toEqual(['queued', 'in progress'])
    expect(JSON.parse(run.outputs.backup)).toMatchObject({ displayStatus: 'in progress' })
  })

  it('wait: an expired backup ends at once, as a failure naming it', async () => {
    await start()
    const gone = simulator.seed({ planetId: 'dev1', status: 'expired' })
    const run = await runInProcess(simulator, { operation: 'wait', backupId: gone.id })

    expect(run.thrown).toBeInstanceOf(BackupFailedError)
    expect(run.clock.sleeps).toEqual([])
    expect(run.headline).toMatch(new RegExp(`^❌ GWCP backup ${gone.id} of \`dev1\` `))
  })

  it('get: outputs one backup; an unknown one fails naming it, the status and the API message', async () => {
    await start()
    const seeded = simulator.seed({ planetId: 'dev1', ageMs: HOUR })
    const found = await runInProcess(simulator, { operation: 'get', backupId: seeded.id })
    const missing = await runInProcess(simulator, { operation: 'get', backupId: '999' })

    expect(found.outputs).toMatchObject({ backupId: seeded.id, status: 'succeeded' })
    expect(missing.failure).toBe(
      'Could not get backup 999 in star system pc: HTTP 404 Not Found: Backup 999 not found in star system pc'
    )
    expect(missing.headline).toBe('❌ GWCP get of backup 999 failed')
    expect(missing.markdown()).toContain('❌ Could not get backup 999')
  })
})

describe('delete', () => {
  it('deletes the backup it names, and only it', async () => {
    await start()
    const [gone, kept] = [1, 2].map(() => simulator.seed({ planetId: 'dev1' }).id)
    const run = await runInProcess(simulator, { operation: 'delete', backupId: gone })

    expect(run.outputs).toEqual({ backupId: gone, status: 'deleted' })
    expect(simulator.list().map(backup => String(backup.id))).toEqual([kept])
  })

  it('a missing backup fails naming ignoreNotFound; with it, counts as deleted', async () => {
    await start()
    const strict = await runInProcess(simulator, { operation: 'delete', backupId: '404' })
    const lenient = await runInProcess(simulator, {
      operation: 'delete',
      backupId: '404',
      ignoreNotFound: 'true'
    })

    expect(strict.failure).toContain('HTTP 404 Not Found: Backup 404 not found')
    expect(strict.failure).toContain('ignoreNotFound: true')
    expect(strict.outputs.status).toBeUndefined()
    expect(lenient.outputs).toEqual({ backupId: '404', status: 'deleted' })
  })
})

describe('list, prune, audit', () => {
  it('list: names the newest good backup, and its summary leads with the outcome', async () => {
    await start()
    const good = simulator.seed({ planetId: 'dev1', ageMs: DAY }).id
    simulator.seed({ planetId: 'dev1', ageMs: 0, status: 'failed' })
    const run = await runInProcess(simulator, { operation: 'list', planetId: 'dev1' })

    expect(run.outputs.latestBackupId).toBe(good)
    expect(run.markdown().split('\n')[0]).toMatch(/^### ✅ GWCP list of planet dev1: 2 backup\(s\)/)
  })

  it('prune: keeps the newest good backup of each planet, deletes the rest it manages', async () => {
    await start()
    const [newest, older] = [1, 2].map(
      days => simulator.seed({ planetId: 'dev1', ageMs: days * DAY }).id
    )
    const run = await runInProcess(simulator, {
      operation: 'prune',
      planetId: 'dev1',
      nameFilter: '*',
      keepLast: '1'
    })

    expect(run.thrown).toBeUndefined()
    expect(JSON.parse(run.outputs.deletedIds)).toEqual([older])
    expect(simulator.list().map(backup => String(backup.id))).toEqual([newest])
  })

  it('prune by default manages only this repository’s names: a hand-made backup is untouched', async () => {
    await start()
    const mine = simulator.seed({ planetId: 'dev1', ageMs: 3 * DAY, name: 'gha-4200-old' }).id
    simulator.seed({ planetId: 'dev1', ageMs: 2 * DAY, name: 'gha-4200-newer' })
    const handMade = simulator.seed({ planetId: 'dev1', ageMs: 4 * DAY, name: 'before-go-live' }).id
    const run = await runInProcess(simulator, {
      operation: 'prune',
      planetId: 'dev1',
      keepLast: '1'
    })

    expect(JSON.parse(run.outputs.deletedIds)).toEqual([mine])
    expect(simulator.list().map(backup => String(backup.id))).toContain(handMade)
  })

  it('audit: a stale planet fails with one annotation for it, and only GETs', async () => {
    await start()
    simulator.seed({ planetId: 'dev1', ageMs: DAY / 4 })
    simulator.seed({ planetId: 'qa', ageMs: 2 * DAY })
    const run = await runInProcess(simulator, { operation: 'audit' })

    expect(run.thrown).toBeInstanceOf(AnnotatedError)
    expect(run.outputs.violatingPlanets).toBe('qa')
    expect(run.log.lines.filter(line => line.startsWith('error:'))).toEqual([
      'error: Planet qa is stale: newest good backup 2d ago.'
    ])
    expect(run.markdown()).toContain('`qa` (newest good backup 2d ago)')
    expect(simulator.requests.every(request => request.method === 'GET')).toBe(true)
  })
})

describe('check', () => {
  it('client credentials and a planet: ready, and nothing written', async () => {
    await start()
    const run = await runInProcess(simulator, {
      operation: 'check',
      planetId: 'dev1',
      ...clientCredentials(simulator)
    })

    expect(run.thrown).toBeUndefined()
    expect(run.outputs.ready).toBe('true')
    const rows = JSON.parse(run.outputs.checks) as Array<{ check: string; verdict: string }>
    expect(rows.map(row => `${row.check}: ${row.verdict}`)).toEqual([
      'settings: ok',
      'service health: ok',
      'credentials: ok',
      'access to planet dev1: ok'
    ])
    expect(run.markdown().split('\n')[0]).toBe('### ✅ GWCP check: ready')
    const writes = simulator.requests.filter(r => r.route !== 'token' && r.method !== 'GET')
    expect(writes).toEqual([])
  })

  it('a refused write scope: ready to read only, the probe listing with a read-only token', async () => {
    await start({
      clients: [{ ...CLIENT, scopes: ['tenant.acme', 'gcc.deployments.read'] }]
    })
    const run = await runInProcess(simulator, {
      operation: 'check',
      ...clientCredentials(simulator)
    })

    expect(run.outputs.ready).toBe('true')
    expect(run.markdown().split('\n')[0]).toBe(
      '### ⚠️ GWCP check: ready for read-only operations (write scope refused)'
    )
    expect(simulator.count('listStarSystem')).toBe(1)
  })

  it('a wrong secret: not ready, the step fails naming the failing row', async () => {
    await start()
    const run = await runInProcess(simulator, {
      operation: 'check',
      ...clientCredentials(simulator),
      clientSecret: 'wrong-secret-1234'
    })

    expect(run.outputs.ready).toBe('false')
    expect(run.failure).toMatch(
      /^The setup is not ready: credentials: .* — check clientId and clientSecret/
    )
    expect(run.markdown().split('\n')[0]).toBe('### ❌ GWCP check: not ready (1 failing)')
  })
})
