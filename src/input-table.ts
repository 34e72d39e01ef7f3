/**
 * Which operations read each input, and the default each applies: the one table behind the
 * defaults in settings.ts, the warning about an input an operation does not read, and README's
 * inputs table (a test holds README and action.yml to it).
 */
import { OPERATIONS, type OperationName } from './scopes.js'
import { listOf } from './text.js'

export interface InputRow {
  readBy: readonly OperationName[]
  /** action.yml's default: what the runner sets when a workflow does not give the input. */
  actionDefault?: string
  /** Defaults that differ by operation; action.yml then has none. */
  byOperation?: Partial<Record<OperationName, string>>
}

const ALL = OPERATIONS
const NEW_BACKUP: OperationName[] = ['create', 'ensure']
const WAITING: OperationName[] = ['create', 'ensure', 'wait']

export const INPUT_TABLE = {
  operation: { readBy: ALL },
  region: { readBy: ALL },
  baseUrl: { readBy: ALL },
  accessToken: { readBy: ALL },
  clientId: { readBy: ALL },
  clientSecret: { readBy: ALL },
  tokenUrl: { readBy: ALL },
  scope: { readBy: ALL },
  tenantId: { readBy: ALL },
  projectId: { readBy: ALL },
  planetId: { readBy: ['create', 'ensure', 'list', 'prune', 'audit', 'check'] },
  planets: { readBy: ['audit'] },
  backupId: { readBy: ['get', 'wait', 'delete'] },
  mechanism: { readBy: NEW_BACKUP, actionDefault: 'logical' },
  planetClass: { readBy: NEW_BACKUP },
  temporary: { readBy: NEW_BACKUP, actionDefault: 'true' },
  retentionPeriodInDays: { readBy: NEW_BACKUP },
  metadataName: { readBy: NEW_BACKUP },
  metadataDescription: { readBy: NEW_BACKUP },
  wait: { readBy: ['create'], actionDefault: 'true' },
  // check reads it to warn of a token that expires before a wait would end.
  waitTimeout: { readBy: [...WAITING, 'check'], actionDefault: '60m' },
  pollInterval: { readBy: WAITING, actionDefault: '30s' },
  requestTimeout: { readBy: ALL, actionDefault: '30s' },
  ignoreNotFound: { readBy: ['delete'], actionDefault: 'false' },
  maxAge: { readBy: ['ensure', 'audit'], actionDefault: '24h' },
  minRemainingLifetime: { readBy: ['ensure', 'audit'], actionDefault: '1h' },
  keepLast: { readBy: ['prune'] },
  olderThan: { readBy: ['prune'] },
  // prune's default is this repository's names (settings.ts); audit counts every name.
  nameFilter: { readBy: ['prune', 'audit'], byOperation: { audit: '*' } },
  types: {
    readBy: ['prune', 'audit'],
    // The platform's scheduled backups are real restore points: audit counts them.
    byOperation: { prune: 'permanent,temporary', audit: 'permanent,temporary,scheduled' }
  },
  dryRun: { readBy: ['prune'], actionDefault: 'false' },
  maxConcurrency: { readBy: ['prune'], actionDefault: '8' }
} as const satisfies Record<string, InputRow>

export type InputName = keyof typeof INPUT_TABLE
export const INPUT_NAMES = Object.keys(INPUT_TABLE) as InputName[]

export const rowOf = (name: InputName): InputRow => INPUT_TABLE[name]

/** The value an operation reads for an input that was not given ('' when there is none). */
export function defaultOf(name: InputName, operation: OperationName): string {
  const row = rowOf(name)
  return row.byOperation?.[operation] ?? row.actionDefault ?? ''
}

export const reads = (operation: OperationName, name: InputName): boolean =>
  rowOf(name).readBy.includes(operation)

/**
 * The inputs given a value the operation does not read, each with the warning that says so. The
 * runner fills every input with its action.yml default and @actions/core cannot tell that from a
 * value a workflow wrote, so a value equal to the default is taken as not given.
 */
export function unreadInputs(
  operation: OperationName,
  given: (name: InputName) => string
): string[] {
  const isGiven = (name: InputName): boolean => {
    const value = given(name)
    return value !== '' && value !== rowOf(name).actionDefault
  }
  const warnings = INPUT_NAMES.filter(name => isGiven(name) && !reads(operation, name)).map(
    name => `${name} applies to ${listOf(rowOf(name).readBy)}; ${operation} does not read it.`
  )
  if (isGiven('accessToken')) {
    for (const name of ['tokenUrl', 'scope'] as const) {
      if (isGiven(name)) {
        warnings.push(`${name} applies to client credentials; with accessToken it is not read.`)
      }
    }
  }
  return warnings
}
