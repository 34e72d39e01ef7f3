/**
 * One HTTP exchange: a request sent and its answer read — within the request timeout, never past
 * MAX_ANSWER_BYTES, and never following a redirect. Whether to try again is retry-policy.ts's call.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { HttpClient } from '@actions/http-client'
import { TOO_LARGE } from './retry-policy.js'

/**
 * The most the action reads of one answer. A backup as the guide shows it is about 500 bytes, so a
 * star system of 10,000 backups lists in ~5 MB; 32 MiB leaves six times that, and stays far below
 * what node can hold in one string (an answer over the cap is not read to its end).
 */
const MAX_ANSWER_BYTES = 32 * 1024 * 1024

export interface Outgoing {
  method: 'GET' | 'POST' | 'DELETE'
  url: string
  body?: string
  headers: Record<string, string>
}

export interface Incoming {
  status: number
  headers: IncomingHttpHeaders
  text: string
}

export class Exchange {
  /** One client per scheme: a keep-alive agent made for https cannot carry http, and back. */
  private readonly clients = new Map<string, HttpClient>()

  constructor(
    private readonly userAgent: string,
    private readonly timeoutMs: number
  ) {}

  dispose(): void {
    for (const client of this.clients.values()) client.dispose()
  }

  /** Sends and reads the whole answer; rejects on a network error, a timeout or a huge answer. */
  async send(request: Outgoing): Promise<Incoming> {
    let message: IncomingMessage | undefined
    let timer: NodeJS.Timeout | undefined
    const exchange = (async (): Promise<Incoming> => {
      const { method, url, body, headers } = request
      const response = await this.clientFor(url).request(method, url, body ?? null, headers)
      message = response.message
      const text = await readCapped(message)
      return { status: message.statusCode ?? 0, headers: message.headers, text }
    })()
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        message?.destroy()
        reject(Object.assign(new Error('timed out'), { code: 'ERR_TIMEOUT' }))
      }, this.timeoutMs)
    })
    try {
      return await Promise.race([exchange, timeout])
    } finally {
      clearTimeout(timer)
      exchange.catch(() => undefined)
    }
  }

  private clientFor(url: string): HttpClient {
    const scheme = new URL(url).protocol
    let client = this.clients.get(scheme)
    if (!client) {
      client = new HttpClient(this.userAgent, [], {
        keepAlive: true,
        allowRetries: false,
        // Neither the Database API nor Guidewire Hub documents a redirect; following one would
        // send a bearer token or a client secret wherever a server points.
        allowRedirects: false
      })
      this.clients.set(scheme, client)
    }
    return client
  }
}

/** Reads an answer whole, unless it is larger than MAX_ANSWER_BYTES: then stops and rejects. */
function readCapped(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = (): void => {
      message.destroy()
      const limit = `${MAX_ANSWER_BYTES / 1024 / 1024} MiB`
      const error = new Error(`the answer is larger than ${limit}, the most the action reads`)
      reject(Object.assign(error, { code: TOO_LARGE }))
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
