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
  /** What the request is for, as messages say it: "get backup 362 in star system pc". */
  task: string
  json?: unknown
  /** A form-encoded body (the token endpoint); such bodies and their answers are never logged. */
  form?: Record<string, string>
  tokens?: TokenSource
  /** Statuses other than 2xx that the caller handles itself (404 for an optional resource). */
  accept?: number[]
  /** No retry waits past this moment (epoch ms). */
  deadline?: number
  /** Sent once, never retried (the health check: its answer is the point). */
  once?: boolean
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
  /** An earlier attempt may have acted already (a DELETE answered 404 then means it did). */
  earlierAttemptMayHaveActed: boolean
}

interface TransportOptions {
  userAgent: string
  requestTimeoutMs: number
  log: Log
  /** Scrubs secrets from what a server sent, before any of it is cut, parsed or quoted. */
  redact?: (text: string) => string
  maxAttempts?: number
  clock?: Clock
  random?: () => number
}

/** How an attempt ended, as far as trying again is concerned. */
type Verdict =
  | { kind: 'done'; reply: Reply }
  /** Worth sending again; when the server may have acted, only if the request is idempotent. */
  | { kind: 'retry'; reason: string; mayHaveActed: boolean; status?: number; retryAfterMs?: number }
  | { kind: 'unauthorized'; reason: string; status: 401 }
  | { kind: 'fail'; reason: string; status?: number; mayHaveActed?: boolean }

/** The server says it did not act: 429, and 503 (Guidewire: "try again in a few minutes"). */
const NOT_ACTED_STATUSES = new Set([429, 503])
/** The server may have acted: 5xx, and 408/424, which Guidewire documents as "try again". */
const MAY_HAVE_ACTED_STATUSES = new Set([408, 424, 500, 502, 504])
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
const CUT_OFF = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ERR_TIMEOUT'])
export const RETRY_AFTER_CAP_MS = 60_000
const BACKOFF_FIRST_MS = 500
const BACKOFF_CAP_MS = 10_000
/**
 * The most the action reads of one answer. A backup as the guide shows it is about 500 bytes, so a
 * star system of 10,000 backups lists in ~5 MB; 32 MiB leaves six times that, and stays far below
 * what node can hold in one string (an answer over the cap is not read to its end).
 */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024
const TOO_LARGE = 'ERR_ANSWER_TOO_LARGE'

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
 * (429/5xx/408/424/network/broken bodies, `Retry-After`, backoff), one token renewal on 401,
 * errors that say what failed with the HTTP status and the API's own message — and the edge of
 * trust: no redirect is followed, no answer is read past MAX_ANSWER_BYTES, and secrets are
 * scrubbed from what comes back before anything else reads it.
 */
export class Transport {
  /** One client per scheme: a keep-alive agent made for https cannot carry http, and back. */
  private readonly clients = new Map<string, HttpClient>()
  private readonly clock: Clock
  private readonly random: () => number
  private readonly maxAttempts: number
  private readonly redact: (text: string) => string
  /** After a 429, every request (not only the one refused) holds back until then. */
  private pausedUntil = 0

  constructor(private readonly options: TransportOptions) {
    this.clock = options.clock ?? systemClock
    this.random = options.random ?? Math.random
    this.maxAttempts = options.maxAttempts ?? 6
    this.redact = options.redact ?? (text => text)
  }

  dispose(): void {
    for (const client of this.clients.values()) client.dispose()
  }

  private clientFor(url: string): HttpClient {
    const scheme = new URL(url).protocol
    let client = this.clients.get(scheme)
    if (!client) {
      client = new HttpClient(this.options.userAgent, [], {
        keepAlive: true,
        allowRetries: false,
        // Neither the Database API nor Guidewire Hub documents a redirect; following one would
        // send a bearer token or a client secret wherever a server points.
        allowRedirects: false,
        socketTimeout: this.options.requestTimeoutMs
      })
      this.clients.set(scheme, client)
    }
    return client
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
          log.info(`${request.task}: ${verdict.reason}; trying once more with a new token`)
          continue
        }
      }
      if (verdict.kind === 'fail' || verdict.kind === 'unauthorized') {
        const acted = verdict.kind === 'fail' && !!verdict.mayHaveActed && request.method === 'POST'
        throw new ApiError(
          `Could not ${request.task}: ${verdict.reason}` +
            (acted ? '. The server may have acted on the request.' : ''),
          statusOf(verdict),
          false,
          acted
        )
      }
      if (verdict.mayHaveActed) mayHaveActed = true
      const postMayHaveActed = mayHaveActed && request.method === 'POST'
      const transientError = (detail: string): ApiError =>
        new ApiError(
          `Could not ${request.task}: ${verdict.reason} (${detail}).` +
            (postMayHaveActed ? ' The server may have acted on the request.' : '') +
            (verdict.status === 503 ? unavailableHint(request.url) : ''),
          verdict.status,
          true,
          postMayHaveActed
        )
      if (request.once) throw transientError('sent once, not retried')
      if (attempt >= this.maxAttempts) {
        const last = mayHaveActed ? await this.lookFor(request) : undefined
        if (last?.kind === 'done') return last.reply
        throw transientError(`gave up after ${attempt} attempts`)
      }
      const suggested = verdict.retryAfterMs
      const delay = suggested ?? backoffMs(attempt, this.random)
      if (request.deadline !== undefined && this.clock.now() + delay > request.deadline) {
        throw transientError(`attempt ${attempt}; no time left to try again`)
      }
      if (verdict.status === 429) {
        this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + delay)
      }
      log.info(
        `${request.task}: attempt ${attempt} of ${this.maxAttempts} failed (${verdict.reason}); ` +
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
        kind: 'retry',
        mayHaveActed: true,
        reason: `could not check for an earlier attempt's effect: ${error.message}`
      }
    }
  }

  private async attempt(request: Request, earlierAttemptMayHaveActed: boolean): Promise<Verdict> {
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
        const client = this.clientFor(request.url)
        const response = await client.request(request.method, request.url, body ?? null, headers)
        message = response.message
        return { message, text: this.redact(await readCapped(response.message)) }
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
      return this.judge(request, status, message?.headers ?? {}, text, earlierAttemptMayHaveActed)
    } catch (error) {
      return judgeNetworkError(error, request, requestTimeoutMs)
    } finally {
      clearTimeout(timer)
    }
  }

  private judge(
    request: Request,
    status: number,
    headers: IncomingHttpHeaders,
    text: string,
    earlierAttemptMayHaveActed: boolean
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
    const statusLine = `HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd()
    const describe = (): string => {
      const apiMessage = request.form && status < 400 ? '' : apiMessageOf(body, text)
      return statusLine + (apiMessage ? `: ${apiMessage}` : '')
    }
    const reply = (): Verdict => ({
      kind: 'done',
      reply: { status, body, headers, earlierAttemptMayHaveActed }
    })
    if (status >= 200 && status < 300) {
      if (parsed || request.method === 'DELETE') return reply()
      return {
        kind: 'retry',
        reason: `HTTP ${status} with a broken body`,
        status,
        mayHaveActed: request.method !== 'GET'
      }
    }
    if (request.accept?.includes(status)) return reply()
    if (status >= 300 && status < 400) {
      return {
        kind: 'fail',
        reason: `${statusLine} to ${originOf(headers.location, request.url)}: the action follows no redirect (it would carry credentials to wherever the server points)`,
        status
      }
    }
    if (status === 401 && request.tokens) {
      return { kind: 'unauthorized', reason: describe(), status: 401 }
    }
    if (NOT_ACTED_STATUSES.has(status)) {
      const retryAfter = headers['retry-after']
      return {
        kind: 'retry',
        reason: describe(),
        status,
        mayHaveActed: false,
        retryAfterMs: retryAfterMs(
          Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          this.clock.now()
        )
      }
    }
    if (MAY_HAVE_ACTED_STATUSES.has(status)) {
      return { kind: 'retry', reason: describe(), status, mayHaveActed: true }
    }
    return { kind: 'fail', reason: describe(), status }
  }
}

function statusOf(verdict: Verdict): number | undefined {
  return 'status' in verdict ? verdict.status : undefined
}

function originOf(location: string | undefined, base: string): string {
  if (!location) return 'no location'
  try {
    return new URL(location, base).origin
  } catch {
    return 'an unreadable location'
  }
}

function unavailableHint(url: string): string {
  return (
    ' The Database API says it is temporarily unavailable: try again in a few minutes, and see ' +
    `its health check, GET ${new URL(url).origin}/management/health (operation "check").`
  )
}

function judgeNetworkError(error: unknown, request: Request, requestTimeoutMs: number): Verdict {
  const code = (error as { code?: string }).code ?? ''
  const text = error instanceof Error ? error.message : String(error)
  if (code === TOO_LARGE) {
    return { kind: 'fail', reason: text, mayHaveActed: request.method !== 'GET' }
  }
  if (code === 'ERR_TIMEOUT' || text.startsWith('Request timeout')) {
    return {
      kind: 'retry',
      mayHaveActed: true,
      reason: `no answer within ${formatDuration(requestTimeoutMs)}`
    }
  }
  const reason = code && !text.includes(code) ? `${text} (${code})` : text
  if (NOT_CONNECTED.has(code)) return { kind: 'retry', reason, mayHaveActed: false }
  if (CUT_OFF.has(code) || /socket hang up|aborted|closed/i.test(text)) {
    return { kind: 'retry', reason: `connection lost: ${text}`, mayHaveActed: true }
  }
  return { kind: 'fail', reason }
}

/** Reads an answer whole, unless it is larger than MAX_ANSWER_BYTES: then stops and rejects. */
function readCapped(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = (): void => {
      message.destroy()
      reject(
        Object.assign(
          new Error(
            `the answer is larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB, the most the action reads`
          ),
          { code: TOO_LARGE }
        )
      )
    }
    if (Number(message.headers['content-length']) > MAX_ANSWER_BYTES) return tooLarge()
    const chunks: Buffer[] = []
    let size = 0
    message.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_ANSWER_BYTES) return tooLarge()
      chunks.push(chunk)
    })
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    message.on('error', reject)
    message.on('close', () => {
      if (!message.complete) {
        reject(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' }))
      }
    })
  })
}
