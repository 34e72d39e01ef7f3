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
  const { backup: created, afterAmbiguousAttempt } = await ctx.log.group(
    `Create a backup of planet ${planetId}`,
    async () => {
      ctx.log.info(
        `Creating a ${request.temporary ? 'temporary' : 'permanent'} ${request.mechanism} backup ` +
          `of planet ${planetId} named "${request.metadata.name}"`
      )
      const answer = await ctx.api.createBackup(
        planetId,
        request,
        ctx.clock.now() + waitPolicy.timeoutMs
      )
      ctx.report.backup(answer.backup)
      ctx.log.info(`Backup ${answer.backup.id} accepted (status "${answer.backup.status}")`)
      return answer
    }
  )
  ctx.report.title(`${wait ? 'created' : 'requested'} backup ${created.id} of planet ${planetId}`)
  const final = wait ? await waitUntilSucceeded(ctx, created, waitPolicy) : created
  ctx.report.table('Backup', [{ backup: final }])
  if (afterAmbiguousAttempt) await warnOfLateTwins(ctx, planetId, final)
  return final
}

/**
 * A server may act on a create after the action gave up on it and looked for it; such a late
 * second backup carries this step's name. It is not deleted (that is the user's call), but it is
 * named, so that no backup this step caused goes unnoticed.
 */
async function warnOfLateTwins(
  ctx: OperationContext,
  planetId: string,
  mine: Backup
): Promise<void> {
  const twins = (await ctx.api.listPlanetBackups(planetId)).filter(
    backup => backup.name === mine.name && backup.id !== mine.id
  )
  if (twins.length === 0) return
  const ids = twins.map(twin => twin.id).join(', ')
  ctx.log.warning(
    `The platform also made backup(s) ${ids} of planet ${planetId} named "${mine.name}" for this ` +
      `step: a create it answered late was sent again. This step uses backup ${mine.id}; ` +
      `delete the other(s) if you do not need them.`
  )
  ctx.report.table(
    'Also made by this step (a late answer to a retried create)',
    twins.map(backup => ({ backup }))
  )
}
