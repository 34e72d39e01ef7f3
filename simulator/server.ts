/**
 * A stateful simulator of the GWCP Database API and of a Guidewire Hub token endpoint, for the
 * demo, the tests, the benchmark and manual runs (`npm run simulator`). Backups move
 * pending → in_progress → succeeded (or failed, for planets configured so) over a set duration.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { randomBytes } from 'node:crypto'

export type Route =
  'create' | 'get' | 'listPlanet' | 'listStarSystem' | 'listStarSystemSingular' | 'delete' | 'token'

/** A rule that makes matching requests misbehave; see README "Fault injection". */
export interface FaultRule {
  route: Route | '*'
  /** Let this many requests of the route through first (whatever other rules did to them). */
  skip?: number
  /** How many matching requests the rule applies to (default 1; 0 means all). */
  times?: number
  /**
   * status: answer `status` (with `retryAfter`, `body`) without acting;
   * drop-before: close the connection without acting; drop-after: act, then close the connection;
   * delay: wait `delayMs`, then act and answer normally; hang-after: act, then wait `delayMs`
   * before answering; broken-body: act, then answer a truncated body.
   */
  action: 'status' | 'drop-before' | 'drop-after' | 'delay' | 'hang-after' | 'broken-body'
  status?: number
  retryAfter?: string
  body?: unknown
  delayMs?: number
}

export interface OAuthClient {
  clientId: string
  clientSecret: string
  /** Scopes this client may request; `tenant.*` grants every tenant scope. */
  scopes: string[]
}

export interface SimulatorOptions {
  /** Static bearer tokens accepted with every scope. */
  tokens?: string[]
  clients?: OAuthClient[]
  tokenLifetimeSeconds?: number
  /** How long a new backup takes to finish. */
  backupDurationMs?: number
  /** Planets whose backups fail, with the error message they fail with. */
  failingPlanets?: Record<string, string>
  /** Which star-system list paths exist: the guide's singular, the likely plural, or both. */
  starSystemListPaths?: Array<'backups' | 'backup'>
  /** How lists are answered: a bare array, or an object wrapping it under this key. */
  listShape?: 'array' | 'backups' | 'items' | 'data'
  /** Added to every API answer (not the token endpoint). */
  latencyMs?: number
  /** Longest retention the platform allows (GWCP's default maximum is 14 days). */
  maxRetentionDays?: number
  /** Error bodies echo the request's Authorization header, as a careless gateway might. */
  echoAuthorization?: boolean
  faults?: FaultRule[]
}

export interface SimulatedBackup {
  id: string
  tenantId: string
  projectId: string
  planetId: string
  mechanism: string
  planetClass?: string
  type: 'temporary' | 'permanent' | 'scheduled'
  retentionPeriodInDays?: number
  metadata: { name: string; description?: string }
  createdAt: number
  durationMs: number
  /** Fixed outcome for seeded backups; created ones follow the clock. */
  fixedStatus?: string
  completedAt?: number
  failWith?: string
}

export interface RecordedRequest {
  method: string
  route: Route | 'unknown'
  path: string
  at: number
  status?: number
  fault?: FaultRule['action']
  /** The JSON body of an API request (token requests keep none: they carry a secret). */
  body?: unknown
}

interface IssuedToken {
  scopes: string[]
  expiresAt: number
}

const API = /^\/api\/v1\/tenants\/([^/]+)\/starsystems\/([^/]+)\/(.*)$/
export const TOKEN_PATH = '/oauth2/default/v1/token'

export class Simulator {
  readonly requests: RecordedRequest[] = []
  private readonly backups = new Map<string, SimulatedBackup>()
  private readonly issued = new Map<string, IssuedToken>()
  private readonly faultHits = new Map<FaultRule, number>()
  private nextId = 1000
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  private inFlight = 0
  /** The most API requests ever handled at once. */
  peakInFlight = 0
  options: Required<Omit<SimulatorOptions, 'faults'>> & { faults: FaultRule[] }

  constructor(options: SimulatorOptions = {}) {
    this.options = {
      tokens: ['sim-token'],
      clients: [],
      tokenLifetimeSeconds: 3600,
      backupDurationMs: 3000,
      failingPlanets: {},
      starSystemListPaths: ['backups', 'backup'],
      listShape: 'array',
      latencyMs: 0,
      maxRetentionDays: 14,
      echoAuthorization: false,
      ...options,
      faults: [...(options.faults ?? [])]
    }
  }

  /** Starts on 127.0.0.1 and the given port (0: a free one); returns the base URL. */
  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => void this.handle(req, res))
    server.keepAliveTimeout = 5000
    server.on('connection', socket => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', resolve)
    })
    this.server = server
    return this.url
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null
    if (!address) throw new Error('The simulator is not running')
    return `http://127.0.0.1:${address.port}`
  }

  get tokenUrl(): string {
    return `${this.url}${TOKEN_PATH}`
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>(resolve =>
      this.server ? this.server.close(() => resolve()) : resolve()
    )
    this.server = undefined
  }

  addFault(rule: FaultRule): void {
    this.options.faults.push(rule)
  }

  /** Adds a backup as if made earlier; `ageMs` back from now, finished with `status`. */
  seed(backup: {
    tenantId?: string
    projectId?: string
    planetId: string
    status?: string
    type?: SimulatedBackup['type']
    mechanism?: string
    name?: string
    ageMs?: number
    errorMessage?: string
  }): SimulatedBackup {
    const completedAt = Date.now() - (backup.ageMs ?? 0)
    const status = backup.status ?? 'succeeded'
    const seeded: SimulatedBackup = {
      id: String(this.nextId++),
      tenantId: backup.tenantId ?? 'acme',
      projectId: backup.projectId ?? 'pc',
      planetId: backup.planetId,
      mechanism: backup.mechanism ?? 'logical',
      type: backup.type ?? 'temporary',
      metadata: { name: backup.name ?? `seeded-${this.nextId}` },
      createdAt: completedAt - 60_000,
      durationMs: 60_000,
      fixedStatus: status,
      completedAt: ['succeeded', 'failed'].includes(status) ? completedAt : undefined,
      failWith:
        status === 'failed' ? (backup.errorMessage ?? 'pg_dump exited with code 1') : undefined
    }
    this.backups.set(seeded.id, seeded)
    return seeded
  }

  /** Every backup the simulator holds, as the API shows it. */
  list(): Array<Record<string, unknown>> {
    return [...this.backups.values()].map(backup => this.view(backup))
  }

  count(route?: Route, method?: string): number {
    return this.requests.filter(
      request => (!route || request.route === route) && (!method || request.method === method)
    ).length
  }

  /** Every access token the token endpoint has issued. */
  issuedTokens(): string[] {
    return [...this.issued.keys()]
  }

  /** The moment a created backup reached `succeeded` (or will). */
  succeededAt(id: string): number | undefined {
    const backup = this.backups.get(id)
    return backup && backup.createdAt + backup.durationMs
  }

  private statusOf(backup: SimulatedBackup, now = Date.now()): string {
    if (backup.fixedStatus) return backup.fixedStatus
    const elapsed = now - backup.createdAt
    if (elapsed >= backup.durationMs) return backup.failWith ? 'failed' : 'succeeded'
    return elapsed < backup.durationMs / 4 ? 'pending' : 'in_progress'
  }

  view(backup: SimulatedBackup): Record<string, unknown> {
    const status = this.statusOf(backup)
    const done = status === 'succeeded' || status === 'failed'
    const completedAt = backup.completedAt ?? backup.createdAt + backup.durationMs
    const retentionDays = backup.retentionPeriodInDays ?? 7
    return {
      id: Number(backup.id),
      mechanism: backup.mechanism,
      type: backup.type,
      environment: {
        tenant: backup.tenantId,
        project: backup.projectId,
        stage: backup.planetClass ?? 'dev',
        name: backup.planetId
      },
      metadata: backup.metadata,
      status,
      displayStatus: DISPLAY[status] ?? status,
      errorMessage: status === 'failed' ? backup.failWith : null,
      startedAt: iso(backup.createdAt),
      completedAt: done ? iso(completedAt) : null,
      expirationDate:
        backup.type === 'permanent' ? null : iso(backup.createdAt + retentionDays * 86_400_000),
      databaseToApplicationBuilds: {}
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator')
    const body = await readBody(req)
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      route: routeOf(req.method ?? '', url.pathname),
      path: url.pathname,
      at: Date.now()
    }
    if (recorded.route !== 'token' && body) recorded.body = parseJson(body)
    this.requests.push(recorded)
    const fault = recorded.route === 'unknown' ? undefined : this.faultFor(recorded.route)
    recorded.fault = fault?.action
    const isApi = recorded.route !== 'token'
    if (isApi) this.peakInFlight = Math.max(this.peakInFlight, ++this.inFlight)
    try {
      if (fault?.action === 'drop-before') return void req.socket.destroy()
      if (fault?.action === 'status') {
        if (fault.retryAfter) res.setHeader('Retry-After', fault.retryAfter)
        return this.send(
          res,
          recorded,
          fault.status ?? 503,
          fault.body ?? { message: 'Injected fault' }
        )
      }
      if (fault?.action === 'delay') await sleep(fault.delayMs ?? 60_000)
      if (isApi && this.options.latencyMs > 0) await sleep(this.options.latencyMs)
      const [status, answer] =
        recorded.route === 'token' ? this.token(body) : this.api(req, url.pathname, body)
      if (fault?.action === 'drop-after') return void req.socket.destroy()
      if (fault?.action === 'hang-after') await sleep(fault.delayMs ?? 60_000)
      if (res.destroyed) return
      if (fault?.action === 'broken-body') {
        const text = JSON.stringify(answer)
        recorded.status = status
        res.writeHead(status, { 'Content-Type': 'application/json' })
        return void res.end(text.slice(0, Math.max(1, Math.floor(text.length / 2))))
      }
      this.send(res, recorded, status, answer)
    } finally {
      if (isApi) this.inFlight--
    }
  }

  /** Every rule counts every request of its route; the first rule whose turn it is applies. */
  private faultFor(route: Route): FaultRule | undefined {
    let chosen: FaultRule | undefined
    for (const rule of this.options.faults) {
      if (rule.route !== '*' && rule.route !== route) continue
      const hits = this.faultHits.get(rule) ?? 0
      this.faultHits.set(rule, hits + 1)
      const skip = rule.skip ?? 0
      const times = rule.times ?? 1
      if (!chosen && hits >= skip && (times === 0 || hits < skip + times)) chosen = rule
    }
    return chosen
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
    res.end(JSON.stringify(body))
  }

  private token(body: string): [number, unknown] {
    const form = new URLSearchParams(body)
    if (form.get('grant_type') !== 'client_credentials') {
      return [
        400,
        { error: 'unsupported_grant_type', error_description: 'Use client_credentials.' }
      ]
    }
    const client = this.options.clients.find(
      candidate =>
        candidate.clientId === form.get('client_id') &&
        candidate.clientSecret === form.get('client_secret')
    )
    if (!client) {
      return [401, { error: 'invalid_client', error_description: 'Client authentication failed.' }]
    }
    const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean)
    const allowed = (scope: string): boolean =>
      client.scopes.includes(scope) ||
      (scope.startsWith('tenant.') && client.scopes.includes('tenant.*'))
    const refused = requested.filter(scope => !allowed(scope))
    if (requested.length === 0 || refused.length > 0) {
      return [
        400,
        {
          error: 'invalid_scope',
          error_description: `One or more scopes are not configured for the client: ${refused.join(' ') || '(none requested)'}`
        }
      ]
    }
    const accessToken = `sim-${randomBytes(16).toString('hex')}`
    const lifetime = this.options.tokenLifetimeSeconds
    this.issued.set(accessToken, { scopes: requested, expiresAt: Date.now() + lifetime * 1000 })
    return [
      200,
      {
        token_type: 'Bearer',
        expires_in: lifetime,
        access_token: accessToken,
        scope: requested.join(' ')
      }
    ]
  }

  private api(req: IncomingMessage, path: string, body: string): [number, unknown] {
    const match = API.exec(path)
    if (!match) return [404, { message: `No route for ${req.method} ${path}` }]
    const [, tenantId, projectId, rest] = match.map(decodeURIComponent)
    const authorization = req.headers.authorization ?? ''
    const fail = (status: number, message: string): [number, unknown] => [
      status,
      this.options.echoAuthorization
        ? { message: `${message} (request had Authorization: ${authorization})` }
        : { message }
    ]

    const token = /^Bearer (.+)$/.exec(authorization)?.[1]
    const issued = token ? this.issued.get(token) : undefined
    const valid =
      token && (this.options.tokens.includes(token) || (issued && issued.expiresAt > Date.now()))
    if (!valid)
      return fail(401, issued ? 'The access token has expired' : 'Invalid or missing bearer token')
    const write = req.method === 'POST' || req.method === 'DELETE'
    if (issued) {
      const needed = write ? 'gcc.deployments.write' : 'gcc.deployments.read'
      if (!issued.scopes.includes(needed))
        return fail(403, `The access token lacks scope ${needed}`)
      if (!issued.scopes.includes(`tenant.${tenantId}`) && !issued.scopes.includes('any.tenant')) {
        return fail(403, `The access token is not valid for tenant ${tenantId}`)
      }
    }

    const inStarSystem = [...this.backups.values()].filter(
      backup => backup.tenantId === tenantId && backup.projectId === projectId
    )
    const listed = (backups: SimulatedBackup[]): [number, unknown] => {
      const items = backups.map(backup => this.view(backup))
      const shape = this.options.listShape
      return [200, shape === 'array' ? items : { [shape]: items, total: items.length }]
    }

    let parts = rest.split('/')
    if (parts.at(-1) === '') parts = parts.slice(0, -1)
    if (parts[0] === 'planets' && parts.length === 3 && parts[2] === 'backups') {
      const planetId = parts[1]
      if (req.method === 'GET') return listed(inStarSystem.filter(b => b.planetId === planetId))
      if (req.method === 'POST') {
        return this.create({ req, body, tenantId, projectId, planetId, fail })
      }
    }
    if (
      (parts[0] === 'backups' || parts[0] === 'backup') &&
      parts.length === 1 &&
      req.method === 'GET'
    ) {
      if (!this.options.starSystemListPaths.includes(parts[0])) {
        return fail(404, `No route for GET ${path}`)
      }
      return listed(inStarSystem)
    }
    if (parts[0] === 'backups' && parts.length === 2) {
      const backup = inStarSystem.find(candidate => candidate.id === parts[1])
      if (!backup) return fail(404, `Backup ${parts[1]} not found in star system ${projectId}`)
      if (req.method === 'GET') return [200, this.view(backup)]
      if (req.method === 'DELETE') {
        this.backups.delete(backup.id)
        return [200, { message: `Backup ${backup.id} deleted` }]
      }
    }
    return fail(404, `No route for ${req.method} ${path}`)
  }

  private create({
    req,
    body,
    tenantId,
    projectId,
    planetId,
    fail
  }: {
    req: IncomingMessage
    body: string
    tenantId: string
    projectId: string
    planetId: string
    fail: (status: number, message: string) => [number, unknown]
  }): [number, unknown] {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return fail(415, 'Content-Type must be application/json')
    }
    let request: Record<string, unknown>
    try {
      request = JSON.parse(body) as Record<string, unknown>
    } catch {
      return fail(400, 'The body is not JSON')
    }
    const problem = validateCreate(request, this.options.maxRetentionDays)
    if (problem) return fail(400, problem)
    const metadata = request.metadata as { name: string; description?: string }
    const backup: SimulatedBackup = {
      id: String(this.nextId++),
      tenantId,
      projectId,
      planetId,
      mechanism: request.mechanism as string,
      planetClass: request.planetClass as string | undefined,
      type: request.temporary === false ? 'permanent' : 'temporary',
      retentionPeriodInDays: request.retentionPeriodInDays as number | undefined,
      metadata,
      createdAt: Date.now(),
      durationMs: this.options.backupDurationMs,
      failWith: this.options.failingPlanets[planetId]
    }
    this.backups.set(backup.id, backup)
    return [202, this.view(backup)]
  }
}

const DISPLAY: Record<string, string> = {
  pending: 'queued',
  in_progress: 'in progress',
  succeeded: 'ready',
  failed: 'failed'
}

const KNOWN_FIELDS = ['mechanism', 'planetClass', 'temporary', 'retentionPeriodInDays', 'metadata']

export function validateCreate(
  body: Record<string, unknown>,
  maxRetentionDays: number
): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'The body must be an object'
  const unknown = Object.keys(body).filter(key => !KNOWN_FIELDS.includes(key))
  if (unknown.length > 0) return `Unknown field(s): ${unknown.join(', ')}`
  if (typeof body.mechanism !== 'string' || !body.mechanism)
    return 'mechanism must be a non-empty string'
  if ('planetClass' in body && typeof body.planetClass !== 'string')
    return 'planetClass must be a string'
  if (typeof body.temporary !== 'boolean') return 'temporary must be a boolean'
  if ('retentionPeriodInDays' in body) {
    const days = body.retentionPeriodInDays
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) {
      return 'retentionPeriodInDays must be an integer ≥ 1'
    }
    if (days > maxRetentionDays)
      return `retentionPeriodInDays exceeds the maximum of ${maxRetentionDays} days`
  }
  const metadata = body.metadata as Record<string, unknown> | undefined
  if (typeof metadata !== 'object' || metadata === null || typeof metadata.name !== 'string') {
    return 'metadata.name must be a string'
  }
  if ('description' in metadata && typeof metadata.description !== 'string') {
    return 'metadata.description must be a string'
  }
  return undefined
}

function routeOf(method: string, path: string): Route | 'unknown' {
  if (path === TOKEN_PATH && method === 'POST') return 'token'
  const rest = API.exec(path)?.[3]
  if (!rest) return 'unknown'
  if (/^planets\/[^/]+\/backups\/?$/.test(rest)) return method === 'POST' ? 'create' : 'listPlanet'
  if (/^backups\/?$/.test(rest)) return 'listStarSystem'
  if (/^backup\/?$/.test(rest)) return 'listStarSystemSingular'
  if (/^backups\/[^/]+$/.test(rest)) return method === 'DELETE' ? 'delete' : 'get'
  return 'unknown'
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

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms).unref())
