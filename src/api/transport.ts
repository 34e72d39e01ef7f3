import { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { HttpClient } from '@actions/http-client'
import { ApiError, apiMessageOf } from './errors.js'
import { systemClock, type Clock } from '../clock.js'
import { formatDuration } from '../duration.js'
import type { Log } from '../log.js'

/** Supplies bearer tokens; `renew` drops the current one and says whether a new one can be had. */
export interface TokenSource {
  token(): Promise<string>
  renew(): boolean
}

export interface Request {
  method: 'GET' | 'POST' | 'DELETE'
  url: string
  /** What the request does, for messages: "get backup 362". */
  what: string
  json?: unknown
  /** A form-encoded body (the token endpoint); such bodies and their answers are never logged. */
  form?: Record<string, string>
  tokens?: TokenSource
  /** Statuses other than 2xx that the caller handles itself (404 for an optional resource). */
  accept?: number[]
  /** No retry waits past this moment (epoch ms). */
  deadline?: number
  /**
   * For a request that must not act twice (create): called before trying again after an attempt
   * that may have acted on the server. A reply means it did, and becomes the answer.
   */
  recover?: () => Promise<Reply | undefined>
}

export interface Reply {
  status: number
  body: unknown
  headers: IncomingHttpHeaders
  /** An earlier attempt may already have acted (a DELETE answered 404 then means it did). */
  afterAmbiguousAttempt: boolean
}

export interface TransportOptions {
  userAgent: string
  requestTimeoutMs: number
  log: Log
  maxAttempts?: number
  clock?: Clock
  random?: () => number
}

/** How an attempt ended, as far as trying again is concerned. */
type Verdict =
  | { kind: 'done'; reply: Reply }
  /** The server surely did not act: safe to send again. */
  | { kind: 'retry'; reason: string; status?: number; retryAfterMs?: number }
  /** The server may have acted: safe to send again only if the request is idempotent. */
  | { kind: 'retry-maybe-acted'; reason: string; status?: number }
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'fail'; reason: string; status?: number }

const SURELY_NOT_ACTED = new Set([429, 503])
const MAYBE_ACTED = new Set([500, 502, 504])
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
const CUT_OFF = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ERR_TIMEOUT'])
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
 * The one place where requests are sent: headers, per-request timeout, the retry policy
 * (429/5xx/network/broken bodies, `Retry-After`, backoff), one token renewal on 401, and errors
 * that say what failed, with the HTTP status and the API's own message.
 */
export class Transport {
  private readonly http: HttpClient
  private readonly clock: Clock
  private readonly random: () => number
  private readonly maxAttempts: number
  /** After a 429, every request (not only the one refused) holds back until then. */
  private pausedUntil = 0

  constructor(private readonly options: TransportOptions) {
    this.http = new HttpClient(options.userAgent, [], {
      keepAlive: true,
      allowRetries: false,
      socketTimeout: options.requestTimeoutMs
    })
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
    this.maxAttempts = options.maxAttempts ?? 6
  }

  dispose(): void {
    this.http.dispose()
  }

  async send(request: Request): Promise<Reply> {
    const { log } = this.options
    let mayHaveActed = false
    let renewedToken = false
    for (let attempt = 1; ; attempt++) {
      const found = mayHaveActed ? await this.lookFor(request) : undefined
      if (found?.kind === 'done') return found.reply
      const pause = this.pausedUntil - this.clock.now()
      if (pause > 0) await this.clock.sleep(pause)
      const verdict = found ?? (await this.attempt(request, mayHaveActed))
      if (verdict.kind === 'done') return verdict.reply
      if (verdict.kind === 'unauthorized' && request.tokens && !renewedToken) {
        renewedToken = true
        if (request.tokens.renew()) {
          log.info(`${request.what}: ${verdict.reason}; trying once more with a new token`)
          continue
        }
      }
      if (verdict.kind === 'fail' || verdict.kind === 'unauthorized') {
        throw new ApiError(`Could not ${request.what}: ${verdict.reason}`, statusOf(verdict), false)
      }
      if (verdict.kind === 'retry-maybe-acted') mayHaveActed = true
      const unsafe = mayHaveActed && request.method === 'POST'
      const transientError = (detail: string): ApiError =>
        new ApiError(
          `Could not ${request.what}: ${verdict.reason} (${detail}).` +
            (unsafe ? ' The server may have acted on the request.' : ''),
          statusOf(verdict),
          true,
          unsafe
        )
      if (attempt >= this.maxAttempts) {
        const last = mayHaveActed ? await this.lookFor(request) : undefined
        if (last?.kind === 'done') return last.reply
        throw transientError(`gave up after ${attempt} attempts`)
      }
      const suggested = verdict.kind === 'retry' ? verdict.retryAfterMs : undefined
      const delay = suggested ?? backoffMs(attempt, this.random)
      if (request.deadline !== undefined && this.clock.now() + delay > request.deadline) {
        throw transientError(`attempt ${attempt}; no time left to try again`)
      }
      if (verdict.status === 429) {
        this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + delay)
      }
      log.info(
        `${request.what}: attempt ${attempt} of ${this.maxAttempts} failed (${verdict.reason}); ` +
          `retrying in ${formatDuration(delay)}${suggested !== undefined ? ' as Retry-After asks' : ''}`
      )
      await this.clock.sleep(delay)
    }
  }

  /**
   * After an attempt that may have acted: did it? A reply if so; nothing if surely not; and if the
   * lookup itself fails, a verdict that keeps the request from being sent blindly this round.
   */
  private async lookFor(request: Request): Promise<Verdict | undefined> {
    if (!request.recover) return undefined
    try {
      const reply = await request.recover()
      return reply && { kind: 'done', reply }
    } catch (error) {
      if (!(error instanceof ApiError && error.transient)) throw error
      return {
        kind: 'retry-maybe-acted',
        reason: `could not check for an earlier attempt's effect: ${error.message}`
      }
    }
  }

  private async attempt(request: Request, afterAmbiguousAttempt: boolean): Promise<Verdict> {
    const { log, requestTimeoutMs } = this.options
    const headers: Record<string, string> = { Accept: 'application/json' }
    let body: string | undefined
    if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(request.json)
    } else if (request.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(request.form).toString()
    }
    if (request.tokens) headers.Authorization = `Bearer ${await request.tokens.token()}`

    const started = this.clock.now()
    log.debug(`→ ${request.method} ${request.url}${request.json ? ` ${body}` : ''}`)
    let message: IncomingMessage | undefined
    let timer: NodeJS.Timeout | undefined
    try {
      const exchange = (async () => {
        const response = await this.http.request(request.method, request.url, body ?? null, headers)
        message = response.message
        return { message, text: await readAll(response.message) }
      })()
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          message?.destroy()
          reject(Object.assign(new Error('timed out'), { code: 'ERR_TIMEOUT' }))
        }, requestTimeoutMs)
      })
      const { text } = await Promise.race([exchange, timeout])
      const status = message?.statusCode ?? 0
      log.debug(
        `← ${status} from ${request.method} ${request.url} in ${this.clock.now() - started}ms` +
          (request.form ? '' : `: ${text.length > 2000 ? `${text.slice(0, 2000)}…` : text}`)
      )
      return this.judge(request, status, message?.headers ?? {}, text, afterAmbiguousAttempt)
    } catch (error) {
      return judgeNetworkError(error, requestTimeoutMs)
    } finally {
      clearTimeout(timer)
    }
  }

  private judge(
    request: Request,
    status: number,
    headers: IncomingHttpHeaders,
    text: string,
    afterAmbiguousAttempt: boolean
  ): Verdict {
    let body: unknown
    // A GET is asked for JSON: an empty answer is as broken as a truncated one.
    let parsed = request.method !== 'GET' || text.trim() !== ''
    if (text.trim()) {
      try {
        body = JSON.parse(text)
      } catch {
        parsed = false
      }
    }
    const describe = (): string => {
      const apiMessage = request.form && status < 400 ? '' : apiMessageOf(body, text)
      return (
        `HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd() +
        (apiMessage ? `: ${apiMessage}` : '')
      )
    }
    if (status >= 200 && status < 300) {
      if (parsed || request.method === 'DELETE') {
        return { kind: 'done', reply: { status, body, headers, afterAmbiguousAttempt } }
      }
      const reason = `HTTP ${status} with a broken body`
      return request.method === 'GET'
        ? { kind: 'retry', reason, status }
        : { kind: 'retry-maybe-acted', reason, status }
    }
    if (request.accept?.includes(status)) {
      return { kind: 'done', reply: { status, body, headers, afterAmbiguousAttempt } }
    }
    if (status === 401 && request.tokens) return { kind: 'unauthorized', reason: describe() }
    if (SURELY_NOT_ACTED.has(status)) {
      const retryAfter = headers['retry-after']
      return {
        kind: 'retry',
        reason: describe(),
        status,
        retryAfterMs: retryAfterMs(
          Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          this.clock.now()
        )
      }
    }
    if (MAYBE_ACTED.has(status)) return { kind: 'retry-maybe-acted', reason: describe(), status }
    return { kind: 'fail', reason: describe(), status }
  }
}

function statusOf(verdict: Verdict): number | undefined {
  return 'status' in verdict ? verdict.status : undefined
}

function judgeNetworkError(error: unknown, requestTimeoutMs: number): Verdict {
  const code = (error as { code?: string }).code ?? ''
  const text = error instanceof Error ? error.message : String(error)
  if (code === 'ERR_TIMEOUT' || text.startsWith('Request timeout')) {
    return {
      kind: 'retry-maybe-acted',
      reason: `no answer within ${formatDuration(requestTimeoutMs)}`
    }
  }
  const reason = code && !text.includes(code) ? `${text} (${code})` : text
  if (NOT_CONNECTED.has(code)) return { kind: 'retry', reason }
  if (CUT_OFF.has(code) || /socket hang up|aborted|closed/i.test(text)) {
    return { kind: 'retry-maybe-acted', reason: `connection lost: ${text}` }
  }
  return { kind: 'fail', reason }
}

function readAll(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    message.on('data', (chunk: Buffer) => chunks.push(chunk))
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    message.on('error', reject)
    message.on('close', () => {
      if (!message.complete) {
        reject(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' }))
      }
    })
  })
}
