/** Which backup `ensure` may reuse, and which a create may adopt as its own. */
import type { Backup } from '../api/types.js'
import { namesOtherPlanet } from './planet.js'
import { isSucceeded } from './status.js'
import { ageOf, timeOf } from './time.js'
import { folded, sameWord } from '../text.js'

export interface ReuseRules {
  /** Undefined: any mechanism (audit). */
  mechanism: string | undefined
  maxAgeMs: number
  /** A reused backup must still exist this long after now. */
  minRemainingLifetimeMs: number
  /** Only a permanent backup will do (`temporary: false`). */
  permanentOnly: boolean
  now: number
}

/**
 * Why a backup cannot serve as a fresh restore point, or undefined when it can: succeeded, of the
 * requested mechanism (case-blind; a backup that names none is not taken for one that matches),
 * of the kind asked for (permanent when `permanentOnly`), made within `maxAgeMs`, and still there
 * `minRemainingLifetimeMs` from now — by its `expirationDate`, or, without one, only when it is
 * permanent.
 */
export function whyNotReusable(backup: Backup, rules: ReuseRules): string | undefined {
  const permanent = folded(backup.type) === 'permanent'
  if (!isSucceeded(backup)) return `status "${backup.status}"`
  if (rules.mechanism !== undefined && folded(backup.mechanism) !== folded(rules.mechanism)) {
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
 * The backups that this step can have made: of its planet (not naming another), carrying its
 * name, and not listed before its first POST (`listedBefore`; empty when the name is unique to
 * this step execution).
 */
export function madeByThisStep(
  backups: Backup[],
  mine: { name: string; planetId: string; listedBefore: ReadonlySet<string> }
): Backup[] {
  return backups.filter(
    backup =>
      sameWord(backup.name, mine.name) &&
      !namesOtherPlanet(backup, mine.planetId) &&
      !mine.listedBefore.has(backup.id)
  )
}

/** What a listing after an ambiguous create says of it. */
export type Claim =
  | { kind: 'mine'; backup: Backup }
  | { kind: 'none' }
  /** The action cannot tell which backup, if any, is this step's: it must not POST again. */
  | { kind: 'unsure'; why: string; candidates: Backup[] }

/**
 * After a create that may have acted: this step's backup, none (a POST again is safe), or unsure —
 * when two or more new backups carry the name, or when a listing was one page of several (an old
 * namesake may have been on another page, or this step's may be on one).
 */
export function claimOwn(
  listing: { backups: Backup[]; partial: boolean },
  mine: {
    name: string
    planetId: string
    listedBefore: ReadonlySet<string>
    partialBefore: boolean
  }
): Claim {
  const candidates = madeByThisStep(listing.backups, mine)
  if (mine.partialBefore) {
    return { kind: 'unsure', why: 'the list before the create was one page of several', candidates }
  }
  if (candidates.length > 1) {
    return { kind: 'unsure', why: `${candidates.length} new backups carry the name`, candidates }
  }
  if (candidates.length === 1) return { kind: 'mine', backup: candidates[0] }
  if (listing.partial) return { kind: 'unsure', why: 'the list is one page of several', candidates }
  return { kind: 'none' }
}
