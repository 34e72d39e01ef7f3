/**
 * A stateful simulator of the GWCP Database API and of a Guidewire Hub token endpoint, for the
 * demo, the tests, the benchmark and manual runs (`npm run simulator`): the HTTP side. Its backups
 * are in store.ts, its routes in routes.ts, the token endpoint in token.ts, fault injection in
 * faults.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { ExactNumber, toJson } from './exact-number.js'
import { Faults, type FaultRule, type Route } from './faults.js'
import { answerApi, health, routeOf, type Answer, type RouteContext } from './routes.js'
import { BackupStore, type SeededBackup, type SimulatedBackup } from './store.js'
import { TOKEN_PATH, TokenEndpoint, type OAuthClient } from './token.js'

export type { FaultRule, Route } from './faults.js'
export type { OAuthClient } from './token.js'
export { TOKEN_PATH } from './token.js'
export type { SimulatedBackup } from './store.js'

export interface SimulatorOptions {
  /** The id of the first backup made or seeded (digits; beyond 2^53 they stay exact). */
  firstId?: string
  /** Static bearer tokens accepted with every scope. */
  tokens?: string[]
  clients?: OAuthClient[]
  tokenLifetimeSeconds?: number
  /** How long a new backup takes to finish. */
  backupDurationMs?: number
  /**
   * The simulator's clock (default: real time). An in-process step shares it, so its backups
   * progress through the time that step's clock skips.
   */
  now?: () => number
  /** Planets whose backups fail, with the error message they fail with. */
  failingPlanets?: Record<string, string>
  /**
   * The tenant, star system and planets that exist: any other is answered 404, as the real API
   * answers a typo. Unset: every one exists.
   */
  known?: { tenantId: string; projectId: string; planets: string[] }
  /** Which star-system list paths exist: the guide's singular, the likely plural, or both. */
  starSystemListPaths?: Array<'backups' | 'backup'>
  /** How lists are answered: a bare array, or an object wrapping it under this key. */
  listShape?: 'array' | 'backups' | 'items' | 'data'
  /** Added to every API answer (not the token endpoint). */
  latencyMs?: number
  /** Longest retention the platform allows (GWCP's default maximum is 14 days). */
  maxRetentionDays?: number
  /** Error bodies echo the request's Authorization header (and a token request's body). */
  echoRequests?: boolean
  /** What `GET /management/health` says: UP, DOWN (503), or no such endpoint (404). */
  health?: 'UP' | 'DOWN' | 'absent'
  /** Star systems that every caller is refused (403), as for a client outside their access group. */
  forbiddenStarSystems?: string[]
  /** A create is answered 202 with no body. */
  createAnswersWithoutBody?: boolean
  /** A create's answer has a `Location` header naming the new backup. */
  createLocation?: boolean
  /** A created backup shows in lists only this long after its create (GET finds it at once). */
  listLagMs?: number
  /** Names are stored lower-cased, as some servers do. */
  lowerCaseNames?: boolean
  /** A planet's list holds the whole star system's backups, as a server that ignores the planet. */
  ignorePlanetFilter?: boolean
  /** Called with a line for each request handled (method, path, status). */
  log?: (line: string) => void
  faults?: FaultRule[]
}

interface RecordedRequest {
  method: string
  route: Route | 'unknown'
  path: string
  at: number
  status?: number
  fault?: FaultRule['action']
  /** The JSON body of an API request (token requests keep none: they carry a secret). */
  body?: unknown
}

export class Simulator {
  readonly requests: RecordedRequest[] = []
  readonly tokenEndpoint: TokenEndpoint
  private readonly store: BackupStore
  private readonly faults: Faults
  private httpServer: Server | undefined
  private tlsServer: Server | undefined
  private readonly sockets = new Set<Socket>()
  private inFlight = 0
  /** The most API requests ever handled at once. */
  peakInFlight = 0
  options: Required<Omit<SimulatorOptions, 'faults' | 'log' | 'known' | 'firstId'>> &
    Pick<SimulatorOptions, 'log' | 'known'>

  constructor(options: SimulatorOptions = {}) {
    const { faults, ...rest } = options
    this.options = {
      tokens: ['sim-token'],
      clients: [],
      tokenLifetimeSeconds: 3600,
      backupDurationMs: 3000,
      now: Date.now,
      failingPlanets: {},
      starSystemListPaths: ['backups', 'backup'],
      listShape: 'array',
      latencyMs: 0,
      maxRetentionDays: 14,
      echoRequests: false,
      health: 'UP',
      forbiddenStarSystems: [],
      createAnswersWithoutBody: false,
      known: undefined,
      createLocation: false,
      listLagMs: 0,
      lowerCaseNames: false,
      ignorePlanetFilter: false,
      ...rest
    }
    this.faults = new Faults([...(faults ?? [])])
    this.tokenEndpoint = new TokenEndpoint(
      () => this.options.clients,
      () => this.options.tokenLifetimeSeconds,
      () => this.options.now()
    )
    this.store = new BackupStore(() => this.options)
    if (options.firstId) this.store.startIdsAt(options.firstId)
  }

  private get routes(): RouteContext {
    return { settings: this.options, store: this.store, tokenEndpoint: this.tokenEndpoint }
  }

  /** Starts on 127.0.0.1 and the given port (0: a free one); returns the base URL. */
  async start(port = 0): Promise<string> {
    this.httpServer = await this.listen(
      createServer((req, res) => void this.handle(req, res)),
      port
    )
    return this.url
  }

  /** Also serves the same state over https on localhost (a certificate for localhost given). */
  async startTls(tls: { key: string; cert: string }, port = 0): Promise<string> {
    this.tlsServer = await this.listen(
      createTlsServer(tls, (req, res) => void this.handle(req, res)),
      port
    )
    return this.tlsUrl
  }

  private async listen(server: Server, port: number): Promise<Server> {
    server.keepAliveTimeout = 5000
    server.on('connection', socket => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', resolve)
    })
    return server
  }

  get url(): string {
    return `http://127.0.0.1:${portOf(this.httpServer)}`
  }

  get tlsUrl(): string {
    return `https://localhost:${portOf(this.tlsServer)}`
  }

  get tokenUrl(): string {
    return `${this.url}${TOKEN_PATH}`
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    const servers = [this.httpServer, this.tlsServer].filter(server => server !== undefined)
    await Promise.all(
      servers.map(server => new Promise<void>(resolve => server.close(() => resolve())))
    )
    this.httpServer = this.tlsServer = undefined
  }

  addFault(rule: FaultRule): void {
    this.faults.add(rule)
  }

  /** Adds a backup as if made earlier; `ageMs` back from now, finished with `status`. */
  seed(backup: SeededBackup): SimulatedBackup {
    return this.store.seed(backup)
  }

  remove(id: string): void {
    this.store.remove(id)
  }

  /**
   * Every backup the simulator holds, as the API shows it; an id is a number as JSON.parse would
   * read it, or the string of its digits where a number would round it.
   */
  list(): Array<Record<string, unknown>> {
    return this.store.all().map(backup => this.view(backup))
  }

  view(backup: SimulatedBackup): Record<string, unknown> {
    const view = this.store.view(backup)
    if (!(view.id instanceof ExactNumber)) return view
    const id = Number(view.id.digits)
    return { ...view, id: Number.isSafeInteger(id) ? id : view.id.digits }
  }

  /** The moment a created backup reached `succeeded` (or will). */
  succeededAt(id: string): number | undefined {
    return this.store.succeededAt(id)
  }

  count(route?: Route, method?: string): number {
    return this.requests.filter(
      request => (!route || request.route === route) && (!method || request.method === method)
    ).length
  }

  /** Every access token the token endpoint has issued. */
  issuedTokens(): string[] {
    return [...this.tokenEndpoint.issued.keys()]
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator')
    const body = await readBody(req)
    const method = req.method ?? ''
    const match = routeOf(method, url.pathname)
    const recorded: RecordedRequest = {
      method,
      route: match.route,
      path: url.pathname,
      at: this.options.now()
    }
    if (recorded.route !== 'token' && body) recorded.body = parseJson(body)
    this.requests.push(recorded)
    res.on('close', () =>
      this.options.log?.(`${recorded.method} ${recorded.path} → ${recorded.status ?? 'dropped'}`)
    )
    const fault =
      recorded.route === 'unknown' ? undefined : this.faults.next(recorded.route, match.planetId)
    recorded.fault = fault?.action
    const isApi = recorded.route !== 'token' && recorded.route !== 'health'
    if (isApi) this.peakInFlight = Math.max(this.peakInFlight, ++this.inFlight)
    try {
      if (fault?.action === 'status' && fault.delayMs) await sleep(fault.delayMs)
      if (fault && this.answerInstead(fault, req, res, recorded)) return
      if (fault?.action === 'delay') await sleep(fault.delayMs ?? 60_000)
      if (fault?.action === 'status-after') await sleep(fault.delayMs ?? 0)
      if (isApi && this.options.latencyMs > 0) await sleep(this.options.latencyMs)
      const request = { method, path: url.pathname, headers: req.headers, body, match }
      const [status, answer, headers]: Answer =
        match.route === 'token'
          ? this.tokenEndpoint.answer(body, this.options.echoRequests)
          : match.route === 'health'
            ? health(this.options)
            : answerApi(this.routes, request)
      if (fault?.action === 'drop-after') return void req.socket.destroy()
      if (fault?.action === 'status-after') {
        return this.send(
          res,
          recorded,
          fault.status ?? 504,
          fault.body ?? { message: 'Injected fault' }
        )
      }
      for (const [name, value] of Object.entries(headers ?? {})) res.setHeader(name, value)
      if (fault?.action === 'hang-after') await sleep(fault.delayMs ?? 60_000)
      if (res.destroyed) return
      if (fault?.action === 'broken-body') return this.sendBroken(res, recorded, status, answer)
      this.send(res, recorded, status, answer)
    } finally {
      if (isApi) this.inFlight--
    }
  }

  /** Answers for a fault that stands in for the API (`status`, `huge-body`, `drop-before`). */
  private answerInstead(
    fault: FaultRule,
    req: IncomingMessage,
    res: ServerResponse,
    recorded: RecordedRequest
  ): boolean {
    if (fault.action === 'drop-before') {
      req.socket.destroy()
    } else if (fault.action === 'status') {
      if (fault.retryAfter) res.setHeader('Retry-After', fault.retryAfter)
      for (const [name, value] of Object.entries(fault.headers ?? {})) res.setHeader(name, value)
      if (fault.rawBody !== undefined) {
        recorded.status = fault.status ?? 503
        res.writeHead(recorded.status, { 'Content-Type': 'application/json' })
        res.end(fault.rawBody)
      } else {
        this.send(res, recorded, fault.status ?? 503, fault.body ?? { message: 'Injected fault' })
      }
    } else if (fault.action === 'huge-body') {
      this.sendHuge(res, recorded, fault.bytes ?? 64e6)
    } else {
      return false
    }
    return true
  }

  /** The first half of the answer, as a connection cut mid-answer would leave it. */
  private sendBroken(
    res: ServerResponse,
    recorded: RecordedRequest,
    status: number,
    answer: unknown
  ): void {
    const text = toJson(answer)
    recorded.status = status
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))))
  }

  private send(
    res: ServerResponse,
    recorded: RecordedRequest,
    status: number,
    body: unknown
  ): void {
    recorded.status = status
    if (status === 204 || body === undefined) {
      res.writeHead(status)
      return void res.end()
    }
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.end(toJson(body))
  }

  /** A valid JSON list of `bytes` bytes, streamed without a Content-Length. */
  private sendHuge(res: ServerResponse, recorded: RecordedRequest, bytes: number): void {
    recorded.status = 200
    res.writeHead(200, { 'Content-Type': 'application/json' })
    const chunk = `${JSON.stringify({ id: 1, status: 'succeeded', padding: 'x'.repeat(65_000) })},`
    let sent = 1
    res.write('[')
    const more = (): void => {
      while (sent + chunk.length < bytes - 100) {
        sent += chunk.length
        if (!res.write(chunk)) return void res.once('drain', more)
      }
      res.end('{"id":2}]')
    }
    res.on('error', () => undefined)
    more()
  }
}

function portOf(server: Server | undefined): number {
  const address = server?.address() as AddressInfo | null | undefined
  if (!address) throw new Error('The simulator is not running')
  return address.port
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise(resolve => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', () => resolve(''))
  })
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms).unref())
