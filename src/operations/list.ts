import { latestSucceeded, newestFirst } from '../backups.js'
import type { ListSettings } from '../settings.js'
import type { OperationContext } from './context.js'
import { backupsInScope } from './backups-in-scope.js'

/** `list`: a planet's backups, or the whole star system's when no planet is given. */
export async function listOperation(ctx: OperationContext, settings: ListSettings): Promise<void> {
  const { scope, backups: listed } = await backupsInScope(ctx, settings)
  const backups = newestFirst(listed)
  const latest = latestSucceeded(backups)
  if (latest.unknownTimes > 0) {
    ctx.log.warning(
      `${latest.unknownTimes} succeeded backup(s) of ${scope} have no readable completedAt or ` +
        'startedAt: any of them could be the newest, so "latestBackupId" is left empty rather ' +
        "than guessed from the API's order."
    )
  }
  const { complete, kept } = ctx.report.backups(backups, latest.backup)
  if (!complete) {
    ctx.log.warning(
      `The ${backups.length} backups of ${scope} do not fit in the step's outputs (1 MB): ` +
        `the "backups" output holds the newest ${kept}, with their main fields only.`
    )
  }
  ctx.log.info(`${backups.length} backup(s) of ${scope}`)
  ctx.report.title(`${backups.length} backup(s) of ${scope}`)
  ctx.report.table(
    'Backups, newest first',
    backups.map(backup => ({ backup }))
  )
}
