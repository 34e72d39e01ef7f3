import type { Backup } from '../api/types.js'
import { ageOf, latestSucceeded, newestFirst, phaseOf } from '../backups/index.js'
import { formatDuration } from '../duration.js'
import { markOf } from '../marks.js'
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
  const { kept } = ctx.outputs.backups(backups, latest.backup)
  const leftOut = backups.length - kept
  if (leftOut > 0) {
    const message =
      `The "backups" output holds the newest ${kept} of the ${backups.length} backups of ` +
      `${scope}, whole; the ${leftOut} oldest are left out: all of them would take the step's ` +
      'outputs over 1 MB ("count" has them all).'
    ctx.log.warning(message)
    ctx.summary.text(message)
  }
  ctx.log.info(`${backups.length} backup(s) of ${scope}`)
  leadIn(ctx, { scope, backups, latest: latest.backup, perPlanet: !settings.planetId })
  ctx.summary.table(
    'Backups, newest first',
    backups.map(backup => ({ backup }))
  )
  const unusable = unusableLine(unusableIds)
  if (unusable) ctx.summary.text(unusable)
}

/** The headline, the newest succeeded backup, the count by status, and (star system) each planet. */
function leadIn(
  ctx: OperationContext,
  list: { scope: string; backups: Backup[]; latest?: Backup; perPlanet: boolean }
): void {
  const { scope, backups, latest } = list
  const now = ctx.clock.now()
  const ago = (backup: Backup): string => {
    const age = ageOf(backup, now)
    return age === undefined ? 'time unknown' : `${formatDuration(age)} ago`
  }
  const newest = latest
    ? `newest succeeded ${latest.id} (${ago(latest)})`
    : 'no succeeded backup to name'
  ctx.summary.outcome(
    latest ? '✅' : '⚠️',
    `GWCP list of ${scope}: ${backups.length} backup(s), ${newest}`
  )
  const counts = new Map<string, number>()
  for (const phase of backups.map(phaseOf)) counts.set(phase, (counts.get(phase) ?? 0) + 1)
  const byStatus = [...counts].map(([phase, count]) => `${count} ${phase}`).join(', ')
  const named = latest ? `Newest succeeded: ${latest.id} "${latest.name}", ${ago(latest)}. ` : ''
  ctx.summary.text(`${named}By status: ${byStatus || 'none'}.`)
  if (list.perPlanet) planetRows(ctx, backups, ago)
}

/** One row per planet: how many, the newest backup and how it went, the newest succeeded one. */
function planetRows(
  ctx: OperationContext,
  backups: Backup[],
  ago: (backup: Backup) => string
): void {
  // One pass, no copy per backup: a star system of 30,000 backups on one planet stays linear.
  const planets = new Map<string, Backup[]>()
  for (const backup of backups) {
    const planet = backup.planet || '(planet unknown)'
    const own = planets.get(planet)
    if (own) own.push(backup)
    else planets.set(planet, [backup])
  }
  const rows = [...planets].map(([planet, own]) => {
    const [newest] = own
    const succeeded = own.find(backup => phaseOf(backup) === 'succeeded')
    return [
      planet,
      String(own.length),
      `${markOf(newest)} ${newest.id} ${newest.status}, ${ago(newest)}`,
      succeeded ? `${succeeded.id}, ${ago(succeeded)}` : 'none'
    ]
  })
  ctx.summary.rows('By planet', ['planet', 'backups', 'newest', 'newest succeeded'], rows)
}
