import { describe, expect, it } from '@jest/globals'
import type { DatabaseApi } from '../../src/api/client.js'
import { ApiError, BackupFailedError } from '../../src/errors.js'
import type { Backup } from '../../src/api/types.js'
import type { OperationContext } from '../../src/operations/context.js'
import { waitUntilSucceeded } from '../../src/operations/wait.js'
import { checkDelayMs } from '../../src/poll-schedule.js'
import { aBackup } from '../fixtures/backups.js'
import { FakeClock, operationContext, recordingLog, recordingReport } from '../fixtures/contexts.js'

describe('checkDelayMs', () => {
  it('checks after about a second, then backs off to the poll interval', () => {
    const delays = Array.from({ length: 12 }, (_, check) => checkDelayMs(check, 30_000))
    expect(delays).toEqual([
      1000, 1000, 1500, 2250, 3375, 5063, 7594, 11391, 17086, 25629, 30000, 30000
    ])
  })

  it('never waits longer than the poll interval', () => {
    expect(checkDelayMs(0, 1000)).toBe(1000)
    expect(checkDelayMs(5, 2000)).toBe(2000)
  })

  it('sees a 3 s backup within a second of its end, and a 10-minute one in under 40 checks', () => {
    const checksUntil = (doneMs: number): { checks: number; lateMs: number } => {
      let t = 0
      let check = 0
      while (t < doneMs) t += checkDelayMs(check++, 30_000)
      return { checks: check, lateMs: t - doneMs }
    }
    expect(checksUntil(3000).lateMs).toBeLessThanOrEqual(1000)
    expect(checksUntil(3000).checks).toBeLessThanOrEqual(8)
    expect(checksUntil(600_000).checks).toBeLessThanOrEqual(40)
  })
})

/** A Database API that answers `getBackup` from a script of statuses (or errors). */
function scriptedApi(script: Array<Partial<Backup> | Error>): {
  api: DatabaseApi
  calls: () => number
} {
  let calls = 0
  const api = {
    getBackup: async (id: string) => {
      const next = script[Math.min(calls++, script.length - 1)]
      if (next instanceof Error) throw next
      return aBackup({ id, ...next })
    }
  } as unknown as DatabaseApi
  return { api, calls: () => calls }
}

function context(
  api: DatabaseApi,
  clock: FakeClock
): {
  ctx: OperationContext
  outputs: Array<[string, string]>
  warnings: string[]
} {
  const { outputs, summary, sets } = recordingReport()
  const log = recordingLog()
  const ctx = operationContext({ api, outputs, summary, log, clock })
  return { ctx, outputs: sets, warnings: log.warnings }
}

describe('waitUntilSucceeded', () => {
  const policy = { timeoutMs: 60_000, pollIntervalMs: 30_000 }
  const pending = aBackup({ id: '362', status: 'pending', displayStatus: 'queued' })

  it('returns the backup once it has succeeded, checking on the adaptive schedule', async () => {
    const clock = new FakeClock()
    const { api, calls } = scriptedApi([
      { status: 'pending' },
      { status: 'in_progress' },
      { status: 'succeeded' }
    ])
    const { ctx, outputs } = context(api, clock)

    const done = await waitUntilSucceeded(ctx, pending, policy)

    expect(done.status).toBe('succeeded')
    expect(calls()).toBe(3)
    expect(clock.sleeps).toEqual([1000, 1000, 1500])
    // Outputs change with the status only: pending, in_progress, succeeded.
    expect(outputs.filter(([name]) => name === 'status').map(([, v]) => v)).toEqual([
      'pending',
      'in_progress',
      'succeeded'
    ])
  })

  it.each(['deleted', 'Deleting', ' expired ', 'REJECTED', 'timed_out', 'timeout', 'unsuccessful'])(
    'stops at once on status %j, which can never become succeeded',
    async status => {
      const clock = new FakeClock()
      const { api, calls } = scriptedApi([{ status }])
      const { ctx } = context(api, clock)
      await expect(waitUntilSucceeded(ctx, pending, policy)).rejects.toThrow(`(status "${status}")`)
      expect(calls()).toBe(1)
      expect(clock.sleeps).toEqual([1000])
    }
  )

  it('fails with the API error message when the backup fails', async () => {
    const clock = new FakeClock()
    const { api } = scriptedApi([{ status: 'failed', errorMessage: 'disk full', planet: 'qa' }])
    const { ctx } = context(api, clock)

    const waiting = waitUntilSucceeded(ctx, pending, policy)
    await expect(waiting).rejects.toThrow(BackupFailedError)
    await expect(waiting).rejects.toThrow(
      'Backup 362 of planet qa failed (status "failed"): disk full'
    )
  })

  it('times out exactly at waitTimeout, after a last check, naming the last status', async () => {
    const clock = new FakeClock()
    const { api, calls } = scriptedApi([{ status: 'in_progress', displayStatus: 'in progress' }])
    const { ctx } = context(api, clock)
    const started = clock.now()

    await expect(
      waitUntilSucceeded(ctx, pending, { timeoutMs: 10_000, pollIntervalMs: 30_000 })
    ).rejects.toThrow(
      'Backup 362 has not succeeded within waitTimeout 10s (last status "in_progress", "in progress"). It goes on on the platform'
    )
    expect(clock.now() - started).toBe(10_000)
    expect(clock.sleeps).toEqual([1000, 1000, 1500, 2250, 3375, 875])
    expect(calls()).toBe(6)
  })

  it('keeps waiting through a passing failure of a status check', async () => {
    const clock = new FakeClock()
    const { api } = scriptedApi([
      new ApiError('Could not get backup 362: HTTP 503 Service Unavailable', {
        status: 503,
        transient: true
      }),
      { status: 'succeeded' }
    ])
    const { ctx, warnings } = context(api, clock)

    await expect(waitUntilSucceeded(ctx, pending, policy)).resolves.toMatchObject({
      status: 'succeeded'
    })
    expect(warnings).toEqual([
      'Could not get backup 362: HTTP 503 Service Unavailable; checking again on schedule'
    ])
  })

  it('stops at once on a failure that will not pass', async () => {
    const clock = new FakeClock()
    const { api, calls } = scriptedApi([
      new ApiError('Could not get backup 362: HTTP 403 Forbidden: no access', { status: 403 })
    ])
    const { ctx } = context(api, clock)

    await expect(waitUntilSucceeded(ctx, pending, policy)).rejects.toThrow('HTTP 403 Forbidden')
    expect(calls()).toBe(1)
  })

  it('returns at once, without a request, for a backup that has already succeeded', async () => {
    const clock = new FakeClock()
    const { api, calls } = scriptedApi([])
    const { ctx } = context(api, clock)

    await waitUntilSucceeded(ctx, aBackup({ status: 'succeeded' }), policy)
    expect(calls()).toBe(0)
  })
})
