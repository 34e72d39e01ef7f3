import { describe, expect, it } from '@jest/globals'
import {
  backoffMs,
  judgeAnswer,
  judgeNetworkError,
  RETRY_AFTER_CAP_MS,
  retryAfterMs,
  TOO_LARGE,
  type Answer
} from '../../src/api/retry-policy.js'
import { anAnswer } from '../fixtures/answers.js'
import { NOW } from '../fixtures/backups.js'

const answer = anAnswer

describe('judgeAnswer: what an HTTP answer means for trying again', () => {
  // [what, the answer, kind, may have acted, status, Retry-After in ms]
  const table: Array<[string, Partial<Answer>, string, boolean | undefined, number?, number?]> = [
    ['200 with JSON', {}, 'done', undefined, 200],
    ['202 POST without a body', { method: 'POST', status: 202, text: '' }, 'done', undefined, 202],
    ['200 DELETE with a broken body', { method: 'DELETE', text: '{"a' }, 'done', undefined, 200],
    ['200 GET with an empty body', { text: '  ' }, 'retry', false, 200],
    ['200 GET with a broken body', { text: '{"a' }, 'retry', false, 200],
    ['201 POST with a broken body', { method: 'POST', status: 201, text: '{' }, 'retry', true],
    ['404 the caller accepts', { status: 404, accept: [404] }, 'done', undefined, 404],
    ['404 not accepted', { status: 404, text: '{"message":"no"}' }, 'fail', undefined, 404],
    ['307 redirect', { status: 307, headers: { location: '/x' } }, 'fail', undefined, 307],
    ['401 with a token', { status: 401 }, 'unauthorized', undefined, 401],
    ['401 without a token', { status: 401, hasToken: false }, 'fail', undefined, 401],
    ['403', { status: 403 }, 'fail', undefined, 403],
    ['429', { status: 429 }, 'retry', false, 429],
    [
      '429 with Retry-After: 3',
      { status: 429, headers: { 'retry-after': '3' } },
      'retry',
      false,
      429,
      3000
    ],
    [
      '503 with Retry-After: 9999 (it may have acted: a create looks first)',
      { status: 503, headers: { 'retry-after': '9999' } },
      'retry',
      true,
      503,
      RETRY_AFTER_CAP_MS
    ],
    ['408', { status: 408 }, 'retry', true, 408],
    ['424', { status: 424 }, 'retry', true, 424],
    ['500', { status: 500 }, 'retry', true, 500],
    [
      '502 with Retry-After: its advice is not taken',
      { status: 502, headers: { 'retry-after': '3' } },
      'retry',
      true,
      502
    ],
    ['502 to a POST', { method: 'POST', status: 502 }, 'retry', true, 502],
    ['504', { status: 504 }, 'retry', true, 504],
    ['501', { status: 501 }, 'fail', undefined, 501],
    [
      '400 from the token endpoint',
      { method: 'POST', status: 400, hasToken: false },
      'fail',
      undefined,
      400
    ]
  ]
  it.each(table)('%s', (...row) => {
    const [, fields, kind, mayHaveActed, status, retryAfter] = row
    const verdict = judgeAnswer(answer(fields))
    expect(verdict.kind).toBe(kind)
    if ('mayHaveActed' in verdict) expect(verdict.mayHaveActed).toBe(mayHaveActed)
    if (status !== undefined) expect('status' in verdict && verdict.status).toBe(status)
    if (verdict.kind === 'retry') expect(verdict.retryAfterMs).toBe(retryAfter)
  })

  it("names the status and the API's own message", () => {
    const verdict = judgeAnswer(answer({ status: 403, text: '{"message":"no access"}' }))
    expect(verdict).toMatchObject({ reason: 'HTTP 403 Forbidden: no access' })
  })

  it("names only a redirect's target origin, never its path or query", () => {
    const location = 'https://evil.example:8443/steal?token=abc'
    const verdict = judgeAnswer(answer({ status: 302, headers: { location } }))
    expect(verdict).toMatchObject({ kind: 'fail' })
    expect('reason' in verdict && verdict.reason).toContain('to https://evil.example:8443:')
    expect('reason' in verdict && verdict.reason).not.toContain('steal')
  })

  it('a redirect to a location that is no URL says so, and shows none of it', () => {
    const verdict = judgeAnswer(answer({ status: 302, headers: { location: 'http://[::1/x?t=1' } }))
    expect('reason' in verdict && verdict.reason).toMatch(
      /^HTTP 302 Found to an unreadable location: the action follows no redirect/
    )
    expect('reason' in verdict && verdict.reason).not.toContain('t=1')
  })

  it('takes 300 to 399 as redirects: 300 is one, 400 and a 1xx are not', () => {
    const reasonOf = (status: number): string => {
      const verdict = judgeAnswer(answer({ status, text: '{"message":"no"}' }))
      return 'reason' in verdict ? verdict.reason : verdict.kind
    }
    expect(reasonOf(300)).toMatch(
      /^HTTP 300 Multiple Choices to no location: the action follows no redirect/
    )
    expect(reasonOf(399)).toContain('follows no redirect')
    expect(reasonOf(400)).toBe('HTTP 400 Bad Request: no')
    expect(reasonOf(199)).toBe('HTTP 199: no')
  })

  it('says a status without a name as its number alone', () => {
    expect(judgeAnswer(answer({ status: 599, text: '' }))).toMatchObject({
      kind: 'fail',
      reason: 'HTTP 599'
    })
  })

  it('takes a POST answer of blanks as no body, not a broken one', () => {
    const verdict = judgeAnswer(answer({ method: 'POST', status: 202, text: ' \n ' }))
    expect(verdict).toMatchObject({ kind: 'done', status: 202, body: undefined })
  })

  it("does not quote a token endpoint's successful answer", () => {
    const verdict = judgeAnswer(answer({ method: 'POST', status: 200, text: '{"access_token":"x' }))
    expect(verdict).toMatchObject({ kind: 'retry', reason: 'HTTP 200 with a broken body' })
  })
})

describe('judgeNetworkError: an attempt without an answer', () => {
  const error = (message: string, code?: string): Error =>
    Object.assign(new Error(message), { code })
  const table: Array<[string, Error, Answer['method'], string, boolean | undefined]> = [
    ['refused', error('connect ECONNREFUSED', 'ECONNREFUSED'), 'POST', 'retry', false],
    ['reset, by its code alone', error('read failed', 'ECONNRESET'), 'POST', 'retry', true],
    ['a hang-up, by its message alone', error('socket hang up'), 'POST', 'retry', true],
    ['a broken pipe, by its code alone', error('write EPIPE', 'EPIPE'), 'POST', 'retry', true],
    ['aborted, by its message alone', error('request aborted'), 'POST', 'retry', true],
    ['closed, by its message alone', error('the other side closed'), 'POST', 'retry', true],
    ['no name server answer', error('lookup failed', 'EAI_AGAIN'), 'POST', 'retry', false],
    ['no route to the host', error('no route', 'EHOSTUNREACH'), 'POST', 'retry', false],
    ['no route to the network', error('no route', 'ENETUNREACH'), 'POST', 'retry', false],
    ['a socket timed out', error('gone', 'ETIMEDOUT'), 'POST', 'retry', true],
    ['a connection given up', error('gone', 'ECONNABORTED'), 'POST', 'retry', true],
    ['timed out', error('timed out', 'ERR_TIMEOUT'), 'GET', 'retry', true],
    ['too large, GET', error('too large', TOO_LARGE), 'GET', 'fail', false],
    ['too large, POST', error('too large', TOO_LARGE), 'POST', 'fail', true],
    ['unknown', error('certificate has expired', 'CERT_HAS_EXPIRED'), 'GET', 'fail', undefined]
  ]
  it.each(table)('%s', (_, thrown, method, kind, mayHaveActed) => {
    const verdict = judgeNetworkError(thrown, method, 30_000)
    expect(verdict.kind).toBe(kind)
    expect('mayHaveActed' in verdict ? verdict.mayHaveActed : undefined).toBe(mayHaveActed)
  })

  it('names the code once: beside a message that lacks it, not again in one that has it', () => {
    const lost = judgeNetworkError(error('write failed', 'EPIPE'), 'POST', 30_000)
    expect(lost).toMatchObject({ reason: 'connection lost: write failed' })
    const refused = judgeNetworkError(error('connect failed', 'ECONNREFUSED'), 'GET', 30_000)
    expect(refused).toMatchObject({ reason: 'connect failed (ECONNREFUSED)' })
    const named = judgeNetworkError(error('connect ECONNREFUSED', 'ECONNREFUSED'), 'GET', 30_000)
    expect(named).toMatchObject({ reason: 'connect ECONNREFUSED' })
  })

  it('an error without a code is told by its message alone, with nothing beside it', () => {
    const verdict = judgeNetworkError(error('certificate has expired'), 'GET', 30_000)
    expect(verdict).toEqual({ kind: 'fail', reason: 'certificate has expired' })
  })

  it('says how long it waited for a timed-out answer', () => {
    const verdict = judgeNetworkError(error('timed out', 'ERR_TIMEOUT'), 'GET', 30_000)
    expect(verdict).toMatchObject({ reason: 'no answer within 30s' })
  })
})

describe('backoffMs', () => {
  it('doubles from 0.5 s up to 10 s, jittered between half and all of it', () => {
    const lowest = [1, 2, 3, 4, 5, 6, 7].map(retry => backoffMs(retry, () => 0))
    const highest = [1, 2, 3, 4, 5, 6, 7].map(retry => backoffMs(retry, () => 1))
    expect(lowest).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000])
    expect(highest).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000])
  })
})

describe('retryAfterMs', () => {
  it('reads seconds', () => expect(retryAfterMs('2', NOW)).toBe(2000))
  it('reads an HTTP date', () =>
    expect(retryAfterMs('Sat, 28 Nov 2026 12:00:05 GMT', NOW)).toBe(5000))
  it('treats a past date as now', () =>
    expect(retryAfterMs('Sat, 28 Nov 2026 11:00:00 GMT', NOW)).toBe(0))
  it('caps what it is asked to wait', () =>
    expect(retryAfterMs('86400', NOW)).toBe(RETRY_AFTER_CAP_MS))
  it('reads seconds with a fraction, several digits or blanks around them', () => {
    expect(retryAfterMs('1.25', NOW)).toBe(1250)
    expect(retryAfterMs('12', NOW)).toBe(12_000)
    expect(retryAfterMs(' 5 ', NOW)).toBe(5000)
  })
  it('reads a date that starts and ends with digits as a date, not as seconds', () =>
    expect(retryAfterMs('2026-11-28T12:00:30.000+00:00', NOW)).toBe(30_000))
  it('ignores what it cannot read', () => {
    expect(retryAfterMs(undefined, NOW)).toBeUndefined()
    expect(retryAfterMs('soon', NOW)).toBeUndefined()
  })
})
