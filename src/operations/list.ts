import { latestSucceeded, newestFirst } from '../backups/index.js'
import type { ListSettings } from '../settings.js'
import type { OperationContext } from './context.js'
import { backupsInScope, unusableLine } from './backups-in-scope.js'

/** `list`: a planet's backups, or the whole star system's when no planet is given. */
export async function listOperation(ctx: OperationContext, settings: ListSettings): Promise<void> {
  const { scope, backups: mine, shown, unusableIds } = await backupsInScope(ctx, settings)
  const now = ctx.clock.now()
  const backups = newestFirst(shown, now)
  const latest = latestSucceeded(mine, now)
  if (latest.unknownTimes > 0) {
    ctx.log.warning(
      `${latest.unknownTimes} succeeded backup(s) of ${scope} have no readable completedAt or ` +
        'startedAt: any of them could be the newest, so "latestBackupId" is left empty rather ' +
        "than guessed from the API's order."
    )
  }
  const { kept } = ctx.report.backups(backups, latest.backup)
  const leftOut = backups.length - kept
  if (leftOut > 0) {
    const message =
      `The "backups" output holds the newest ${kept} of the ${backups.length} backups of ` +
      `${scope}, whole; the ${leftOut} oldest are left out: all of them would take the step's ` +
      'outputs over 1 MB ("count" has them all).'
    ctx.log.warning(message)
    ctx.report.text(message)
  }
  ctx.log.info(`${backups.length} backup(s) of ${scope}`)
  ctx.report.title(`${backups.length} backup(s) of ${scope}`)
  ctx.report.table(
    'Backups, newest first',
    backups.map(backup => ({ backup }))
  )
  const unusable = unusableLine(unusableIds)
  if (unusable) ctx.report.text(unusable)
}
