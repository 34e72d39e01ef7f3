/**
 * Smoke tests of the bundle's retries and cancellation: the transport's fault scenarios run
 * in-process on a clock that skips backoff (integration/retries.test.ts); these show that the
 * bundle does the same in real time, and what only a process can show (signals).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { ActionRun } from '../../scripts/runner.js'
import type { FaultRule, Simulator } from '../../simulator/server.js'
import { act, expectOneBackupNamed, failure, startSimulator } from '../helpers/e2e.js'

let simulator: Simulator
afterEach(async () => simulator?.stop())

/** Creates a backup and waits for it, with `faults` in the way. */
async function createThrough(
  faults: FaultRule[],
  inputs: Record<string, string> = {}
): Promise<ActionRun> {
  simulator = await startSimulator({ backupDurationMs: 500, faults })
  return act(simulator, { operation: 'create', planetId: 'dev1', ...inputs })
}

const retryLines = (run: ActionRun): string[] =>
  run.stdout.split('\n').filter(line => /attempt \d+ of \d+ failed/.test(line))

describe('retries without duplicates', () => {
  it('POST answered 503 once: looks for the backup first (a 503 may have acted), one backup', async () => {
    const run = await createThrough([{ route: 'create', action: 'status', status: 503 }])

    expect(run.exitCode).toBe(0)
    expectOneBackupNamed(simulator, run)
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
    expectOneBackupNamed(simulator, run)
    const gets = simulator.requests.filter(r => r.route === 'get')
    expect(gets[0].status).toBe(429)
    expect(gets[1].at - gets[0].at).toBeGreaterThanOrEqual(2000)
    expect(retryLines(run)[0]).toMatch(
      /HTTP 429 Too Many Requests: Slow down\); retrying in 2\.0s as Retry-After asks$/
    )
  })
})

describe('what is not retried', () => {
  it('401 fails within two requests', async () => {
    const run = await createThrough([
      { route: 'get', action: 'status', status: 401, body: { message: 'Token expired' } }
    ])

    expect(run.exitCode).toBe(1)
    const id = expectOneBackupNamed(simulator, run)
    expect(simulator.count('get')).toBeLessThanOrEqual(2)
    expect(failure(run)).toBe(
      `Could not get backup ${id} in star system pc: HTTP 401 Unauthorized: Token expired`
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
      const id = expectOneBackupNamed(simulator, run)
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
