import type { Backup } from '../api/types.js'
import { ofPlanet } from '../backups.js'
import type { OperationContext } from './context.js'

/**
 * A planet's own list, split by whose each backup is (backups.ts, `ofPlanet`): another planet's
 * backup in it is never used for this one, and that is said once. Backups whose id fails the id
 * rule are set aside (`unusableIds`), said once, and never acted on.
 */
export async function planetBackups(
  ctx: OperationContext,
  planetId: string
): Promise<{ mine: Backup[]; all: Backup[]; unusableIds: string[] }> {
  const { backups: all, unusableIds } = await ctx.api.listPlanetBackups(planetId)
  warnOfUnusable(ctx, `planet ${planetId}`, unusableIds)
  const { mine, others, fieldIgnored } = ofPlanet(all, planetId)
  if (fieldIgnored) {
    ctx.log.warning(
      `No backup in the list of planet ${planetId} names it as its planet (planetId, planet or ` +
        'environment.name): the action takes that field to mean something else here, and counts ' +
        `every backup in the list as planet ${planetId}'s.`
    )
  } else if (others.length > 0) {
    ctx.log.warning(
      `The list of planet ${planetId} also holds backup(s) of other planets, left out: ` +
        others.map(backup => `${backup.id} (${backup.planet})`).join(', ')
    )
  }
  return { mine, all, unusableIds }
}

/** The backups that `list` and `prune` work on: a planet's, or the whole star system's. */
export async function backupsInScope(
  ctx: OperationContext,
  settings: { planetId?: string; projectId: string }
): Promise<{ scope: string; backups: Backup[]; unusableIds: string[] }> {
  const { planetId, projectId } = settings
  const scope = planetId ? `planet ${planetId}` : `star system ${projectId}`
  return ctx.log.group(`List the backups of ${scope}`, async () => {
    if (planetId) {
      const { mine, unusableIds } = await planetBackups(ctx, planetId)
      return { scope, backups: mine, unusableIds }
    }
    const { backups, unusableIds } = await ctx.api.listStarSystemBackups()
    warnOfUnusable(ctx, scope, unusableIds)
    return { scope, backups, unusableIds }
  })
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
