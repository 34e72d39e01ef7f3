import type { ClientCredentials } from './auth.js'
import type { CreateBackupRequest } from './api/types.js'
import { parseDuration } from './duration.js'
import { REGIONS } from './regions.js'

const OPERATIONS = ['create', 'get', 'list', 'delete', 'wait', 'ensure', 'prune'] as const
export type OperationName = (typeof OPERATIONS)[number]

export type Authentication =
  { kind: 'token'; accessToken: string } | ({ kind: 'client-credentials' } & ClientCredentials)

export interface WaitPolicy {
  timeoutMs: number
  pollIntervalMs: number
}

interface Common {
  baseUrl: string
  tenantId: string
  projectId: string
  auth: Authentication
  requestTimeoutMs: number
  waitPolicy: WaitPolicy
}

export interface CreateSettings extends Common {
  operation: 'create'
  planetId: string
  request: CreateBackupRequest
  wait: boolean
}
export interface EnsureSettings extends Common {
  operation: 'ensure'
  planetId: string
  request: CreateBackupRequest
  maxAgeMs: number
}
export interface GetSettings extends Common {
  operation: 'get'
  backupId: string
}
export interface WaitSettings extends Common {
  operation: 'wait'
  backupId: string
}
export interface DeleteSettings extends Common {
  operation: 'delete'
  backupId: string
  ignoreNotFound: boolean
}
export interface ListSettings extends Common {
  operation: 'list'
  planetId?: string
}
export interface PruneSettings extends Common {
  operation: 'prune'
  planetId?: string
  keepLast?: number
  olderThanMs?: number
  nameFilter: string
  types: string[]
  dryRun: boolean
  maxConcurrency: number
}

export type Settings =
  | CreateSettings
  | EnsureSettings
  | GetSettings
  | WaitSettings
  | DeleteSettings
  | ListSettings
  | PruneSettings

/** What the default metadata of a backup is derived from (the GitHub context). */
export interface RunContext {
  repository: string
  sha: string
  workflow: string
  job: string
  step: string
  runId: string
  runAttempt: string
  serverUrl: string
}

export interface SettingsSources {
  /** An input's value, trimmed; '' when not set. */
  input: (name: string) => string
  /** Read only when a default needs it. */
  runContext: () => Promise<RunContext>
  /** Called with every credential the moment it is read. */
  secret: (value: string) => void
  /** A few random characters, so that default names never collide across matrix jobs. */
  nonce: () => string
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SettingsError'
  }
}

const ID = /^[A-Za-z0-9._-]+$/
const WRITE_OPERATIONS: ReadonlySet<OperationName> = new Set([
  'create',
  'delete',
  'ensure',
  'prune'
])
const READ_OPERATIONS: ReadonlySet<OperationName> = new Set([
  'create',
  'get',
  'list',
  'wait',
  'ensure',
  'prune'
])
const BACKUP_TYPES = ['permanent', 'temporary', 'scheduled']

/** Reads every input once, validates it, and returns typed settings; throws SettingsError. */
export async function parseSettings(sources: SettingsSources): Promise<Settings> {
  const { input } = sources
  const quoted = (value: string): string => JSON.stringify(value)

  const required = (name: string, why = ''): string => {
    const value = input(name)
    if (!value) throw new SettingsError(`Input "${name}" is required${why}.`)
    return value
  }
  const id = (name: string, value: string): string => {
    if (!ID.test(value) || value === '.' || value === '..') {
      throw new SettingsError(
        `Input "${name}" is ${quoted(value)}: an id may contain only letters, digits, ".", "_" and "-" (and is not "." or "..").`
      )
    }
    return value
  }
  const requiredId = (name: string, why = ''): string => id(name, required(name, why))
  const optionalId = (name: string): string | undefined => {
    const value = input(name)
    return value ? id(name, value) : undefined
  }
  const boolean = (name: string, fallback: boolean): boolean => {
    const value = input(name)
    if (!value) return fallback
    if (['true', 'True', 'TRUE'].includes(value)) return true
    if (['false', 'False', 'FALSE'].includes(value)) return false
    throw new SettingsError(`Input "${name}" is ${quoted(value)}: use true or false.`)
  }
  const integer = (
    name: string,
    min: number,
    max = Number.MAX_SAFE_INTEGER
  ): number | undefined => {
    const value = input(name)
    if (!value) return undefined
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`
      throw new SettingsError(`Input "${name}" is ${quoted(value)}: use a whole number ${range}.`)
    }
    return Number(value)
  }
  const duration = (name: string, fallback: string, minMs: number): number => {
    const value = input(name) || fallback
    const ms = parseDuration(value)
    if (ms === undefined || ms < minMs) {
      throw new SettingsError(
        `Input "${name}" is ${quoted(value)}: use a duration of at least ${minMs / 1000}s such as 90s, 45m, 2h, 1h30m or 7d (a bare number means minutes).`
      )
    }
    return ms
  }
  // An age that decides what is deleted or reused must say its unit: is "olderThan: 7" days?
  const age = (name: string, value: string): number => {
    const ms = /\d\s*[a-z]+\s*$/i.test(value) ? parseDuration(value) : undefined
    if (ms === undefined || ms <= 0) {
      throw new SettingsError(
        `Input "${name}" is ${quoted(value)}: use a duration with its unit, such as 36h, 7d or 1d12h.`
      )
    }
    return ms
  }

  const operationInput = required('operation', `: one of ${OPERATIONS.join(', ')}`)
  const operation = operationInput.toLowerCase() as OperationName
  if (!OPERATIONS.includes(operation)) {
    throw new SettingsError(
      `Input "operation" is ${quoted(operationInput)}: use one of ${OPERATIONS.join(', ')}.`
    )
  }

  const regionInput = input('region')
  const region = regionInput ? REGIONS[regionInput.toUpperCase()] : undefined
  if (regionInput && !region) {
    throw new SettingsError(
      `Input "region" is ${quoted(regionInput)}: use one of ${Object.keys(REGIONS).join(', ')}.`
    )
  }
  const baseUrl = serviceUrl(
    'baseUrl',
    input('baseUrl') || region?.baseUrl || required('baseUrl', ' when "region" is not set')
  ).replace(/\/api\/v1$/, '')
  const tenantId = requiredId('tenantId')
  const projectId = requiredId('projectId')
  const auth = authentication(sources, operation, tenantId, region?.tokenUrl)

  const common: Common = {
    baseUrl,
    tenantId,
    projectId,
    auth,
    requestTimeoutMs: duration('requestTimeout', '30s', 1000),
    waitPolicy: {
      timeoutMs: duration('waitTimeout', '60m', 1000),
      pollIntervalMs: duration('pollInterval', '30s', 1000)
    }
  }

  const createRequest = async (planetId: string): Promise<CreateBackupRequest> => {
    const mechanism = input('mechanism') || 'logical'
    if (!/^[A-Za-z0-9_-]+$/.test(mechanism)) {
      throw new SettingsError(
        `Input "mechanism" is ${quoted(mechanism)}: use a mechanism name such as logical.`
      )
    }
    const planetClass = input('planetClass')
    if (planetClass && !/^[A-Za-z0-9_-]+$/.test(planetClass)) {
      throw new SettingsError(
        `Input "planetClass" is ${quoted(planetClass)}: use a class name such as dev, preprod or prod.`
      )
    }
    const retentionPeriodInDays = integer('retentionPeriodInDays', 1)
    const temporary = boolean('temporary', true)
    const given = { name: input('metadataName'), description: input('metadataDescription') }
    const run = given.name && given.description ? undefined : await sources.runContext()
    const name = given.name || defaultName(run!, planetId, sources.nonce())
    const description = given.description || defaultDescription(run!)
    return {
      mechanism,
      ...(planetClass && { planetClass }),
      temporary,
      ...(retentionPeriodInDays !== undefined && { retentionPeriodInDays }),
      metadata: { name, description }
    }
  }

  switch (operation) {
    case 'create': {
      const planetId = requiredId('planetId', ' for operation "create"')
      return {
        ...common,
        operation,
        planetId,
        request: await createRequest(planetId),
        wait: boolean('wait', true)
      }
    }
    case 'ensure': {
      const planetId = requiredId('planetId', ' for operation "ensure"')
      return {
        ...common,
        operation,
        planetId,
        request: await createRequest(planetId),
        maxAgeMs: age('maxAge', input('maxAge') || '24h')
      }
    }
    case 'get':
    case 'wait':
      return {
        ...common,
        operation,
        backupId: requiredId('backupId', ` for operation "${operation}"`)
      }
    case 'delete':
      return {
        ...common,
        operation,
        backupId: requiredId('backupId', ' for operation "delete"'),
        ignoreNotFound: boolean('ignoreNotFound', false)
      }
    case 'list':
      return { ...common, operation, planetId: optionalId('planetId') }
    case 'prune': {
      const keepLast = integer('keepLast', 0)
      const olderThanMs = input('olderThan') ? age('olderThan', input('olderThan')) : undefined
      if (keepLast === undefined && olderThanMs === undefined) {
        throw new SettingsError(
          'Operation "prune" needs "keepLast", "olderThan" or both: without a criterion it would delete every backup.'
        )
      }
      return {
        ...common,
        operation,
        planetId: optionalId('planetId'),
        keepLast,
        olderThanMs,
        nameFilter: input('nameFilter') || '*',
        types: backupTypes(input('types') || 'permanent,temporary'),
        dryRun: boolean('dryRun', false),
        maxConcurrency: integer('maxConcurrency', 1, 64) ?? 8
      }
    }
  }
}

function authentication(
  sources: SettingsSources,
  operation: OperationName,
  tenantId: string,
  regionTokenUrl: string | undefined
): Authentication {
  const { input, secret } = sources
  const accessToken = input('accessToken')
  const clientId = input('clientId')
  const clientSecret = input('clientSecret')
  // Mask before anything else can fail and print.
  for (const value of [accessToken, clientSecret]) if (value) secret(value)

  if (accessToken && (clientId || clientSecret)) {
    throw new SettingsError(
      'Inputs "accessToken" and "clientId"/"clientSecret" are both set: authenticate one way only — a bearer token, or client credentials.'
    )
  }
  if (accessToken) return { kind: 'token', accessToken }
  if (!clientId && !clientSecret) {
    throw new SettingsError(
      'No credentials: set input "accessToken", or inputs "clientId" and "clientSecret" (Guidewire Hub client credentials).'
    )
  }
  if (!clientId || !clientSecret) {
    const missing = clientId ? 'clientSecret' : 'clientId'
    throw new SettingsError(
      `Input "${missing}" is required with "${clientId ? 'clientId' : 'clientSecret'}": client credentials are a pair.`
    )
  }
  const tokenUrlInput = input('tokenUrl') || regionTokenUrl
  if (!tokenUrlInput) {
    throw new SettingsError(
      'Input "tokenUrl" is required with client credentials when "region" is not set.'
    )
  }
  const scopes = [`tenant.${tenantId}`]
  if (READ_OPERATIONS.has(operation)) scopes.push('gcc.deployments.read')
  if (WRITE_OPERATIONS.has(operation)) scopes.push('gcc.deployments.write')
  return {
    kind: 'client-credentials',
    tokenUrl: serviceUrl('tokenUrl', tokenUrlInput),
    clientId,
    clientSecret,
    scope: input('scope') || scopes.join(' ')
  }
}

/** An https URL, or http to this machine (the simulator); without a trailing slash. */
function serviceUrl(name: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new SettingsError(
      `Input "${name}" is ${JSON.stringify(value)}: not a URL; use https://host[/path].`
    )
  }
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new SettingsError(
      `Input "${name}" is ${JSON.stringify(value)}: use https:// (plain http is accepted only for localhost).`
    )
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new SettingsError(
      `Input "${name}" is ${JSON.stringify(value)}: use a URL without query, fragment or credentials.`
    )
  }
  return url.href.replace(/\/+$/, '')
}

function backupTypes(value: string): string[] {
  const types = value
    .split(',')
    .map(type => type.trim().toLowerCase())
    .filter(Boolean)
  const unknown = types.filter(type => !BACKUP_TYPES.includes(type))
  if (types.length === 0 || unknown.length > 0) {
    throw new SettingsError(
      `Input "types" is ${JSON.stringify(value)}: use a comma-separated list of ${BACKUP_TYPES.join(', ')}.`
    )
  }
  return types
}

function defaultName(run: RunContext, planetId: string, nonce: string): string {
  const parts = [run.repository.replace('/', '-'), run.runId, run.runAttempt, run.job, run.step]
  return ['gha', ...parts, planetId, nonce]
    .map(part => part.replace(/[^A-Za-z0-9._-]+/g, '-'))
    .filter(Boolean)
    .join('-')
}

function defaultDescription(run: RunContext): string {
  const url = `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}/attempts/${run.runAttempt}`
  return `Backup by ${run.repository}@${run.sha.slice(0, 7)}, workflow "${run.workflow}", run ${url}`
}
