import type { Backup } from '../api/types.js'
import type { CreateSettings, EnsureSettings } from '../settings.js'
import type { OperationContext } from './context.js'
import { waitUntilSucceeded } from './wait.js'

/** `create`: POSTs a backup, names it in the outputs at once, then (with `wait`) waits for it. */
export async function createOperation(
  ctx: OperationContext,
  settings: CreateSettings
): Promise<void> {
  await createBackup(ctx, settings, settings.wait)
}

export async function createBackup(
  ctx: OperationContext,
  settings: CreateSettings | EnsureSettings,
  wait: boolean
): Promise<Backup> {
  const { planetId, request, waitPolicy } = settings
  ctx.log.info(
    `Creating a ${request.temporary ? 'temporary' : 'permanent'} ${request.mechanism} backup of ` +
      `planet ${planetId} named "${request.metadata.name}"`
  )
  const created = await ctx.api.createBackup(
    planetId,
    request,
    ctx.clock.now() + waitPolicy.timeoutMs
  )
  ctx.report.backup(created)
  ctx.log.info(`Backup ${created.id} accepted (status "${created.status}")`)
  ctx.report.title(`${wait ? 'created' : 'requested'} backup ${created.id} of planet ${planetId}`)
  const final = wait ? await waitUntilSucceeded(ctx, created, waitPolicy) : created
  ctx.report.table('Backup', [{ backup: final }])
  return final
}
