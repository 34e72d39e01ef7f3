import { code, words, type Words } from '../headline.js'
import { ofPlanet } from '../outcome.js'
import type { Backup } from '../api/types.js'
import { ageOf } from '../backups/index.js'
import { formatDuration } from '../duration.js'
import { ApiError } from '../errors.js'
import type { DeleteSettings } from '../settings.js'
import type { OperationContext } from './context.js'

/**
 * `delete`: deletes one backup; with `ignoreNotFound`, one that is already gone counts as deleted.
 * A GET first, best effort, lets the summary say what was deleted; it never fails nor holds up
 * the delete (a client with the write scope only may be refused it).
 */
export async function deleteOperation(
  ctx: OperationContext,
  settings: DeleteSettings
): Promise<void> {
  const { backupId, ignoreNotFound } = settings
  const outcome = await ctx.log.group(`Delete backup ${backupId}`, async () => {
    const before = await lookBefore(ctx, backupId)
    const result = await ctx.api.deleteBackup(backupId, ignoreNotFound).catch((error: unknown) => {
      if (error instanceof ApiError && (error.status === 404 || error.status === 410)) {
        error.advise('Set ignoreNotFound: true to count a missing backup as deleted.')
      }
      throw error
    })
    return { result, before }
  })
  ctx.report.output('backupId', backupId)
  ctx.report.output('status', 'deleted')
  const how = outcome.result === 'not-found' ? ' (it was already gone)' : ''
  ctx.log.info(`Deleted backup ${backupId}${how}`)
  ctx.report.outcome(
    '✅',
    words`GWCP backup ${backupId}${describe(outcome.before, ctx.clock.now())} deleted${how}`
  )
  if (outcome.before) ctx.report.table('Deleted', [{ backup: outcome.before }])
}

/** The backup as it was, or undefined when it cannot be read right now (never an error). */
async function lookBefore(ctx: OperationContext, backupId: string): Promise<Backup | undefined> {
  try {
    return await ctx.api.getBackup(backupId, { once: true })
  } catch {
    return undefined
  }
}

/** " of uat (nightly, temporary, 2d old)" — what can be told of it. */
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
