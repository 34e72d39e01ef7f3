/** Which backup `ensure` may reuse, and which a create may adopt as its own. */
import type { Backup } from '../api/types.js'
import { isSucceeded } from './status.js'
import { ageOf, timeOf } from './time.js'

export interface ReuseRules {
  mechanism: string
  maxAgeMs: number
  /** A reused backup must still exist this long after now. */
  minRemainingLifetimeMs: number
  /** Only a permanent backup will do (`temporary: false`). */
  permanentOnly: boolean
  now: number
}

const normal = (text: string): string => text.trim().toLowerCase()

/**
 * Why a backup cannot serve as a fresh restore point, or undefined when it can: succeeded, of the
 * requested mechanism (case-blind; a backup that names none is not taken for one that matches),
 * of the kind asked for (permanent when `permanentOnly`), made within `maxAgeMs`, and still there
 * `minRemainingLifetimeMs` from now — by its `expirationDate`, or, without one, only when it is
 * permanent.
 */
export function whyNotReusable(backup: Backup, rules: ReuseRules): string | undefined {
  const permanent = normal(backup.type) === 'permanent'
  if (!isSucceeded(backup)) return `status "${backup.status}"`
  if (normal(backup.mechanism) !== normal(rules.mechanism)) {
    return `mechanism "${backup.mechanism}"`
  }
  if (rules.permanentOnly && !permanent) return `type "${backup.type}", not permanent`
  const age = ageOf(backup, rules.now)
  if (age === undefined) return 'when it was made is unknown'
  if (age > rules.maxAgeMs) return 'too old'
  const expires = timeOf(backup.expirationDate)
  if (expires === undefined) return permanent ? undefined : 'no expirationDate, not permanent'
  if (expires - rules.now < rules.minRemainingLifetimeMs) return 'expires too soon'
  return undefined
}

/**
 * The backups that this step can have made: they carry its name and were not listed before its
 * first POST (`listedBefore`; empty when the name is unique to this step execution).
 */
export function madeByThisStep(
  backups: Backup[],
  name: string,
  listedBefore: ReadonlySet<string>
): Backup[] {
  return backups.filter(backup => backup.name === name && !listedBefore.has(backup.id))
}
