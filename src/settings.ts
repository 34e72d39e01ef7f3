/**
 * Every input read once into typed settings, one builder per operation: an operation's code sees
 * only the settings it has (create cannot see a backupId).
 */
import type { Authentication } from './auth.js'
import type { CreateBackupRequest } from './api/types.js'
import type { NameRule } from './backups/index.js'
import { SettingsError } from './errors.js'
import { ID_RULE, isUsableId } from './ids.js'
import { Inputs, quoted, serviceUrl } from './inputs.js'
import { REGIONS, type Region } from './regions.js'
import { defaultDescription, defaultName, type RunContext } from './run-context.js'
import { defaultOf, unreadInputs, type InputName } from './input-table.js'
import { defaultScope, OPERATIONS, type OperationName } from './scopes.js'
import { folded } from './text.js'

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
  names: NameRule
  types: string[]
  dryRun: boolean
  maxConcurrency: number
}
export interface AuditSettings extends Common {
  operation: 'audit'
  /** One planet's own list; without it, the star system's. */
  planetId?: string
  /** Exactly these planets of the star system's list (trimmed, case-blind); else every one seen. */
  planets?: string[]
  maxAgeMs: number
  minRemainingLifetimeMs: number
  types: string[]
  /** Every name unless nameFilter says otherwise (the prune's rule, with audit's default). */
  names: NameRule
}
export interface CheckSettings extends Common {
  operation: 'check'
  planetId?: string
  /** The region as given (upper case), or undefined. */
  region?: string
}

export type Settings =
  | CreateSettings
  | EnsureSettings
  | GetSettings
  | WaitSettings
  | DeleteSettings
  | ListSettings
  | PruneSettings
  | AuditSettings
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
  /** Told of each input given a value the operation does not read. */
  warning: (message: string) => void
}

const BACKUP_TYPES = ['permanent', 'temporary', 'scheduled']

/** Why a secret a workflow passes can arrive empty. */
const EMPTY_SECRETS =
  'If it is set from a secret: secrets are empty in workflows started by Dependabot and by pull ' +
  'requests from forks, and in a job that does not name the environment holding them (environment: …).'

/** What list and prune work on, as messages say it: "planet dev1" or "star system pc". */
export const scopeOf = (settings: { planetId?: string; projectId: string }): string =>
  settings.planetId ? `planet ${settings.planetId}` : `star system ${settings.projectId}`

type Builders = {
  [Name in OperationName]: () => Promise<Extract<Settings, { operation: Name }>>
}

/** Reads every input once, validates it, and returns typed settings; throws SettingsError. */
export async function parseSettings(sources: SettingsSources): Promise<Settings> {
  const operationInput = new Inputs(sources.input).required(
    'operation',
    `: one of ${OPERATIONS.join(', ')}`
  )
  const operation = operationInput.toLowerCase() as OperationName
  if (!OPERATIONS.includes(operation)) {
    throw new SettingsError(
      `Input "operation" is ${quoted(operationInput)}: use one of ${OPERATIONS.join(', ')}.`
    )
  }
  const inputs = new Inputs(name => sources.input(name) || defaultOf(name as InputName, operation))
  refuseUnread(inputs, sources, operation)
  const region = regionOf(inputs)
  const common = commonSettings(inputs, sources, operation, region)
  return builders(inputs, sources, common, region?.name)[operation]()
}

function regionOf(inputs: Inputs): (Region & { name: string }) | undefined {
  const regionInput = inputs.text('region')
  if (!regionInput) return undefined
  const name = regionInput.toUpperCase()
  const region = REGIONS[name]
  if (!region) {
    throw new SettingsError(
      `Input "region" is ${quoted(regionInput)}: use one of ${Object.keys(REGIONS).join(', ')}.`
    )
  }
  return { ...region, name }
}

function commonSettings(
  inputs: Inputs,
  sources: SettingsSources,
  operation: OperationName,
  region: (Region & { name: string }) | undefined
): Common {
  const baseUrlInput =
    inputs.text('baseUrl') ||
    region?.baseUrl ||
    inputs.required(
      'baseUrl',
      region
        ? ` with region ${region.name}: Guidewire publishes no Database API URL for it`
        : ' when "region" is not set'
    )
  const tenantId = inputs.id('tenantId')
  return {
    baseUrl: serviceUrl('baseUrl', baseUrlInput).replace(/\/api\/v1$/, ''),
    tenantId,
    projectId: inputs.id('projectId'),
    auth: authentication(inputs, sources.secret, operation, tenantId, region?.tokenUrl),
    requestTimeoutMs: inputs.duration('requestTimeout', 1000),
    waitPolicy: {
      timeoutMs: inputs.duration('waitTimeout', 1000),
      pollIntervalMs: inputs.duration('pollInterval', 1000)
    }
  }
}

function builders(
  inputs: Inputs,
  sources: SettingsSources,
  common: Common,
  region: string | undefined
): Builders {
  const backupId = (operation: string): string =>
    inputs.id('backupId', ` for operation "${operation}"`)
  return {
    create: async () => ({
      ...common,
      operation: 'create',
      ...(await newBackup(inputs, sources, 'create')),
      wait: inputs.boolean('wait')
    }),
    ensure: async () => ({
      ...common,
      operation: 'ensure',
      ...(await newBackup(inputs, sources, 'ensure')),
      maxAgeMs: inputs.age('maxAge'),
      minRemainingLifetimeMs: inputs.age('minRemainingLifetime')
    }),
    get: async () => ({ ...common, operation: 'get', backupId: backupId('get') }),
    wait: async () => ({ ...common, operation: 'wait', backupId: backupId('wait') }),
    delete: async () => ({
      ...common,
      operation: 'delete',
      backupId: backupId('delete'),
      ignoreNotFound: inputs.boolean('ignoreNotFound')
    }),
    list: async () => ({ ...common, operation: 'list', planetId: inputs.optionalId('planetId') }),
    prune: async () => prune(inputs, sources, common),
    audit: async () => audit(inputs, common),
    check: async () => ({
      ...common,
      operation: 'check',
      planetId: inputs.optionalId('planetId'),
      region
    })
  }
}

async function newBackup(
  inputs: Inputs,
  sources: SettingsSources,
  operation: 'create' | 'ensure'
): Promise<NewBackup> {
  const planetId = inputs.id('planetId', ` for operation "${operation}"`)
  const mechanism = inputs.text('mechanism')
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
  const temporary = inputs.boolean('temporary')
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

async function prune(
  inputs: Inputs,
  sources: SettingsSources,
  common: Common
): Promise<PruneSettings> {
  const keepLast = keepLastOf(inputs)
  const olderThanMs = inputs.text('olderThan') ? inputs.age('olderThan') : undefined
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
    names: await nameRule(inputs, sources),
    types: backupTypes(inputs.text('types')),
    dryRun: inputs.boolean('dryRun'),
    maxConcurrency: inputs.integer('maxConcurrency', 1, 64) ?? 8
  }
}

function audit(inputs: Inputs, common: Common): AuditSettings {
  const planetId = inputs.optionalId('planetId')
  const planets = planetList(inputs)
  if (planetId && planets) {
    throw new SettingsError(
      'Inputs "planetId" and "planets" are both set: audit one planet (planetId) or named planets of the star system (planets), not both.'
    )
  }
  return {
    ...common,
    operation: 'audit',
    planetId,
    planets,
    maxAgeMs: inputs.age('maxAge'),
    minRemainingLifetimeMs: inputs.age('minRemainingLifetime'),
    types: backupTypes(inputs.text('types')),
    names: { glob: inputs.text('nameFilter') }
  }
}

/** `planets`: comma-separated ids, each held to the id rule. */
function planetList(inputs: Inputs): string[] | undefined {
  const value = inputs.text('planets')
  if (!value) return undefined
  const planets = [
    ...new Set(
      value
        .split(',')
        .map(planet => planet.trim())
        .filter(Boolean)
    )
  ]
  const bad = planets.find(planet => !isUsableId(planet))
  if (planets.length === 0 || bad !== undefined) {
    throw new SettingsError(
      `Input "planets" is ${quoted(value)}: use comma-separated planet ids (${ID_RULE}).`
    )
  }
  return planets
}

/** A prune always keeps each planet's newest succeeded backup: `keepLast` starts at 1. */
function keepLastOf(inputs: Inputs): number | undefined {
  if (inputs.text('keepLast') === '0') {
    throw new SettingsError(
      'Input "keepLast" is "0": use a whole number ≥ 1 — a prune always keeps the newest ' +
        'succeeded backup of each planet. To remove a planet\'s last backup, use operation "delete" with its backupId.'
    )
  }
  return inputs.integer('keepLast', 1)
}

/**
 * Without `nameFilter`, a prune manages only the backups this repository's workflows named: the
 * default `metadataName` starts with `gha-<repository id>-`, an id no rename changes.
 */
async function nameRule(inputs: Inputs, sources: SettingsSources): Promise<NameRule> {
  const glob = inputs.text('nameFilter')
  if (glob) return { glob }
  const { repositoryId } = await sources.runContext()
  if (!/^\d+$/.test(repositoryId)) {
    throw new SettingsError(
      'Input "nameFilter" is required here: without it a prune manages only the backups named ' +
        "by this repository's workflows (gha-<GITHUB_REPOSITORY_ID>-…), and GITHUB_REPOSITORY_ID " +
        'is not set. Set nameFilter to the names to prune ("*" for every name).'
    )
  }
  return { prefix: `gha-${repositoryId}-` }
}

/** An operation but prune with `dryRun: true` would do what the workflow asked not to. */
function refuseUnread(inputs: Inputs, sources: SettingsSources, operation: OperationName): void {
  if (operation !== 'prune' && inputs.boolean('dryRun')) {
    throw new SettingsError(
      `Input "dryRun" is "true": dryRun applies only to prune, and operation "${operation}" would not stop short of acting. Remove dryRun, or use operation "prune".`
    )
  }
  for (const warning of unreadInputs(operation, name => sources.input(name))) {
    sources.warning(warning)
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
      'No credentials: set input "accessToken", or inputs "clientId" and "clientSecret" (Guidewire Hub client credentials). ' +
        EMPTY_SECRETS
    )
  }
  if (!clientId || !clientSecret) {
    const missing = clientId ? 'clientSecret' : 'clientId'
    throw new SettingsError(
      `Input "${missing}" is required with "${clientId ? 'clientId' : 'clientSecret'}": client credentials are a pair. ${EMPTY_SECRETS}`
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

function backupTypes(value: string): string[] {
  const types = value.split(',').map(folded).filter(Boolean)
  const unknown = types.filter(type => !BACKUP_TYPES.includes(type))
  if (types.length === 0 || unknown.length > 0) {
    throw new SettingsError(
      `Input "types" is ${quoted(value)}: use a comma-separated list of ${BACKUP_TYPES.join(', ')}.`
    )
  }
  return types
}
