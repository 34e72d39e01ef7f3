import { code, words } from '../headline.js'
import { ofPlanet } from '../outcome.js'
import { markOf } from '../marks.js'
import type { GetSettings } from '../settings.js'
import type { OperationContext } from './context.js'

/** `get`: the outputs of one backup. */
export async function getOperation(ctx: OperationContext, settings: GetSettings): Promise<void> {
  const backup = await ctx.log.group(`Get backup ${settings.backupId}`, () =>
    ctx.api.getBackup(settings.backupId)
  )
  ctx.outputs.backup(backup)
  ctx.log.info(`Backup ${backup.id}: ${backup.status}`)
  const status = backup.status ? code(backup.status) : 'of unknown status'
  ctx.summary.outcome(
    markOf(backup),
    words`GWCP backup ${backup.id}${ofPlanet(backup)} is ${status}`
  )
  ctx.summary.table('Backup', [{ backup }])
}
