/** What `prune` deletes and what it keeps, and why. */
import type { Backup } from '../api/types.js'
import { formatDuration } from '../duration.js'
import { phaseOf } from './status.js'
import { ageOf, newestFirst } from './time.js'
import { matchesNameRule, type NameRule } from './wildcard.js'
import { folded } from '../text.js'

export interface PruneCriteria {
  /** At least 1: each planet's newest succeeded backup among those the prune manages stays. */
  keepLast?: number
  olderThanMs?: number
  names: NameRule
  types: string[]
}

/** A backup and why it is deleted or kept. */
export interface PlannedBackup {
  backup: Backup
  note: string
}

export interface PrunePlan {
  remove: PlannedBackup[]
  keep: PlannedBackup[]
  /** How many of the kept ones the default name rule left alone. */
  unnamed: number
  /** How many passed `types` and the name rule. */
  selected: number
}

type Decision = { remove: boolean; note: string }
const keeping = (note: string): Decision => ({ remove: false, note })
const removing = (note: string): Decision => ({ remove: true, note })

/**
 * Decides which backups to delete. A backup is deleted only when every given criterion allows it
 * (beyond the `keepLast` newest succeeded of its planet, older than `olderThan`). Never deleted:
 * a backup still running, already gone or of unclear status, one not selected by `types` and the
 * name rule, one of unknown age, the newest succeeded selected one of each planet (always: there
 * is no opt-out) — and, by a per-planet rule, one whose planet is unknown (`planetId` is the
 * planet of a planet's own list; without it, each backup's own). Failed backups never count
 * toward `keepLast`.
 */
export function planPrune(
  backups: Backup[],
  criteria: PruneCriteria,
  now: number,
  planetId?: string
): PrunePlan {
  const plan: PrunePlan = { remove: [], keep: [], unnamed: 0, selected: 0 }
  /** How many succeeded backups of each planet came before, newest first. */
  const ranks = new Map<string, number>()
  for (const backup of newestFirst(backups, now)) {
    const planet = folded(planetId ?? backup.planet)
    const unselected = whyNotSelected(backup, criteria)
    const { remove, note } = unselected
      ? keeping(unselected)
      : decide(backup, criteria, now, { planet, ranks })
    ;(remove ? plan.remove : plan.keep).push({ backup, note })
    if (unselected === NOT_NAMED) plan.unnamed++
    if (!unselected) plan.selected++
  }
  return plan
}

function decide(
  backup: Backup,
  criteria: PruneCriteria,
  now: number,
  { planet, ranks }: { planet: string; ranks: Map<string, number> }
): Decision {
  const phase = phaseOf(backup)
  const age = ageOf(backup, now)
  if (phase === 'running') return keeping('still running')
  if (phase === 'gone') return keeping(`already going or gone (status ${backup.status})`)
  if (phase === 'unclear') return keeping(`status ${backup.status}: not clearly done or failed`)
  if (age === undefined) return keeping('age unknown')
  const { olderThanMs: olderThan, keepLast } = criteria
  if (phase === 'failed') {
    if (olderThan === undefined || age > olderThan) return removing('failed')
    return keeping(`failed, but younger than ${formatDuration(olderThan)}`)
  }
  if (!planet) return keeping('planet unknown: per-planet rules keep it')
  const rank = ranks.get(planet) ?? 0
  ranks.set(planet, rank + 1)
  if (rank === 0) return keeping('newest succeeded of its planet')
  if (keepLast !== undefined && rank < keepLast) return keeping(`one of the ${keepLast} newest`)
  if (olderThan !== undefined && age <= olderThan) {
    return keeping(`younger than ${formatDuration(olderThan)}`)
  }
  const reasons = [
    keepLast !== undefined ? `beyond the ${keepLast} newest` : '',
    olderThan !== undefined ? `older than ${formatDuration(olderThan)}` : ''
  ]
  return removing(reasons.filter(Boolean).join(', '))
}

const NOT_NAMED = "not named by this repository's workflows"

/** Whether `types` and the name rule select a backup (for prune and audit alike). */
export const selects = (
  criteria: Pick<PruneCriteria, 'types' | 'names'>,
  backup: Backup
): boolean => whyNotSelected(backup, criteria) === undefined

/** Why `types` or the name rule leave a backup out of a prune, if they do. */
function whyNotSelected(
  backup: Backup,
  criteria: Pick<PruneCriteria, 'types' | 'names'>
): string | undefined {
  const type = folded(backup.type)
  if (!criteria.types.includes(type)) return `type ${type || 'unknown'} not selected`
  if (!matchesNameRule(backup.name, criteria.names)) {
    return 'glob' in criteria.names ? 'name does not match' : NOT_NAMED
  }
  return undefined
}
