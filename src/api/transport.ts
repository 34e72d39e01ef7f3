/**
 * The one place where requests are sent: headers, the token and its one renewal on 401, the retry
 * loop (its verdicts are retry-policy.ts's, one attempt is exchange.ts's), and the edge of trust:
 * secrets are scrubbed from what comes back before anything else reads it.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { Clock } from '../clock.js'
import { formatDuration } from '../duration.js'
import { ApiError } from '../errors.js'
import type { Log } from '../log.js'
import { redactStrings } from '../secrets.js'
import { parseExact } from './exact-json.js'
import { Exchange, type Outgoing } from './exchange.js'
import {
  backoffMs,
  judgeAnswer,
  judgeNetworkError,
  MAX_ATTEMPTS,
  type AttemptVerdict
} from './retry-policy.js'

/** Supplies bearer tokens; `renew` drops the current one and says whether a new one can be had. */
export interface TokenSource {
  /** A token, got before `deadline` (epoch ms) when one is given. */
  token(deadline?: number): Promise<string>
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
  /** Advice for an error that ends the request with this HTTP status (the caller's wording). */
  adviceFor?: (status: number | undefined, reason: string) => string | undefined
}

/** An attempt that reached nobody: no server at that address, or no such host. */
export const UNREACHABLE = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/

export interface Reply {
  status: number
  body: unknown
  headers: IncomingHttpHeaders
  /** An earlier attempt may have acted already (a DELETE answered 404 then means it did). */
  earlierAttemptMayHaveActed: boolean
  /**
   * It took more than one attempt. A server that answered an earlier one 429 should not have
   * acted, but the twins it made if it did are looked for all the same (create.ts).
   */
  retried?: boolean
}

interface TransportOptions {
  userAgent: string
  requestTimeoutMs: number
  log: Log
  clock: Clock
  /** Scrubs secrets from what a server sent, before any of it is cut, parsed or quoted. */
  redact: (text: string) => string
  /** Told of every retry, with what it followed ("HTTP 502", "a network error"). */
  onRetry?: (after: string) => void
}

/** Where a request stands between attempts. */
interface Progress {
  attempt: number
  mayHaveActed: boolean
  renewedToken: boolean
}

type Step = { reply: Reply } | { again: true }

export class Transport {
  private readonly exchange: Exchange
  /** After a 429, every request (not only the one refused) holds back until then. */
  private pausedUntil = 0

  constructor(private readonly options: TransportOptions) {
    this.exchange = new Exchange(options.userAgent, options.requestTimeoutMs)
  }

  dispose(): void {
    this.exchange.dispose()
  }

  async send(request: Request): Promise<Reply> {
    const progress: Progress = { attempt: 1, mayHaveActed: false, renewedToken: false }
    for (; ; progress.attempt++) {
      const found = progress.mayHaveActed ? await this.lookFor(request) : undefined
      if (found && 'reply' in found) return found.reply
      const pause = this.pausedUntil - this.options.clock.now()
      if (pause > 0) await this.options.clock.sleep(pause)
      const verdict = found?.verdict ?? (await this.attempt(request))
      const step = await this.afterAttempt(request, verdict, progress)
      if ('reply' in step) return step.reply
    }
  }

  /** What follows an attempt: its reply, another attempt (after a pause), or an ApiError. */
  private async afterAttempt(
    request: Request,
    verdict: AttemptVerdict,
    progress: Progress
  ): Promise<Step> {
    if (verdict.kind === 'done') {
      const { status, body, headers } = verdict
      const earlierAttemptMayHaveActed = progress.mayHaveActed
      const retried = progress.attempt > 1
      return { reply: { status, body, headers, earlierAttemptMayHaveActed, retried } }
    }
    if (verdict.kind === 'unauthorized' && request.tokens && !progress.renewedToken) {
      progress.renewedToken = true
      if (request.tokens.renew()) {
        this.options.log.info(
          `${request.task}: ${verdict.reason}; trying once more with a new token`
        )
        return { again: true }
      }
    }
    if (verdict.kind !== 'retry') {
      const acted = verdict.kind === 'fail' && !!verdict.mayHaveActed && request.method === 'POST'
      throw this.error(request, `Could not ${request.task}: ${verdict.reason}`, verdict, acted)
    }
    if (verdict.mayHaveActed) progress.mayHaveActed = true
    return this.retryLater(request, verdict, progress)
  }

  private async retryLater(
    request: Request,
    verdict: Extract<AttemptVerdict, { kind: 'retry' }>,
    progress: Progress
  ): Promise<Step> {
    const { clock, log } = this.options
    const acted = progress.mayHaveActed && request.method === 'POST'
    const reason = `Could not ${request.task}: ${verdict.reason}`
    const giveUp = (why: string): ApiError =>
      this.error(request, `${reason} (${why}).`, verdict, acted, reason)
    if (request.once) throw giveUp('sent once, not retried')
    if (progress.attempt >= MAX_ATTEMPTS) {
      const last = progress.mayHaveActed ? await this.lookFor(request) : undefined
      if (last && 'reply' in last) return last
      throw giveUp(`gave up after ${progress.attempt} attempts`)
    }
    const suggested = verdict.retryAfterMs
    const delay = suggested ?? backoffMs(progress.attempt, Math.random)
    if (request.deadline !== undefined && clock.now() + delay > request.deadline) {
      throw giveUp(`attempt ${progress.attempt}; no time left to try again`)
    }
    if (verdict.status === 429) this.pausedUntil = Math.max(this.pausedUntil, clock.now() + delay)
    this.options.onRetry?.(verdict.status ? `HTTP ${verdict.status}` : 'a network error')
    log.info(
      `${request.task}: attempt ${progress.attempt} of ${MAX_ATTEMPTS} failed (${verdict.reason}); ` +
        `retrying in ${formatDuration(delay)}${suggested !== undefined ? ' as Retry-After asks' : ''}`
    )
    await clock.sleep(delay)
    return { again: true }
  }

  private error(
    request: Request,
    message: string,
    verdict: AttemptVerdict,
    mayHaveActed: boolean,
    reason?: string
  ): ApiError {
    const status = 'status' in verdict ? verdict.status : undefined
    const transient = verdict.kind === 'retry'
    const acted = mayHaveActed
      ? `${message.endsWith('.') ? '' : '.'} The server may have acted on the request.`
      : ''
    const hint = request.adviceFor?.(status, message)
    return new ApiError(message + acted, { status, transient, mayHaveActed, hint, reason })
  }

  /**
   * After an attempt that may have acted: did it? A reply if so; nothing if surely not; and if the
   * lookup itself fails, a verdict that keeps the request from being sent blindly this round.
   */
  private async lookFor(
    request: Request
  ): Promise<{ reply: Reply } | { verdict: AttemptVerdict } | undefined> {
    if (!request.recover) return undefined
    try {
      const reply = await request.recover()
      return reply && { reply }
    } catch (error) {
      if (!(error instanceof ApiError && error.transient)) throw error
      const reason = `could not check for an earlier attempt's effect: ${error.reason}`
      return { verdict: { kind: 'retry', mayHaveActed: true, reason } }
    }
  }

  private async attempt(request: Request): Promise<AttemptVerdict> {
    const { log, clock, redact, requestTimeoutMs } = this.options
    const outgoing = await this.outgoing(request)
    const started = clock.now()
    log.debug(`→ ${request.method} ${request.url}${request.json ? ` ${outgoing.body}` : ''}`)
    try {
      const incoming = await this.exchange.send(outgoing)
      const { text } = incoming
      const shown = request.form ? '' : `: ${decodedForDebug(text, redact)}`
      log.debug(
        `← ${incoming.status} from ${request.method} ${request.url} in ${clock.now() - started}ms${shown}`
      )
      return judgeAnswer({
        ...incoming,
        text,
        method: request.method,
        url: request.url,
        now: clock.now(),
        accept: request.accept,
        hasToken: !!request.tokens,
        redact
      })
    } catch (error) {
      return judgeNetworkError(error, request.method, requestTimeoutMs)
    }
  }

  private async outgoing(request: Request): Promise<Outgoing> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    let body: string | undefined
    if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(request.json)
    } else if (request.form) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(request.form).toString()
    }
    if (request.tokens) {
      headers.Authorization = `Bearer ${await request.tokens.token(request.deadline)}`
    }
    return { method: request.method, url: request.url, body, headers }
  }
}

/**
 * An answer as the debug log shows it: JSON re-written without its escapes (`\u003d`, `\/`), so
 * that a secret the server spelled so is spelled plainly, and the log's redaction finds it.
 */
function decodedForDebug(text: string, redact: (text: string) => string): string {
  let decoded = text
  try {
    // Parsed first, as judgeAnswer reads it: a secret the server escaped is whole only then.
    decoded = JSON.stringify(redactStrings(parseExact(text), redact))
  } catch {
    // Not JSON: shown as it came.
  }
  // Redacted before it is cut: a secret cut in two is no longer found.
  const clean = redact(decoded)
  return clean.length > 2000 ? `${clean.slice(0, 2000)}…` : clean
}
