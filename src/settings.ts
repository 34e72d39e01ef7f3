import type { ClientCredentials } from './auth.js'
import type { CreateBackupRequest } from './api/types.js'
import { parseDuration } from './duration.js'
import { ID_RULE, isUsableId } from './ids.js'
import { REGIONS } from './regions.js'
import type { RunContext } from './run-context.js'

const OPERATIONS = ['create', 'get', 'list', 'delete', 'wait', 'ensure', 'prune', 'check'] as const
type OperationName = (typeof OPERATIONS)[number]

type Authentication =
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

/** What create and ensure need to make a backup. */
interface NewBackup {
  planetId: string
  request: CreateBackupRequest
  /** The name is the action's own, unique to this step execution; a name a user gives may repeat. */
  nameIsUnique: boolean
}

export interface CreateSettings extends Common, NewBackup {
  operation: 'create'
  wait: boolean
}
export interface EnsureSettings extends Common, NewBackup {
  operation: 'ensure'
  maxAgeMs: number
  minRemainingLifetimeMs: number
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
export interface CheckSettings extends Common {
  operation: 'check'
  planetId?: string
  /** The region as given (upper case), or undefined. */
  region?: string
  tokenUrl?: string
}

export type Settings =
  | CreateSettings
  | EnsureSettings
  | GetSettings
  | WaitSettings
  | DeleteSettings
  | ListSettings
  | PruneSettings
  | CheckSettings

interface SettingsSources {
  /** An input's value, trimmed; '' when not set. */
  input: (name: string) => string
  /** Read only when a default needs it. */
  runContext: () => Promise<RunContext>
  /** Called with every credential the moment it is read. */
  secret: (value: string) => void
  /** A few random characters, so that default names never collide across matrix jobs. */
  nonce: () => string
}

class SettingsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SettingsError'
  }
}

const quoted = (value: string): string => JSON.stringify(value)

/** Reads one input at a time; every refusal names the input, its value and what is accepted. */
class Inputs {
  constructor(private readonly read: (name: string) => string) {}

  text(name: string, fallback = ''): string {
    return this.read(name) || fallback
  }

  required(name: string, why = ''): string {
    const value = this.read(name)
    if (!value) throw new SettingsError(`Input "${name}" is required${why}.`)
    return value
  }

  id(name: string, why = ''): string {
    return this.checkId(name, this.required(name, why))
  }

  optionalId(name: string): string | undefined {
    const value = this.read(name)
    return value ? this.checkId(name, value) : undefined
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.read(name)
    if (!value) return fallback
    if (['true', 'True', 'TRUE'].includes(value)) return true
    if (['false', 'False', 'FALSE'].includes(value)) return false
    throw new SettingsError(`Input "${name}" is ${quoted(value)}: use true or false.`)
  }

  integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const value = this.read(name)
    if (!value) return undefined
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`
      throw new SettingsError(`Input "${name}" is ${quoted(value)}: use a whole number ${range}.`)
    }
    return Number(value)
  }

  duration(name: string, fallback: string, minMs: number): number {
    const value = this.read(name) || fallback
    const ms = parseDuration(value)
    if (ms === undefined || ms < minMs) {
      throw new SettingsError(
        `Input "${name}" is ${quoted(value)}: use a duration of at least ${minMs / 1000}s such as 90s, 45m, 2h, 1h30m or 7d (a bare number means minutes).`
      )
    }
    return ms
  }

  /** An age that decides what is deleted or reused must say its unit: is "olderThan: 7" days? */
  age(name: string, fallback: string): number {
    const value = this.read(name) || fallback
    const ms = /\d\s*[a-z]+\s*$/i.test(value) ? parseDuration(value) : undefined
    if (ms === undefined || ms <= 0) {
      throw new SettingsError(
        `Input "${name}" is ${quoted(value)}: use a duration with its unit, such as 36h, 7d or 1d12h.`
      )
    }
    return ms
  }

  private checkId(name: string, value: string): string {
    if (!isUsableId(value))
      throw new SettingsError(`Input "${name}" is ${quoted(value)}: ${ID_RULE}.`)
    return value
  }
}

const WRITE_OPERATIONS: ReadonlySet<OperationName> = new Set([
  'create',
  'delete',
  'ensure',
  'prune',
  'check'
])
const READ_OPERATIONS: ReadonlySet<OperationName> = new Set([
  'create',
  'get',
  'list',
  'wait',
  'ensure',
  'prune',
  'check'
])
const BACKUP_TYPES = ['permanent', 'temporary', 'scheduled']

/** Reads every input once, validates it, and returns typed settings; throws SettingsError. */
export async function parseSettings(sources: SettingsSources): Promise<Settings> {
  const inputs = new Inputs(sources.input)
  const operationInput = inputs.required('operation', `: one of ${OPERATIONS.join(', ')}`)
  const operation = operationInput.toLowerCase() as OperationName
  if (!OPERATIONS.includes(operation)) {
    throw new SettingsError(
      `Input "operation" is ${quoted(operationInput)}: use one of ${OPERATIONS.join(', ')}.`
    )
  }
  const regionInput = inputs.text('region')
  const region = regionInput ? REGIONS[regionInput.toUpperCase()] : undefined
  if (regionInput && !region) {
    throw new SettingsError(
      `Input "region" is ${quoted(regionInput)}: use one of ${Object.keys(REGIONS).join(', ')}.`
    )
  }
  const baseUrlInput =
    inputs.text('baseUrl') ||
    region?.baseUrl ||
    inputs.required(
      'baseUrl',
      region
        ? ` with region ${regionInput.toUpperCase()}: Guidewire publishes no Database API URL for it`
        : ' when "region" is not set'
    )
  const tenantId = inputs.id('tenantId')
  const common: Common = {
    baseUrl: serviceUrl('baseUrl', baseUrlInput).replace(/\/api\/v1$/, ''),
    tenantId,
    projectId: inputs.id('projectId'),
    auth: authentication(inputs, sources.secret, operation, tenantId, region?.tokenUrl),
    requestTimeoutMs: inputs.duration('requestTimeout', '30s', 1000),
    waitPolicy: {
      timeoutMs: inputs.duration('waitTimeout', '60m', 1000),
      pollIntervalMs: inputs.duration('pollInterval', '30s', 1000)
    }
  }
  const builders: {
    [Name in OperationName]: () => Promise<Extract<Settings, { operation: Name }>>
  } = {
    create: async () => ({
      ...common,
      operation: 'create',
      ...(await newBackup(inputs, sources, 'create')),
      wait: inputs.boolean('wait', true)
    }),
    ensure: async () => ({
      ...common,
      operation: 'ensure',
      ...(await newBackup(inputs, sources, 'ensure')),
      maxAgeMs: inputs.age('maxAge', '24h'),
      minRemainingLifetimeMs: inputs.age('minRemainingLifetime', '1h')
    }),
    get: async () => ({
      ...common,
      operation: 'get',
      backupId: inputs.id('backupId', ' for operation "get"')
    }),
    wait: async () => ({
      ...common,
      operation: 'wait',
      backupId: inputs.id('backupId', ' for operation "wait"')
    }),
    delete: async () => ({
      ...common,
      operation: 'delete',
      backupId: inputs.id('backupId', ' for operation "delete"'),
      ignoreNotFound: inputs.boolean('ignoreNotFound', false)
    }),
    list: async () => ({ ...common, operation: 'list', planetId: inputs.optionalId('planetId') }),
    prune: async () => prune(inputs, common),
    check: async () => ({
      ...common,
      operation: 'check',
      planetId: inputs.optionalId('planetId'),
      region: regionInput ? regionInput.toUpperCase() : undefined,
      tokenUrl: common.auth.kind === 'client-credentials' ? common.auth.tokenUrl : undefined
    })
  }
  return builders[operation]()
}

async function newBackup(
  inputs: Inputs,
  sources: SettingsSources,
  operation: 'create' | 'ensure'
): Promise<NewBackup> {
  const planetId = inputs.id('planetId', ` for operation "${operation}"`)
  const mechanism = inputs.text('mechanism', 'logical')
  if (!/^[A-Za-z0-9_-]+$/.test(mechanism)) {
    throw new SettingsError(
      `Input "mechanism" is ${quoted(mechanism)}: use a mechanism name such as logical.`
    )
  }
  const planetClass = inputs.text('planetClass')
  if (planetClass && !/^[A-Za-z0-9_-]+$/.test(planetClass)) {
    throw new SettingsError(
      `Input "planetClass" is ${quoted(planetClass)}: use a class name such as dev, preprod or prod.`
    )
  }
  const retentionPeriodInDays = inputs.integer('retentionPeriodInDays', 1)
  const temporary = inputs.boolean('temporary', true)
  const given = {
    name: inputs.text('metadataName'),
    description: inputs.text('metadataDescription')
  }
  const run = given.name && given.description ? undefined : await sources.runContext()
  return {
    planetId,
    nameIsUnique: !given.name,
    request: {
      mechanism,
      ...(planetClass && { planetClass }),
      temporary,
      ...(retentionPeriodInDays !== undefined && { retentionPeriodInDays }),
      metadata: {
        name: given.name || defaultName(run!, planetId, sources.nonce()),
        description: given.description || defaultDescription(run!)
      }
    }
  }
}

function prune(inputs: Inputs, common: Common): PruneSettings {
  const keepLast = inputs.integer('keepLast', 0)
  const olderThanMs = inputs.text('olderThan') ? inputs.age('olderThan', '') : undefined
  if (keepLast === undefined && olderThanMs === undefined) {
    throw new SettingsError(
      'Operation "prune" needs "keepLast", "olderThan" or both: without a criterion it would delete every backup.'
    )
  }
  return {
    ...common,
    operation: 'prune',
    planetId: inputs.optionalId('planetId'),
    keepLast,
    olderThanMs,
    nameFilter: inputs.text('nameFilter', '*'),
    types: backupTypes(inputs.text('types', 'permanent,temporary')),
    dryRun: inputs.boolean('dryRun', false),
    maxConcurrency: inputs.integer('maxConcurrency', 1, 64) ?? 8
  }
}

function authentication(
  inputs: Inputs,
  secret: (value: string) => void,
  operation: OperationName,
  tenantId: string,
  regionTokenUrl: string | undefined
): Authentication {
  const accessToken = inputs.text('accessToken')
  const clientId = inputs.text('clientId')
  const clientSecret = inputs.text('clientSecret')
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
  const tokenUrlInput = inputs.text('tokenUrl', regionTokenUrl)
  if (!tokenUrlInput) {
    throw new SettingsError(
      'Input "tokenUrl" is required with client credentials when "region" is not set.'
    )
  }
  return {
    kind: 'client-credentials',
    tokenUrl: serviceUrl('tokenUrl', tokenUrlInput),
    clientId,
    clientSecret,
    scope: inputs.text('scope', defaultScope(operation, tenantId))
  }
}

/** `tenant.<id>` and the read and/or write scope that the operation needs. */
export function defaultScope(operation: OperationName, tenantId: string): string {
  const scopes = [`tenant.${tenantId}`]
  if (READ_OPERATIONS.has(operation)) scopes.push('gcc.deployments.read')
  if (WRITE_OPERATIONS.has(operation)) scopes.push('gcc.deployments.write')
  return scopes.join(' ')
}

/** An https URL, or http to this machine (the simulator); without a trailing slash. */
function serviceUrl(name: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new SettingsError(
      `Input "${name}" is ${quoted(value)}: not a URL; use https://host[/path].`
    )
  }
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new SettingsError(
      `Input "${name}" is ${quoted(value)}: use https:// (plain http is accepted only for localhost).`
    )
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new SettingsError(
      `Input "${name}" is ${quoted(value)}: use a URL without query, fragment or credentials.`
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
      `Input "types" is ${quoted(value)}: use a comma-separated list of ${BACKUP_TYPES.join(', ')}.`
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
