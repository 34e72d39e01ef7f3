/**
 * Whether an attempt is worth sending again, as a pure function of what the attempt was and what
 * came back. The transport's loop (transport.ts) acts on these verdicts; nothing here sends,
 * sleeps or reads a clock.
 */
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http'
import { apiMessageOf } from './api-message.js'
import { parseExact } from './exact-json.js'
import { redactStrings } from '../secrets.js'
import { formatDuration } from '../duration.js'
import { messageOf } from '../errors.js'

/** How an attempt ended, as far as trying again is concerned. */
export type AttemptVerdict =
  | { kind: 'done'; status: number; body: unknown; headers: IncomingHttpHeaders }
  /** Worth sending again; when the server may have acted, only if the request is idempotent. */
  | { kind: 'retry'; reason: string; mayHaveActed: boolean; status?: number; retryAfterMs?: number }
  /** A 401 for a request whose token can be renewed. */
  | { kind: 'unauthorized'; reason: string; status: 401 }
  | { kind: 'fail'; reason: string; status?: number; mayHaveActed?: boolean }

/** Everything the classification of an answer reads. */
export interface Answer {
  method: 'GET' | 'POST' | 'DELETE'
  /** The request's own URL, against which a redirect's `Location` is read. */
  url: string
  status: number
  headers: IncomingHttpHeaders
  /**
   * The answer's text as it came: read here, and nowhere else, with its secrets scrubbed (see
   * `parseBody`).
   */
  text: string
  /** The moment the answer came (epoch ms), for a `Retry-After` given as a date. */
  now: number
  /** Statuses other than 2xx that the caller handles itself. */
  accept?: number[]
  /** The request carries a bearer token that can be asked for again. */
  hasToken: boolean
  /** Scrubs secrets from the text and from every string of the parsed answer. */
  redact: (text: string) => string
}

/** The server says it did not act: 429 refuses before the application sees the request. */
const NOT_ACTED_STATUSES = new Set([429])
/**
 * The server may have acted: every 5xx retried (a 503 too: a dependency can fail on the way back
 * after the backup was made, and RFC 9110 §9.2.2 lets a client repeat a non-idempotent request
 * only when it can tell the first was never applied), and 408/424, which Guidewire documents as
 * "try again".
 */
const MAY_HAVE_ACTED_STATUSES = new Set([408, 424, 500, 502, 503, 504])
/** Statuses whose `Retry-After` is honoured (Guidewire: 503 "try again in a few minutes"). */
const RETRY_AFTER_STATUSES = new Set([429, 503])
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
const CUT_OFF = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED'])
/** An answer over the size the action reads (exchange.ts). */
export const TOO_LARGE = 'ERR_ANSWER_TOO_LARGE'
export const MAX_ATTEMPTS = 6
export const RETRY_AFTER_CAP_MS = 60_000
const BACKOFF_FIRST_MS = 500
const BACKOFF_CAP_MS = 10_000

/** Exponential backoff with "equal jitter": between half and all of 0.5 s, 1 s, 2 s, ... 10 s. */
export function backoffMs(retry: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_FIRST_MS * 2 ** (retry - 1))
  return ceiling / 2 + (random() * ceiling) / 2
}

/** `Retry-After` as seconds or an HTTP date, in ms from now, capped; undefined when absent. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(header) ? Number(header) * 1000 : undefined
  const ms = seconds ?? Date.parse(header) - now
  if (Number.isNaN(ms)) return undefined
  return Math.min(Math.max(0, ms), RETRY_AFTER_CAP_MS)
}

/**
 * The body as JSON, read exactly and with every string redacted; `broken` when a body that should
 * be JSON is not (an empty GET answer too).
 */
/**
 * The JSON of an answer, parsed before any secret is scrubbed and then scrubbed string by string:
 * a secret the server escaped (`\/`, `\u0074`) is whole only once parsed, and scrubbing a shorter
 * secret out of the text first could cut it where the longer one was still to be found.
 */
function parseBody(answer: Answer): { body: unknown; broken: boolean } {
  const { method, text } = answer
  if (!text.trim()) return { body: undefined, broken: method === 'GET' }
  try {
    return { body: redactStrings(parseExact(text), answer.redact), broken: false }
  } catch {
    return { body: undefined, broken: true }
  }
}

/** "HTTP 503 Service Unavailable". */
const statusLine = (status: number): string =>
  `HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd()

/** "HTTP 503 Service Unavailable: the API's own message". */
function describe(answer: Answer, body: unknown): string {
  const apiMessage = apiMessageOf(body, answer.redact(answer.text))
  return statusLine(answer.status) + (apiMessage ? `: ${apiMessage}` : '')
}

/** Classifies an HTTP answer: done, worth another attempt, a renewable 401, or a failure. */
export function judgeAnswer(answer: Answer): AttemptVerdict {
  const { method, status, headers } = answer
  const { body, broken } = parseBody(answer)
  const success = status >= 200 && status < 300
  if ((success && (!broken || method === 'DELETE')) || answer.accept?.includes(status)) {
    return { kind: 'done', status, body, headers }
  }
  if (success) {
    const reason = `HTTP ${status} with a broken body`
    return { kind: 'retry', reason, status, mayHaveActed: method !== 'GET' }
  }
  if (status >= 300 && status < 400) {
    const target = originOf(headers.location, answer.url)
    const why =
      'the action follows no redirect (it would carry credentials to wherever the server points)'
    return { kind: 'fail', reason: `${statusLine(status)} to ${target}: ${why}`, status }
  }
  const reason = describe(answer, body)
  if (status === 401 && answer.hasToken) return { kind: 'unauthorized', reason, status: 401 }
  const retryable = NOT_ACTED_STATUSES.has(status) || MAY_HAVE_ACTED_STATUSES.has(status)
  if (!retryable) return { kind: 'fail', reason, status }
  const header = headers['retry-after']
  const retryAfter = RETRY_AFTER_STATUSES.has(status)
    ? retryAfterMs(Array.isArray(header) ? header[0] : header, answer.now)
    : undefined
  return {
    kind: 'retry',
    reason,
    status,
    mayHaveActed: MAY_HAVE_ACTED_STATUSES.has(status),
    retryAfterMs: retryAfter
  }
}

/** Classifies an attempt that got no answer: refused, cut off, timed out, or too large. */
export function judgeNetworkError(
  error: unknown,
  method: Answer['method'],
  requestTimeoutMs: number
): AttemptVerdict {
  const code = (error as { code?: string }).code ?? ''
  const text = messageOf(error)
  if (code === TOO_LARGE) return { kind: 'fail', reason: text, mayHaveActed: method !== 'GET' }
  if (code === 'ERR_TIMEOUT') {
    const reason = `no answer within ${formatDuration(requestTimeoutMs)}`
    return { kind: 'retry', mayHaveActed: true, reason }
  }
  const reason = code && !text.includes(code) ? `${text} (${code})` : text
  if (NOT_CONNECTED.has(code)) return { kind: 'retry', reason, mayHaveActed: false }
  if (CUT_OFF.has(code) || /socket hang up|aborted|closed/i.test(text)) {
    return { kind: 'retry', reason: `connection lost: ${text}`, mayHaveActed: true }
  }
  return { kind: 'fail', reason }
}

/** A redirect target's origin only: a path or query could carry a secret. */
function originOf(location: string | string[] | undefined, base: string): string {
  const target = Array.isArray(location) ? location[0] : location
  if (!target) return 'no location'
  try {
    return new URL(target, base).origin
  } catch {
    return 'an unreadable location'
  }
}
