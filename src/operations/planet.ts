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
