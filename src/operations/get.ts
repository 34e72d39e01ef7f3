import { markOf } from '../marks.js'
import type { GetSettings } from '../settings.js'
import type { OperationContext } from './context.js'

/** `get`: the outputs of one backup. */
export async function getOperation(ctx: OperationContext, settings: GetSettings): Promise<void> {
  const backup = await ctx.log.group(`Get backup ${settings.backupId}`, () =>
    ctx.api.getBackup(settings.backupId)
  )
  ctx.report.backup(backup)
  ctx.log.info(`Backup ${backup.id}: ${backup.status}`)
  const planet = backup.planet ? ` of ${backup.planet}` : ''
  ctx.report.outcome(
    markOf(backup),
    `GWCP backup ${backup.id}${planet} is ${backup.status || 'of unknown status'}`
  )
  ctx.report.table('Backup', [{ backup }])
}
