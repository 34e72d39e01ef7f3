/**
 * The transport's fault scenarios in-process, on a clock that skips backoff: a create through
 * faults before and after the server acted leaves exactly one backup, named by the outputs, or
 * fails saying what to look for. The end-to-end group keeps a few of them as smoke tests of the
 * bundle (e2e/reliability.test.ts).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { FaultRule, Simulator } from '../../simulator/server.js'
import { expectOneBackupNamed, startSimulator } from '../helpers/e2e.js'
import { OUTLASTS_A_LATE_CREATE, runInProcess, type InProcessRun } from '../fixtures/in-process.js'

let simulator: Simulator
afterEach(async () => simulator?.stop())

/** Creates a backup of dev1 and waits for it, with `faults` in the way. */
async function createThrough(
  faults: FaultRule[],
  inputs: Record<string, string> = {},
  backupDurationMs = 200
): Promise<InProcessRun> {
  simulator = await startSimulator({ backupDurationMs, faults })
  return runInProcess(simulator, { operation: 'create', planetId: 'dev1', ...inputs })
}

const routes = (): string[] => simulator.requests.map(request => request.route)

describe('a create retried without duplicates', () => {
  it('POST answered 500 twice: looks for the backup before each new POST, one backup', async () => {
    const run = await createThrough([{ route: 'create', action: 'status', status: 500, times: 2 }])

    expect(run.thrown).toBeUndefined()
    expectOneBackupNamed(simulator, run)
    expect(routes().slice(0, 5)).toEqual(['create', 'listPlanet', 'create', 'listPlanet', 'create'])
    expect(run.retries).toHaveLength(2)
    expect(run.markdown()).toContain('Retried: 2 retries after HTTP 500.')
  })

  it('POST whose connection drops after the backup was created: adopts it, one backup', async () => {
    const run = await createThrough([{ route: 'create', action: 'drop-after' }])

    expect(run.thrown).toBeUndefined()
    expectOneBackupNamed(simulator, run)
    expect(simulator.count('create')).toBe(1)
    // Once to adopt the backup, once after the wait to look for a late twin.
    expect(simulator.count('listPlanet')).toBe(2)
    expect(run.warnings).toEqual([])
    expect(run.outputs.status).toBe('succeeded')
    expect(run.retries[0]).toContain('connection lost')
  })

  it('POST that times out after acting: adopts the backup, one backup', async () => {
    const run = await createThrough([{ route: 'create', action: 'hang-after', delayMs: 3000 }], {
      requestTimeout: '1s'
    })

    expect(run.thrown).toBeUndefined()
    expectOneBackupNamed(simulator, run)
    expect(simulator.count('create')).toBe(1)
    expect(run.retries[0]).toContain('no answer within 1.0s')
  })

  it('POST acted on only after it timed out: the late second backup is named, not hidden', async () => {
    const run = await createThrough(
      [{ route: 'create', action: 'delay', delayMs: 1500 }],
      { requestTimeout: '1s', waitTimeout: OUTLASTS_A_LATE_CREATE.waitTimeout },
      OUTLASTS_A_LATE_CREATE.backupDurationMs
    )

    expect(run.thrown).toBeUndefined()
    const ids = simulator.list().map(backup => String(backup.id))
    expect(ids).toHaveLength(2)
    const late = ids.find(id => id !== run.outputs.backupId)
    expect(JSON.parse(run.outputs.otherBackupIds)).toEqual([late])
    expect(run.log.warnings).toEqual([
      expect.stringContaining(`The platform also made backup(s) ${late} of planet dev1 named "`)
    ])
    expect(run.markdown()).toContain(`| \`${late}\` |`)
  })

  it('POST answered 500, then the lookup answered 503: looks again before any new POST', async () => {
    const run = await createThrough([
      { route: 'create', action: 'status', status: 500 },
      { route: 'listPlanet', action: 'status', status: 503, retryAfter: '0', times: 6 }
    ])

    expect(run.thrown).toBeUndefined()
    expectOneBackupNamed(simulator, run)
    expect(routes().slice(0, 3)).toEqual(['create', 'listPlanet', 'listPlanet'])
    expect(simulator.count('create')).toBe(2)
    expect(run.retries.join('\n')).toContain("could not check for an earlier attempt's effect")
  })

  it('POST answered 502 until waitTimeout: fails naming the backup name to look for', async () => {
    const run = await createThrough(
      [{ route: 'create', action: 'status', status: 502, times: 0 }],
      { waitTimeout: '2s', metadataName: 'release-42-dev1' }
    )

    expect(simulator.list()).toEqual([])
    expect(run.outputs).toEqual({})
    expect(run.failure).toMatch(
      /^Could not create a backup of planet dev1 in star system pc: HTTP 502 Bad Gateway: Injected fault \(attempt \d; no time left to try again\)\. The server may have acted on the request\. Look for a backup named "release-42-dev1" on planet dev1\.$/
    )
    // Stopped by the deadline, not by running out of attempts; no backoff runs past it.
    expect(simulator.count('create')).toBeLessThan(6)
    const waited = run.clock.sleeps.reduce((sum, ms) => sum + ms, 0)
    expect(waited).toBeLessThanOrEqual(2000)
  })

  it('POST answered 502 six times with time to spare: gives up after six attempts, naming the name', async () => {
    const run = await createThrough(
      [{ route: 'create', action: 'status', status: 502, times: 0 }],
      { waitTimeout: '2h', metadataName: 'release-42-dev1' }
    )

    expect(simulator.count('create')).toBe(6)
    expect(run.failure).toMatch(/\(gave up after 6 attempts\)\. The server may have acted/)
    // Between attempts, the action looks for what an earlier one may have made.
    expect(simulator.count('listPlanet')).toBeGreaterThanOrEqual(5)
  })
})

describe('a get retried', () => {
  it('answered 429 with Retry-After: 2: the next GET comes no sooner', async () => {
    const run = await createThrough([
      {
        route: 'get',
        action: 'status',
        status: 429,
        retryAfter: '2',
        body: { message: 'Slow down' }
      }
    ])

    expect(run.thrown).toBeUndefined()
    expectOneBackupNamed(simulator, run)
    expect(run.clock.sleeps).toContain(2000)
    expect(run.retries[0]).toMatch(
      /HTTP 429 Too Many Requests: Slow down\); retrying in 2\.0s as Retry-After asks$/
    )
  })

  it('answered 502 twice, then a reset, then a broken body: gets through', async () => {
    const run = await createThrough([
      { route: 'get', action: 'status', status: 502, times: 2 },
      { route: 'get', skip: 2, action: 'drop-before' },
      { route: 'get', skip: 3, action: 'broken-body' }
    ])

    expect(run.thrown).toBeUndefined()
    expectOneBackupNamed(simulator, run)
    expect(run.outputs.status).toBe('succeeded')
    const reasons = run.retries.join('\n')
    expect(reasons).toContain('HTTP 502 Bad Gateway')
    expect(reasons).toContain('connection lost')
    expect(reasons).toContain('HTTP 200 with a broken body')
    expect(run.markdown()).toMatch(
      /^Retried: 2 retries after HTTP 502, 1 retry after a network error, 1 retry after HTTP 200\.$/m
    )
  })

  it('answered 204 with no body: treated as broken and sent again', async () => {
    const run = await createThrough([{ route: 'get', action: 'status', status: 204 }])

    expect(run.thrown).toBeUndefined()
    expectOneBackupNamed(simulator, run)
    expect(run.retries[0]).toContain('HTTP 204 with a broken body')
  })

  it('that hangs past the request timeout: abandoned and sent again', async () => {
    const run = await createThrough([{ route: 'get', action: 'delay', delayMs: 30_000 }], {
      requestTimeout: '1s'
    })

    expect(run.thrown).toBeUndefined()
    expectOneBackupNamed(simulator, run)
    expect(run.retries[0]).toContain('no answer within 1.0s')
  })
})

describe('a network that does not answer', () => {
  it('a refused connection is retried, then names baseUrl', async () => {
    simulator = await startSimulator()
    const run = await runInProcess(simulator, {
      operation: 'get',
      backupId: '1',
      baseUrl: 'http://127.0.0.1:1',
      requestTimeout: '2s'
    })

    expect(run.retries).toHaveLength(5)
    expect(run.failure).toContain(
      'Nothing answered at http://127.0.0.1:1: check baseUrl (or region)'
    )
    expect(run.headline).toBe('❌ GWCP get of backup 1 failed')
  })
})

describe('what is not retried', () => {
  it('a 403 fails at once with the API message: no retry storm', async () => {
    const run = await createThrough([
      {
        route: 'get',
        action: 'status',
        status: 403,
        body: { error: 'forbidden', message: 'Planet dev1 is locked for maintenance' }
      }
    ])

    const id = expectOneBackupNamed(simulator, run)
    expect(simulator.count('get')).toBe(1)
    expect(run.failure).toBe(
      `Could not get backup ${id} in star system pc: HTTP 403 Forbidden: Planet dev1 is locked for maintenance — forbidden`
    )
    expect(run.retries).toEqual([])
  })

  it('a POST answered 400 is not sent again', async () => {
    const run = await createThrough([
      { route: 'create', action: 'status', status: 400, body: { detail: 'Planet class mismatch' } }
    ])

    expect(simulator.list()).toHaveLength(0)
    expect(simulator.count('create')).toBe(1)
    expect(run.failure).toBe(
      'Could not create a backup of planet dev1 in star system pc: HTTP 400 Bad Request: Planet class mismatch'
    )
  })
})
