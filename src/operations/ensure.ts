import { timeOf, type Backup } from '../api/types.js'
import { formatDuration } from '../duration.js'
import { newestFirst } from '../report.js'
import type { EnsureSettings } from '../settings.js'
import type { OperationContext } from './context.js'
import { createBackup } from './create.js'

/**
 * `ensure`: reuses the planet's newest `succeeded` backup of the requested mechanism completed
 * within `maxAge`; only when there is none, creates one and waits for it, exactly as `create`.
 */
export async function ensureOperation(
  ctx: OperationContext,
  settings: EnsureSettings
): Promise<void> {
  const { planetId, maxAgeMs, request } = settings
  const now = ctx.clock.now()
  const fresh = findFreshBackup(
    await ctx.log.group(
      `Look for a succeeded backup of planet ${planetId} from the last ${formatDuration(maxAgeMs)}`,
      () => ctx.api.listPlanetBackups(planetId)
    ),
    request.mechanism,
    now - maxAgeMs
  )
  if (fresh) {
    const age = formatDuration(now - (timeOf(fresh.completedAt) ?? now))
    ctx.log.info(`Reusing backup ${fresh.id} of planet ${planetId}, completed ${age} ago`)
    ctx.report.backup(fresh)
    ctx.report.output('reused', 'true')
    ctx.report.title(`reused backup ${fresh.id} of planet ${planetId} (completed ${age} ago)`)
    ctx.report.table('Backup', [{ backup: fresh }])
    return
  }
  ctx.log.info(
    `No succeeded ${request.mechanism} backup of planet ${planetId} completed in the last ` +
      `${formatDuration(maxAgeMs)}: creating one`
  )
  ctx.report.output('reused', 'false')
  const created = await createBackup(ctx, settings, true)
  ctx.report.title(
    `created backup ${created.id} of planet ${planetId} (none from the last ${formatDuration(maxAgeMs)} to reuse)`
  )
}

function findFreshBackup(
  backups: Backup[],
  mechanism: string,
  notBefore: number
): Backup | undefined {
  return newestFirst(backups).find(
    backup =>
      backup.status.toLowerCase() === 'succeeded' &&
      (!backup.mechanism || backup.mechanism === mechanism) &&
      (timeOf(backup.completedAt) ?? 0) >= notBefore
  )
}
