/** The Database API's routes: who may call them, and what each does to the simulator's backups. */
import type { IncomingMessage } from 'node:http'
import { TOKEN_PATH } from './token.js'
import type { Route } from './faults.js'
import type { SimulatedBackup, Simulator } from './server.js'
import { validateCreate } from './validation.js'

const API = /^\/api\/v1\/tenants\/([^/]+)\/starsystems\/([^/]+)\/(.*)$/
const HEALTH_PATH = '/management/health'

export function routeOf(method: string, path: string): Route | 'unknown' {
  if (path === TOKEN_PATH && method === 'POST') return 'token'
  if (path === HEALTH_PATH && method === 'GET') return 'health'
  const rest = API.exec(path)?.[3]
  if (!rest) return 'unknown'
  if (/^planets\/[^/]+\/backups\/?$/.test(rest)) return method === 'POST' ? 'create' : 'listPlanet'
  if (/^backups\/?$/.test(rest)) return 'listStarSystem'
  if (/^backup\/?$/.test(rest)) return 'listStarSystemSingular'
  if (/^backups\/[^/]+$/.test(rest)) return method === 'DELETE' ? 'delete' : 'get'
  return 'unknown'
}

/** The documented health check: no credentials. */
export function health(simulator: Simulator): [number, unknown] {
  const state = simulator.options.health
  if (state === 'absent') return [404, { message: `No route for GET ${HEALTH_PATH}` }]
  return [state === 'UP' ? 200 : 503, { status: state, groups: ['liveness', 'readiness'] }]
}

export function answerApi(
  simulator: Simulator,
  req: IncomingMessage,
  path: string,
  body: string
): [number, unknown] {
  const { options } = simulator
  const match = API.exec(path)
  if (!match) return [404, { message: `No route for ${req.method} ${path}` }]
  const [, tenantId, projectId, rest] = match.map(decodeURIComponent)
  const authorization = req.headers.authorization ?? ''
  const fail = (status: number, message: string): [number, unknown] => [
    status,
    options.echoRequests
      ? { message: `${message} (request had Authorization: ${authorization})` }
      : { message }
  ]

  const token = /^Bearer (.+)$/.exec(authorization)?.[1]
  const issued = token ? simulator.tokenEndpoint.issued.get(token) : undefined
  const valid =
    token && (options.tokens.includes(token) || (issued && issued.expiresAt > Date.now()))
  if (!valid) {
    return fail(401, issued ? 'The access token has expired' : 'Invalid or missing bearer token')
  }
  const write = req.method === 'POST' || req.method === 'DELETE'
  if (issued) {
    const needed = write ? 'gcc.deployments.write' : 'gcc.deployments.read'
    if (!issued.scopes.includes(needed)) return fail(403, `The access token lacks scope ${needed}`)
    if (!issued.scopes.includes(`tenant.${tenantId}`) && !issued.scopes.includes('any.tenant')) {
      return fail(403, `The access token is not valid for tenant ${tenantId}`)
    }
  }
  if (options.forbiddenStarSystems.includes(projectId)) {
    return fail(403, `The client is not in an access group of star system ${projectId}`)
  }

  const inStarSystem = simulator
    .all()
    .filter(backup => backup.tenantId === tenantId && backup.projectId === projectId)
  const listed = (backups: SimulatedBackup[]): [number, unknown] => {
    const items = backups.map(backup => simulator.view(backup))
    const shape = options.listShape
    return [200, shape === 'array' ? items : { [shape]: items, total: items.length }]
  }

  let parts = rest.split('/')
  if (parts.at(-1) === '') parts = parts.slice(0, -1)
  if (parts[0] === 'planets' && parts.length === 3 && parts[2] === 'backups') {
    const planetId = parts[1]
    if (req.method === 'GET') return listed(inStarSystem.filter(b => b.planetId === planetId))
    if (req.method === 'POST') {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return fail(415, 'Content-Type must be application/json')
      }
      let request: Record<string, unknown>
      try {
        request = JSON.parse(body) as Record<string, unknown>
      } catch {
        return fail(400, 'The body is not JSON')
      }
      const problem = validateCreate(request, options.maxRetentionDays)
      if (problem) return fail(400, problem)
      const backup = simulator.create({ tenantId, projectId, planetId, request })
      return [202, options.createAnswersWithoutBody ? undefined : simulator.view(backup)]
    }
  }
  if (
    (parts[0] === 'backups' || parts[0] === 'backup') &&
    parts.length === 1 &&
    req.method === 'GET'
  ) {
    if (!options.starSystemListPaths.includes(parts[0])) {
      return fail(404, `No route for GET ${path}`)
    }
    return listed(inStarSystem)
  }
  if (parts[0] === 'backups' && parts.length === 2) {
    const backup = inStarSystem.find(candidate => candidate.id === parts[1])
    if (!backup) return fail(404, `Backup ${parts[1]} not found in star system ${projectId}`)
    if (req.method === 'GET') return [200, simulator.view(backup)]
    if (req.method === 'DELETE') {
      simulator.remove(backup.id)
      return [200, { message: `Backup ${backup.id} deleted` }]
    }
  }
  return fail(404, `No route for ${req.method} ${path}`)
}
