import type { Backup } from '../api/types.js'
import { ofPlanet } from '../backups.js'
import type { OperationContext } from './context.js'

/**
 * A planet's own list, split by whose each backup is (backups.ts, `ofPlanet`): another planet's
 * backup in it is never used for this one, and that is said once.
 */
export async function planetBackups(
  ctx: OperationContext,
  planetId: string
): Promise<{ mine: Backup[]; all: Backup[] }> {
  const all = await ctx.api.listPlanetBackups(planetId)
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
  return { mine, all }
}

/** The backups that `list` and `prune` work on: a planet's, or the whole star system's. */
export async function backupsInScope(
  ctx: OperationContext,
  settings: { planetId?: string; projectId: string }
): Promise<{ scope: string; backups: Backup[] }> {
  const { planetId, projectId } = settings
  const scope = planetId ? `planet ${planetId}` : `star system ${projectId}`
  const backups = await ctx.log.group(`List the backups of ${scope}`, async () =>
    planetId ? (await planetBackups(ctx, planetId)).mine : ctx.api.listStarSystemBackups()
  )
  return { scope, backups }
}
