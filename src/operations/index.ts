/** Every operation by its name, as the `operation` input says it. */
import type { Settings } from '../settings.js'
import { auditOperation } from './audit.js'
import { checkOperation } from './check.js'
import type { OperationContext } from './context.js'
import { createOperation } from './create.js'
import { deleteOperation } from './delete.js'
import { ensureOperation } from './ensure.js'
import { getOperation } from './get.js'
import { listOperation } from './list.js'
import { pruneOperation } from './prune.js'
import { waitOperation } from './wait.js'

export type Operation<S extends Settings> = (ctx: OperationContext, settings: S) => Promise<void>

export const operations: {
  [Name in Settings['operation']]: Operation<Extract<Settings, { operation: Name }>>
} = {
  create: createOperation,
  ensure: ensureOperation,
  get: getOperation,
  wait: waitOperation,
  list: listOperation,
  delete: deleteOperation,
  prune: pruneOperation,
  audit: auditOperation,
  check: checkOperation
}
