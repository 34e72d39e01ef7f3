import { code, words, type Words } from '../headline.js'
import { ofPlanet } from '../outcome.js'
import type { Backup } from '../api/types.js'
import { ageOf } from '../backups/index.js'
import { formatDuration } from '../duration.js'
import type { DatabaseApi } from '../api/client.js'
import { ApiError, messageOf } from '../errors.js'
import { defaultScope, writeOnlyScope } from '../scopes.js'
import type { DeleteSettings } from '../settings.js'
import type { OperationContext } from './context.js'

/**
 * `delete`: deletes one backup; with `ignoreNotFound`, one that is already gone counts as deleted.
 * A GET first, best effort, lets the summary say what was deleted; it never fails nor holds up
 * the delete. Its token asks for read and write; when the token endpoint refuses that scope, the
 * delete asks for write alone (a client that may only write keeps working) and says so.
 */
export async function deleteOperation(
  ctx: OperationContext,
  settings: DeleteSettings
): Promise<void> {
  const { backupId, ignoreNotFound } = settings
  const outcome = await ctx.log.group(`Delete backup ${backupId}`, async () => {
    const look = await lookBefore(ctx, backupId)
    const api = look.scopeRefused ? writeOnly(ctx, settings) : ctx.api
    const result = await api.deleteBackup(backupId, ignoreNotFound).catch((error: unknown) => {
      if (error instanceof ApiError && (error.status === 404 || error.status === 410)) {
        error.advise('Set ignoreNotFound: true to count a missing backup as deleted.')
      }
      throw error
    })
    return { result, ...look }
  })
  ctx.outputs.output('backupId', backupId)
  ctx.outputs.output('status', 'deleted')
  const how = outcome.result === 'not-found' ? ' (it was already gone)' : ''
  ctx.log.info(`Deleted backup ${backupId}${how}`)
  ctx.summary.outcome(
    '✅',
    words`GWCP backup ${backupId}${describe(outcome.before, ctx.clock.now())} deleted${how}`
  )
  if (outcome.before) ctx.summary.table('Deleted', [{ backup: outcome.before }])
  else
    ctx.summary.text(
      `Could not read backup ${backupId} before deleting it (${outcome.unread}): the summary cannot say what it was.`
    )
}

interface Look {
  before?: Backup
  unread?: string
  /** The token endpoint refused read and write together. */
  scopeRefused: boolean
}

/** The backup as it was, or why it cannot be read right now (never an error). */
async function lookBefore(ctx: OperationContext, backupId: string): Promise<Look> {
  try {
    return { before: await ctx.api.getBackup(backupId, { once: true }), scopeRefused: false }
  } catch (error) {
    const message = messageOf(error)
    const scopeRefused = /invalid_scope/.test(message)
    const unread = scopeRefused
      ? 'the token endpoint refused the read scope; deleted with the write scope alone'
      : error instanceof ApiError && error.status
        ? `HTTP ${error.status}`
        : 'no answer'
    ctx.log.info(`Could not read backup ${backupId} first: ${message}`)
    return { unread, scopeRefused }
  }
}

/** The Database API with a token for the write scope alone (client credentials, default scope). */
function writeOnly(ctx: OperationContext, settings: DeleteSettings): DatabaseApi {
  const { auth, tenantId } = settings
  if (auth.kind !== 'client-credentials' || auth.scope !== defaultScope('delete', tenantId)) {
    return ctx.api
  }
  return ctx.apiWith(ctx.tokensFor(writeOnlyScope(tenantId)))
}

/** " of `dev1` (`nightly-3`, temporary, 2d old)": what was deleted, the server's words as code. */
function describe(backup: Backup | undefined, now: number): Words {
  if (!backup) return []
  const age = ageOf(backup, now)
  const facts: Words = [
    ...(backup.name ? [code(backup.name)] : []),
    ...(backup.type ? [code(backup.type)] : []),
    ...(age === undefined ? [] : [`${formatDuration(age)} old`])
  ]
  const known = facts.flatMap((fact, index) => (index > 0 ? [', ', fact] : [fact]))
  return words`${ofPlanet(backup)}${known.length ? words` (${known})` : []}`
}
