import type { Backup, Listing } from '../api/types.js'
import { ofPlanet } from '../backups/index.js'
import { scopeOf } from '../settings.js'
import type { OperationContext } from './context.js'

/**
 * A planet's own list, split by whose each backup is (backups.ts, `ofPlanet`): another planet's
 * backup in it is never used for this one, and that is said once. Backups whose id fails the id
 * rule are set aside (`unusableIds`), said once, and never acted on.
 */
export async function planetBackups(
  ctx: OperationContext,
  planetId: string
): Promise<{ mine: Backup[]; all: Listing; unusableIds: string[]; planetIgnored: boolean }> {
  const listing = await ctx.api.listPlanetBackups(planetId)
  const { backups: all, unusableIds } = listing
  warnOfUnusable(ctx, `planet ${planetId}`, unusableIds)
  const { mine, others, planetIgnored } = ofPlanet(all, planetId)
  if (planetIgnored) {
    const planets = [...new Set(others.map(backup => backup.planet))].join(', ')
    ctx.log.warning(
      `The list of planet ${planetId} names only other planets (${planets}): the server seems to ` +
        `ignore the planet asked for, so the action acts on none of its ${all.length} backup(s).`
    )
  } else if (others.length > 0) {
    ctx.log.warning(
      `The list of planet ${planetId} also holds backup(s) of other planets, left out: ` +
        others.map(backup => `${backup.id} (${backup.planet})`).join(', ')
    )
  }
  return { mine, all: listing, unusableIds, planetIgnored }
}

/** The backups that `list`, `prune` and `audit` work on: a planet's, or the whole star system's. */
export async function backupsInScope(
  ctx: OperationContext,
  settings: { planetId?: string; projectId: string }
): Promise<InScope> {
  const { planetId } = settings
  const scope = scopeOf(settings)
  return ctx.log.group(`List the backups of ${scope}`, async () => {
    if (planetId) {
      const { mine, all, unusableIds, planetIgnored } = await planetBackups(ctx, planetId)
      const shown = planetIgnored ? all.backups : mine
      return { scope, backups: mine, shown, unusableIds, partial: all.partial }
    }
    const { backups, unusableIds, partial } = await ctx.api.listStarSystemBackups()
    warnOfUnusable(ctx, scope, unusableIds)
    return { scope, backups, shown: backups, unusableIds, partial }
  })
}

interface InScope {
  /** "planet dev1" or "star system pc". */
  scope: string
  /** The backups the operation may act on. */
  backups: Backup[]
  /** What `list` shows: the list as sent when the server seems to ignore the planet. */
  shown: Backup[]
  unusableIds: string[]
  /** The list looks like one page of several. */
  partial: boolean
}

/** One line in the summary that counts them, as `list` and `prune` say it. */
export function unusableLine(unusableIds: string[]): string | undefined {
  return unusableIds.length > 0 ? `${unusableIds.length} not touched — id not usable` : undefined
}

function warnOfUnusable(ctx: OperationContext, scope: string, unusableIds: string[]): void {
  if (unusableIds.length === 0) return
  ctx.log.warning(
    `${unusableIds.length} backup(s) of ${scope} have an id the action neither acts on nor puts ` +
      `in an output (${unusableIds.map(id => JSON.stringify(id)).join(', ')}): not touched.`
  )
}
