import { ApiError } from '../errors.js'
import type { DeleteSettings } from '../settings.js'
import type { OperationContext } from './context.js'

/** `delete`: deletes one backup; with `ignoreNotFound`, one that is already gone counts as deleted. */
export async function deleteOperation(
  ctx: OperationContext,
  settings: DeleteSettings
): Promise<void> {
  const { backupId, ignoreNotFound } = settings
  const outcome = await ctx.log.group(`Delete backup ${backupId}`, () =>
    ctx.api.deleteBackup(backupId, ignoreNotFound).catch((error: unknown) => {
      if (error instanceof ApiError && (error.status === 404 || error.status === 410)) {
        error.advise('Set ignoreNotFound: true to count a missing backup as deleted.')
      }
      throw error
    })
  )
  ctx.report.output('backupId', backupId)
  ctx.report.output('status', 'deleted')
  const how = outcome === 'not-found' ? ' (it was already gone)' : ''
  ctx.log.info(`Deleted backup ${backupId}${how}`)
  ctx.report.title(`deleted backup ${backupId}${how}`)
}
