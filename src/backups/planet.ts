/** Whose a backup is: the planet it names (`planetId`, `planet` or the guide's `environment.name`). */
import type { Backup } from '../api/types.js'
import { sameWord } from '../text.js'

/** It names another planet than `planetId`: never this planet's, whatever the other items say. */
export const namesOtherPlanet = (backup: Backup, planetId: string): boolean =>
  !!backup.planet.trim() && !sameWord(backup.planet, planetId)

/**
 * Splits a planet's own list into the planet's backups and the others it holds. An item that names
 * another planet is never this planet's. An item that names none is the list's planet's — unless
 * the list names only other planets: then the server seems to ignore the planet asked for
 * (`planetIgnored`), and no item is taken for this planet's.
 */
export function ofPlanet(
  backups: Backup[],
  planetId: string
): { mine: Backup[]; others: Backup[]; planetIgnored: boolean } {
  const mine: Backup[] = []
  const others: Backup[] = []
  let namesThis = false
  for (const backup of backups) {
    const other = namesOtherPlanet(backup, planetId)
    ;(other ? others : mine).push(backup)
    if (!other && backup.planet.trim()) namesThis = true
  }
  if (others.length > 0 && !namesThis) return { mine: [], others, planetIgnored: true }
  return { mine, others, planetIgnored: false }
}
