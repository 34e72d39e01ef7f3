/**
 * Properties at the edges: what a server echoes never shows a secret, and the wait loop keeps its
 * schedule and its deadline — on random inputs. FC_SEED=<seed> replays a failure; FC_RUNS sets
 * the number of runs (default 300).
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import type { DatabaseApi } from '../../src/api/client.js'
import { judgeAnswer } from '../../src/api/retry-policy.js'
import { toBackup, type Backup } from '../../src/api/types.js'
import { ApiError, BackupFailedError, WaitTimeoutError } from '../../src/errors.js'
import { JobSummary } from '../../src/job-summary.js'
import { waitUntilSucceeded } from '../../src/operations/wait.js'
import { Secrets } from '../../src/secrets.js'
import { anAnswer } from '../fixtures/answers.js'
import { aBackup } from '../fixtures/backups.js'
import { FakeClock, operationContext, recordingLog, recordingReport } from '../fixtures/contexts.js'

const runs = Number(process.env.FC_RUNS ?? 300)
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined
fc.configureGlobal({ numRuns: runs, ...(seed !== undefined && { seed }) })

/** How many characters of a secret in a row would be a leak. */
const RUN = 8
const shownRuns = (text: string, secret: string): string[] =>
  Array.from({ length: secret.length - RUN + 1 }, (_, i) => secret.slice(i, i + RUN)).filter(run =>
    text.includes(run)
  )

/** Secrets of any printable characters but the padding's `-`, non-ASCII ones among them. */
const secretArb = fc.string({
  unit: fc.constantFrom(...'abcXYZ0189+/=_.~!#$%&*()[]{}<>|:;@?,\'"\\ é€'),
  minLength: RUN,
  maxLength: 48
})

/** The forms a server may echo a secret in, each as it stands inside a JSON string. */
const ECHOES: Record<string, (secret: string) => string> = {
  plain: secret => JSON.stringify(secret).slice(1, -1),
  'JSON escapes': secret =>
    [...secret].map(c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
  'URL-encoded': secret => encodeURIComponent(secret),
  'form-encoded': secret => new URLSearchParams({ v: secret }).toString().slice(2),
  'lower-cased': secret => JSON.stringify(secret.toLowerCase()).slice(1, -1)
}

describe('redaction', () => {
  it('a secret echoed in any form, anywhere in an answer, shows no 8 characters in a row in the summary or an error', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretArb,
        // Another secret inside this one (a token that holds the client secret), added first or last.
        fc.option(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 12 }), fc.boolean())),
        fc.constantFrom(...Object.keys(ECHOES)),
        fc.nat({ max: 200 }),
        fc.nat({ max: 200 }),
        fc.constantFrom(200, 403, 500),
        async (secret, inner, form, before, after, status) => {
          const secrets = new Secrets(() => undefined)
          const part = inner && secret.slice(inner[0] % secret.length).slice(0, inner[1])
          if (part && inner[2]) secrets.add(part)
          secrets.add(secret)
          if (part && !inner[2]) secrets.add(part)
          const redact = (text: string): string => secrets.redact(text)
          const echoed = `${'-'.repeat(before)}${ECHOES[form](secret)}${'-'.repeat(after)}`
          const text = `{"id":"b1","status":"${echoed}","errorMessage":"${echoed}","message":"${echoed}","metadata":{"name":"${echoed}"}}`
          const verdict = judgeAnswer(anAnswer({ status, text, redact }))
          const said = JSON.stringify(verdict)
          let markdown = ''
          if (verdict.kind === 'done') {
            const backup = toBackup(verdict.body) as Backup
            const summary = new JobSummary(async written => void (markdown += written), redact)
            summary.outcome('❌', [backup.status])
            summary.table('Backup', [{ backup, note: backup.errorMessage }])
            await summary.flush()
          }
          expect(shownRuns(said + markdown, secret)).toEqual([])
        }
      )
    )
  })
})

/** A Database API whose backup goes through `statuses` (a transient error where one is null). */
function scriptedApi(statuses: Array<string | null>, clock: FakeClock) {
  const asked: number[] = []
  const api = {
    getBackup: async (id: string) => {
      asked.push(clock.now())
      const status = statuses[Math.min(asked.length - 1, statuses.length - 1)]
      if (status === null) throw new ApiError('HTTP 503', { status: 503, transient: true })
      return aBackup({ id, status })
    }
  } as unknown as DatabaseApi
  return { api, asked }
}

describe('the wait loop', () => {
  const statusArb = fc.oneof(
    { arbitrary: fc.constantFrom('pending', 'in_progress', 'uploading'), weight: 6 },
    { arbitrary: fc.constant(null), weight: 2 },
    { arbitrary: fc.constantFrom('succeeded', 'failed', 'expired'), weight: 1 }
  )

  it('checks no less often than pollInterval, never past waitTimeout, and ends as the status says', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(statusArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1000, max: 120_000 }),
        fc.integer({ min: 1000, max: 4 * 3_600_000 }),
        async (statuses, pollIntervalMs, timeoutMs) => {
          const clock = new FakeClock()
          const started = clock.now()
          const { api, asked } = scriptedApi(statuses, clock)
          const { outputs, summary } = recordingReport()
          const ctx = operationContext({ api, outputs, summary, log: recordingLog(), clock })
          const first = aBackup({ id: '1', status: 'pending' })

          const ended = await waitUntilSucceeded(ctx, first, { timeoutMs, pollIntervalMs }).then(
            backup => backup.status,
            (error: unknown) => error
          )

          const gaps = asked.map((at, i) => at - (i === 0 ? started : asked[i - 1]))
          expect(gaps.every(gap => gap > 0 && gap <= pollIntervalMs)).toBe(true)
          expect(asked.every(at => at <= started + timeoutMs)).toBe(true)
          const last = statuses[Math.min(asked.length, statuses.length) - 1]
          if (ended === 'succeeded') expect(last).toBe('succeeded')
          else if (ended instanceof BackupFailedError) expect(['failed', 'expired']).toContain(last)
          else {
            expect(ended).toBeInstanceOf(WaitTimeoutError)
            expect(clock.now()).toBe(started + timeoutMs)
          }
        }
      )
    )
  })
})
