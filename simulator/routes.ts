/** The Database API's routes: who may call them, and what each does to the simulator's backups. */
import type { IncomingHttpHeaders } from 'node:http'
import { TOKEN_PATH, type TokenEndpoint } from './token.js'
import type { Route } from './faults.js'
import type { BackupStore, SimulatedBackup } from './store.js'
import { validateCreate } from './validation.js'

const API = /^\/api\/v1\/tenants\/([^/]+)\/starsystems\/([^/]+)\/(.*)$/
const HEALTH_PATH = '/management/health'

/** A request's route and the ids in its path, read once. */
export interface RouteMatch {
  route: Route | 'unknown'
  tenantId: string
  projectId: string
  planetId: string
  backupId: string
}

/** What the routes are told by the simulator's options. */
export interface RouteSettings {
  tokens: string[]
  echoRequests: boolean
  forbiddenStarSystems: string[]
  starSystemListPaths: Array<'backups' | 'backup'>
  listShape: 'array' | 'backups' | 'items' | 'data'
  maxRetentionDays: number
  createAnswersWithoutBody: boolean
  createLocation: boolean
  listLagMs: number
  lowerCaseNames: boolean
  ignorePlanetFilter: boolean
  now: () => number
  health: 'UP' | 'DOWN' | 'absent'
  known?: { tenantId: string; projectId: string; planets: string[] }
}

export interface ApiRequest {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
  match: RouteMatch
}

export interface RouteContext {
  settings: RouteSettings
  store: BackupStore
  tokenEndpoint: TokenEndpoint
}

export type Answer = [number, unknown, Record<string, string>?]

export function routeOf(method: string, path: string): RouteMatch {
  const match: RouteMatch = {
    route: 'unknown',
    tenantId: '',
    projectId: '',
    planetId: '',
    backupId: ''
  }
  if (path === TOKEN_PATH && method === 'POST') return { ...match, route: 'token' }
  if (path === HEALTH_PATH && method === 'GET') return { ...match, route: 'health' }
  const found = API.exec(path)
  if (!found) return match
  const [tenantId, projectId, rest] = found.slice(1).map(decodeURIComponent)
  const ids = { ...match, tenantId, projectId }
  const parts = rest.replace(/\/$/, '').split('/')
  if (parts.length === 3 && parts[0] === 'planets' && parts[2] === 'backups') {
    const route = method === 'POST' ? 'create' : method === 'GET' ? 'listPlanet' : 'unknown'
    return { ...ids, route, planetId: parts[1] }
  }
  if (parts.length === 1 && method === 'GET') {
    if (parts[0] === 'backups') return { ...ids, route: 'listStarSystem' }
    if (parts[0] === 'backup') return { ...ids, route: 'listStarSystemSingular' }
  }
  if (parts.length === 2 && parts[0] === 'backups' && ['GET', 'DELETE'].includes(method)) {
    return { ...ids, route: method === 'DELETE' ? 'delete' : 'get', backupId: parts[1] }
  }
  return ids
}

/** The documented health check: no credentials. */
export function health(settings: RouteSettings): Answer {
  const state = settings.health
  if (state === 'absent') return [404, { message: `No route for GET ${HEALTH_PATH}` }]
  return [state === 'UP' ? 200 : 503, { status: state, groups: ['liveness', 'readiness'] }]
}

export function answerApi(context: RouteContext, request: ApiRequest): Answer {
  if (!request.match.projectId)
    return [404, { message: `No route for ${request.method} ${request.path}` }]
  const fail = failWith(context.settings, request)
  const refusal = authorize(context, request, fail) ?? unknown(context.settings, request, fail)
  if (refusal) return refusal
  const { match } = request
  const inStarSystem = context.store.inStarSystem(match.tenantId, match.projectId)
  switch (match.route) {
    case 'listPlanet':
      return listed(
        context,
        context.settings.ignorePlanetFilter
          ? inStarSystem
          : inStarSystem.filter(b => b.planetId === match.planetId)
      )
    case 'create':
      return create(context, request, fail)
    case 'listStarSystem':
    case 'listStarSystemSingular': {
      const path = match.route === 'listStarSystem' ? 'backups' : 'backup'
      if (!context.settings.starSystemListPaths.includes(path)) {
        return fail(404, `No route for GET ${request.path}`)
      }
      return listed(context, inStarSystem)
    }
    case 'get':
    case 'delete':
      return oneBackup(context, request, inStarSystem, fail)
    default:
      return fail(404, `No route for ${request.method} ${request.path}`)
  }
}

type Fail = (status: number, message: string) => Answer

/** An error answer; with `echoRequests`, one that quotes the request's Authorization header. */
function failWith(settings: RouteSettings, request: ApiRequest): Fail {
  const authorization = request.headers.authorization ?? ''
  return (status, message) => [
    status,
    settings.echoRequests
      ? { message: `${message} (request had Authorization: ${authorization})` }
      : { message }
  ]
}

/** A refusal (401, 403) unless the bearer token may make this request. */
function authorize(context: RouteContext, request: ApiRequest, fail: Fail): Answer | undefined {
  const { settings, tokenEndpoint } = context
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
  const issued = token ? tokenEndpoint.issued.get(token) : undefined
  const valid =
    token && (settings.tokens.includes(token) || (issued && issued.expiresAt > settings.now()))
  if (!valid) {
    return fail(401, issued ? 'The access token has expired' : 'Invalid or missing bearer token')
  }
  const { tenantId, projectId } = request.match
  if (issued) {
    const write = request.method === 'POST' || request.method === 'DELETE'
    const needed = write ? 'gcc.deployments.write' : 'gcc.deployments.read'
    if (!issued.scopes.includes(needed)) return fail(403, `The access token lacks scope ${needed}`)
    if (!issued.scopes.includes(`tenant.${tenantId}`) && !issued.scopes.includes('any.tenant')) {
      return fail(403, `The access token is not valid for tenant ${tenantId}`)
    }
  }
  if (settings.forbiddenStarSystems.includes(projectId)) {
    return fail(403, `The client is not in an access group of star system ${projectId}`)
  }
  return undefined
}

/** A 404 for a tenant, star system or planet that does not exist, when the simulator knows. */
function unknown(settings: RouteSettings, request: ApiRequest, fail: Fail): Answer | undefined {
  const { known } = settings
  const { tenantId, projectId, planetId } = request.match
  if (!known) return undefined
  if (tenantId !== known.tenantId) return fail(404, `Tenant ${tenantId} not found`)
  if (projectId !== known.projectId) {
    return fail(404, `Star system ${projectId} not found in tenant ${tenantId}`)
  }
  if (planetId && !known.planets.includes(planetId)) {
    return fail(404, `Planet ${planetId} not found in star system ${projectId}`)
  }
  return undefined
}

function listed(context: RouteContext, backups: SimulatedBackup[]): Answer {
  const since = context.settings.now() - context.settings.listLagMs
  const items = backups
    .filter(backup => backup.fixedStatus || backup.createdAt <= since)
    .map(backup => context.store.view(backup))
  const shape = context.settings.listShape
  return [200, shape === 'array' ? items : { [shape]: items, total: items.length }]
}

function create(context: RouteContext, request: ApiRequest, fail: Fail): Answer {
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
    return fail(415, 'Content-Type must be application/json')
  }
  let body: Record<string, unknown>
  try {
    body = JSON.parse(request.body) as Record<string, unknown>
  } catch {
    return fail(400, 'The body is not JSON')
  }
  const problem = validateCreate(body, context.settings.maxRetentionDays)
  if (problem) return fail(400, problem)
  const { tenantId, projectId, planetId } = request.match
  if (context.settings.lowerCaseNames && typeof body.metadata === 'object' && body.metadata) {
    const metadata = body.metadata as { name?: unknown }
    if (typeof metadata.name === 'string') metadata.name = metadata.name.toLowerCase()
  }
  const backup = context.store.create({ tenantId, projectId, planetId, request: body })
  const location = `/api/v1/tenants/${tenantId}/starsystems/${projectId}/backups/${backup.id}`
  const headers = context.settings.createLocation ? { Location: location } : undefined
  const answer = context.settings.createAnswersWithoutBody ? undefined : context.store.view(backup)
  return [202, answer, headers]
}

function oneBackup(
  context: RouteContext,
  request: ApiRequest,
  inStarSystem: SimulatedBackup[],
  fail: Fail
): Answer {
  const { backupId, projectId } = request.match
  const backup = inStarSystem.find(candidate => candidate.id === backupId)
  if (!backup) return fail(404, `Backup ${backupId} not found in star system ${projectId}`)
  if (request.method === 'GET') return [200, context.store.view(backup)]
  context.store.remove(backup.id)
  return [200, { message: `Backup ${backup.id} deleted` }]
}
