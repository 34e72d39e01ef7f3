import { statusBeside, words } from '../headline.js'
import { ageOf, newestFirst, whyNotReusable } from '../backups/index.js'
import { formatDuration } from '../duration.js'
import type { EnsureSettings } from '../settings.js'
import type { OperationContext } from './context.js'
import { createBackup } from './create.js'
import { planetBackups } from './backups-in-scope.js'

/**
 * `ensure`: reuses the planet's newest backup that can serve as a fresh restore point
 * (backups.ts, `whyNotReusable`); only when there is none, creates one and waits for it, exactly
 * as `create`.
 */
export async function ensureOperation(
  ctx: OperationContext,
  settings: EnsureSettings
): Promise<void> {
  const { planetId, maxAgeMs, minRemainingLifetimeMs, request } = settings
  const now = ctx.clock.now()
  const window = formatDuration(maxAgeMs)
  const listed = await ctx.log.group(
    `Look for a succeeded backup of planet ${planetId} from the last ${window}`,
    () => planetBackups(ctx, planetId)
  )
  const permanentOnly = !request.temporary
  const rules = {
    mechanism: request.mechanism,
    maxAgeMs,
    minRemainingLifetimeMs,
    permanentOnly,
    now
  }
  const fresh = newestFirst(listed.mine, now).find(backup => !whyNotReusable(backup, rules))
  if (fresh) {
    const age = formatDuration(ageOf(fresh, now) ?? 0)
    ctx.log.info(`Reusing backup ${fresh.id} of planet ${planetId}, completed ${age} ago`)
    ctx.outputs.backup(fresh)
    ctx.outputs.output('reused', 'true')
    ctx.outputs.json('otherBackupIds', [])
    ctx.summary.outcome(
      '✅',
      `GWCP backup ${fresh.id} of ${planetId} reused (completed ${age} ago)`
    )
    ctx.summary.table('Backup', [{ backup: fresh }])
    return
  }
  ctx.log.info(
    `No succeeded ${permanentOnly ? 'permanent ' : ''}${request.mechanism} backup of planet ${planetId} from the last ${window} that ` +
      `still exists ${formatDuration(minRemainingLifetimeMs)} from now: creating one`
  )
  ctx.outputs.output('reused', 'false')
  const created = await createBackup(ctx, settings, { wait: true, listed: listed.all })
  ctx.summary.outcome(
    '✅',
    words`GWCP backup ${created.id} of ${planetId} created and succeeded${statusBeside(created.status, 'succeeded')} (none from the last ${window} to reuse)`
  )
}
