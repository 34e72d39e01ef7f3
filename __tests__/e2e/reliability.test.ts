import { afterEach, describe, expect, it } from '@jest/globals'
import type { ActionRun } from '../../scripts/runner.js'
import type { FaultRule, Simulator } from '../../simulator/server.js'
import { failure, startSimulator, act } from '../helpers/e2e.js'

let simulator: Simulator
afterEach(async () => simulator?.stop())

/** Creates a backup and waits for it, with `faults` in the way. */
async function createThrough(
  faults: FaultRule[],
  inputs: Record<string, string> = {}
): Promise<ActionRun> {
  simulator = await startSimulator({ backupDurationMs: 2500, faults })
  return act(simulator, { operation: 'create', planetId: 'dev1', ...inputs })
}

/** Exactly one backup exists, and the outputs name it. */
function expectOneBackupNamed(run: ActionRun): string {
  const backups = simulator.list()
  expect(backups).toHaveLength(1)
  const id = String(backups[0].id)
  expect(run.outputs.backupId).toBe(id)
  return id
}

const retryLines = (run: ActionRun): string[] =>
  run.stdout.split('\n').filter(line => /attempt \d+ of \d+ failed/.test(line))

describe('retries without duplicates', () => {
  it('POST answered 503 once: looks for the backup first (a 503 may have acted), one backup', async () => {
    const run = await createThrough([{ route: 'create', action: 'status', status: 503 }])

    expect(run.exitCode).toBe(0)
    expectOneBackupNamed(run)
    expect(simulator.count('create')).toBe(2)
    expect(simulator.requests.map(r => r.route).slice(0, 3)).toEqual([
      'create',
      'listPlanet',
      'create'
    ])
    expect(retryLines(run)).toEqual([
      expect.stringMatching(
        /^create a backup of planet dev1 in star system pc: attempt 1 of 6 failed \(HTTP 503 Service Unavailable: Injected fault\); retrying in \d+ms$/
      )
    ])
  })

  it('POST answered 500 twice: looks for the backup before each new POST, one backup', async () => {
    const run = await createThrough([{ route: 'create', action: 'status', status: 500, times: 2 }])

    expect(run.exitCode).toBe(0)
    expectOneBackupNamed(run)
    expect(simulator.count('create')).toBe(3)
    expect(simulator.requests.map(r => r.route).slice(0, 5)).toEqual([
      'create',
      'listPlanet',
      'create',
      'listPlanet',
      'create'
    ])
    expect(retryLines(run)).toHaveLength(2)
  })

  it('POST whose connection drops after the backup was created: adopts it, one backup', async () => {
    const run = await createThrough([{ route: 'create', action: 'drop-after' }])

    expect(run.exitCode).toBe(0)
    expectOneBackupNamed(run)
    expect(simulator.count('create')).toBe(1)
    // Once to adopt the backup, once after the wait to look for a late twin.
    expect(simulator.count('listPlanet')).toBe(2)
    expect(run.warnings).toEqual([])
    expect(run.outputs.status).toBe('succeeded')
    expect(retryLines(run)[0]).toContain('connection lost')
  })

  it('POST that times out after acting: adopts the backup, one backup', async () => {
    const run = await createThrough([{ route: 'create', action: 'hang-after', delayMs: 3000 }], {
      requestTimeout: '1s'
    })

    expect(run.exitCode).toBe(0)
    expectOneBackupNamed(run)
    expect(simulator.count('create')).toBe(1)
    expect(retryLines(run)[0]).toContain('no answer within 1.0s')
  })

  it('POST acted on only after it timed out: the late second backup is named, not hidden', async () => {
    const run = await createThrough([{ route: 'create', action: 'delay', delayMs: 2500 }], {
      requestTimeout: '1s'
    })

    expect(run.exitCode).toBe(0)
    const ids = simulator.list().map(backup => String(backup.id))
    expect(ids).toHaveLength(2)
    const late = ids.find(id => id !== run.outputs.backupId)
    expect(run.warnings).toEqual([
      expect.stringContaining(
        `The platform also made backup(s) ${late} of planet dev1 named "${(simulator.list()[0].metadata as { name: string }).name}"`
      )
    ])
    expect(run.summary).toContain(`| \`${late}\` |`)
  })

  it('POST answered 500, then the lookup answered 503: looks again before any new POST', async () => {
    const run = await createThrough([
      { route: 'create', action: 'status', status: 500 },
      { route: 'listPlanet', action: 'status', status: 503, retryAfter: '0', times: 6 }
    ])

    expect(run.exitCode).toBe(0)
    expectOneBackupNamed(run)
    expect(simulator.requests.map(r => r.route).slice(0, 3)).toEqual([
      'create',
      'listPlanet',
      'listPlanet'
    ])
    expect(simulator.count('create')).toBe(2)
    expect(retryLines(run).join('\n')).toContain("could not check for an earlier attempt's effect")
  })

  it('POST answered 502 until waitTimeout: fails naming the backup name to look for', async () => {
    const run = await createThrough(
      [{ route: 'create', action: 'status', status: 502, times: 0 }],
      {
        waitTimeout: '2s',
        metadataName: 'release-42-dev1'
      }
    )

    expect(run.exitCode).toBe(1)
    expect(simulator.list()).toEqual([])
    expect(run.outputs).toEqual({})
    expect(failure(run)).toMatch(
      /^Could not create a backup of planet dev1 in star system pc: HTTP 502 Bad Gateway: Injected fault \(attempt \d; no time left to try again\)\. The server may have acted on the request\. Look for a backup named "release-42-dev1" on planet dev1\.$/
    )
    // Stopped by the deadline, not by running out of attempts (those would take ~15 s of backoff).
    expect(simulator.count('create')).toBeLessThan(6)
  })

  it('GET answered 429 with Retry-After: 2: the next GET comes no sooner', async () => {
    const run = await createThrough([
      {
        route: 'get',
        action: 'status',
        status: 429,
        retryAfter: '2',
        body: { message: 'Slow down' }
      }
    ])

    expect(run.exitCode).toBe(0)
    expectOneBackupNamed(run)
    const gets = simulator.requests.filter(r => r.route === 'get')
    expect(gets[0].status).toBe(429)
    expect(gets[1].at - gets[0].at).toBeGreaterThanOrEqual(2000)
    expect(retryLines(run)[0]).toMatch(
      /HTTP 429 Too Many Requests: Slow down\); retrying in 2\.0s as Retry-After asks$/
    )
  })

  it('GET answered 502 twice, then a reset, then a broken body: gets through', async () => {
    const run = await createThrough([
      { route: 'get', action: 'status', status: 502, times: 2 },
      { route: 'get', skip: 2, action: 'drop-before' },
      { route: 'get', skip: 3, action: 'broken-body' }
    ])

    expect(run.exitCode).toBe(0)
    expectOneBackupNamed(run)
    expect(run.outputs.status).toBe('succeeded')
    const reasons = retryLines(run).join('\n')
    expect(reasons).toContain('HTTP 502 Bad Gateway')
    expect(reasons).toContain('connection lost')
    expect(reasons).toContain('HTTP 200 with a broken body')
  })

  it('GET answered 204 with no body: treated as broken and sent again', async () => {
    const run = await createThrough([{ route: 'get', action: 'status', status: 204 }])

    expect(run.exitCode).toBe(0)
    expectOneBackupNamed(run)
    expect(retryLines(run)[0]).toContain('HTTP 204 with a broken body')
  })

  it('GET that hangs past the request timeout: abandoned and sent again', async () => {
    const run = await createThrough([{ route: 'get', action: 'delay', delayMs: 30_000 }], {
      requestTimeout: '1s'
    })

    expect(run.exitCode).toBe(0)
    expectOneBackupNamed(run)
    expect(retryLines(run)[0]).toContain('no answer within 1.0s')
    // Generous: the proof is the retry line; a wait for the 30 s answer would exceed it.
    expect(run.durationMs).toBeLessThan(25_000)
  })
})

describe('what is not retried', () => {
  it('401 fails within two requests', async () => {
    const run = await createThrough([
      { route: 'get', action: 'status', status: 401, body: { message: 'Token expired' } }
    ])

    expect(run.exitCode).toBe(1)
    const id = expectOneBackupNamed(run)
    expect(simulator.count('get')).toBeLessThanOrEqual(2)
    expect(failure(run)).toBe(
      `Could not get backup ${id} in star system pc: HTTP 401 Unauthorized: Token expired`
    )
  })

  it('403 fails at once with the API message: no retry storm', async () => {
    const run = await createThrough([
      {
        route: 'get',
        action: 'status',
        status: 403,
        body: { error: 'forbidden', message: 'Planet dev1 is locked for maintenance' }
      }
    ])

    expect(run.exitCode).toBe(1)
    const id = expectOneBackupNamed(run)
    expect(simulator.count('get')).toBe(1)
    expect(failure(run)).toBe(
      `Could not get backup ${id} in star system pc: HTTP 403 Forbidden: Planet dev1 is locked for maintenance — forbidden`
    )
    expect(retryLines(run)).toEqual([])
  })

  it('a POST answered 400 is not sent again', async () => {
    const run = await createThrough([
      { route: 'create', action: 'status', status: 400, body: { detail: 'Planet class mismatch' } }
    ])

    expect(run.exitCode).toBe(1)
    expect(simulator.list()).toHaveLength(0)
    expect(simulator.count('create')).toBe(1)
    expect(failure(run)).toBe(
      'Could not create a backup of planet dev1 in star system pc: HTTP 400 Bad Request: Planet class mismatch'
    )
  })
})

describe('cancellation', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s during a wait stops at once, naming the backup',
    async signal => {
      simulator = await startSimulator({ backupDurationMs: 8000 })
      const run = await act(
        simulator,
        { operation: 'create', planetId: 'dev1' },
        { interrupt: { when: /Backup \d+: in_progress/, signal } }
      )

      expect(run.signalledAtMs).toBeDefined()
      // Well inside the runner's 7.5 s between SIGINT and SIGTERM, on a loaded two-core machine.
      expect(run.durationMs - (run.signalledAtMs ?? 0)).toBeLessThan(6000)
      expect(run.exitCode).toBe(1)
      const id = expectOneBackupNamed(run)
      expect(run.outputs.status).toBe('in_progress')
      expect(failure(run)).toBe(
        `Cancelled (${signal}) while waiting for backup ${id} (last status "in_progress"). The backup goes on on the platform.`
      )
      expect(run.summary).toContain(`cancelled while waiting for backup ${id}`)
    }
  )

  it('SIGINT before the create was answered names the backup it may leave behind', async () => {
    simulator = await startSimulator({
      faults: [{ route: 'create', action: 'delay', delayMs: 5000 }]
    })
    const run = await act(
      simulator,
      { operation: 'create', planetId: 'dev1', metadataName: 'release-42-dev1' },
      { interrupt: { when: /Creating a temporary/, signal: 'SIGINT' } }
    )

    expect(run.durationMs - (run.signalledAtMs ?? 0)).toBeLessThan(6000)
    expect(run.exitCode).toBe(1)
    expect(run.outputs).toEqual({})
    expect(failure(run)).toBe(
      'Cancelled (SIGINT) during create before the backup\'s id was known: a backup named "release-42-dev1" may still appear on the platform.'
    )
  })
})
