/**
 * The operations and what each needs of the Database API: the one table from which the default
 * `scope` and `check`'s wording about a client's scopes are derived.
 */
import { listOf } from './text.js'

export const READ_SCOPE = 'gcc.deployments.read'
export const WRITE_SCOPE = 'gcc.deployments.write'

type Access = 'read' | 'write'

/** Each operation and the access it needs (check: both, as it proves what the others need). */
const OPERATION_ACCESS = {
  create: ['read', 'write'],
  get: ['read'],
  list: ['read'],
  wait: ['read'],
  ensure: ['read', 'write'],
  // Read too: delete reads the backup first, to name what it deletes (write alone still deletes).
  delete: ['read', 'write'],
  prune: ['read', 'write'],
  audit: ['read'],
  check: ['read', 'write']
} as const satisfies Record<string, readonly Access[]>

export type OperationName = keyof typeof OPERATION_ACCESS
export const OPERATIONS = Object.keys(OPERATION_ACCESS) as OperationName[]

const needs = (operation: OperationName, access: Access): boolean =>
  (OPERATION_ACCESS[operation] as readonly Access[]).includes(access)

/** `tenant.<id>` and the read and/or write scope that the operation needs. */
export function defaultScope(operation: OperationName, tenantId: string): string {
  const scopes = [`tenant.${tenantId}`]
  // Stryker disable next-line ConditionalExpression: every operation reads today; a write-only one would not
  if (needs(operation, 'read')) scopes.push(READ_SCOPE)
  if (needs(operation, 'write')) scopes.push(WRITE_SCOPE)
  return scopes.join(' ')
}

/** The scope for writing alone: delete's, when the token endpoint refuses it read and write. */
export const writeOnlyScope = (tenantId: string): string => `tenant.${tenantId} ${WRITE_SCOPE}`

/** "get, list, wait and audit": the operations (but check) that need `access` — or only read. */
export function operationsNeeding(access: Access | 'read only'): string {
  const names = OPERATIONS.filter(operation => operation !== 'check').filter(operation =>
    access === 'read only' ? !needs(operation, 'write') : needs(operation, access)
  )
  return listOf(names)
}
