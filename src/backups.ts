/**
 * What a backup's fields mean — the one home of the rules that decide what `ensure` reuses, what
 * `list` calls the latest, what `prune` deletes and what a create adopts: whose a backup is, how
 * old it is, whether it can still succeed and whether it will still exist. The API documents one
 * answer shape; where these rules cannot tell, they keep rather than delete, and create rather
 * than reuse or adopt.
 */
import type { Backup } from './api/types.js'
import { formatDuration } from './duration.js'

/** succeeded; still running (may yet succeed); failed; gone (deleted, expiring: will never be). */
type Phase = 'succeeded' | 'running' | 'failed' | 'gone'

const GONE = /delet|remov|purg|expir|gone|destroy/
const FAILED =
  /fail|error|cancel|abort|reject|time_?out|timed_out|unsuccess|invalid|terminat|kill|denied/
/** Statuses that say the backup is still being made, whatever `errorMessage` holds meanwhile. */
const RUNNING = /pend|progress|running|queue|start|creat|schedul|wait|init|accept/

/** A status trimmed, case-blind, with spaces and dashes as underscores: ` In-Progress ` → in_progress. */
function normalStatus(status: string): string {
  return status
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
}

/**
 * Only `succeeded` is done. A status that says the backup is or will be gone (deleted, deleting,
 * expired …) or that it failed (failed, error, cancelled, rejected, timed out, unsuccessful …) will
 * never become `succeeded`, and neither will one with an `errorMessage` that is not a running
 * status. Anything else, known or not, is still running.
 */
export function phaseOf(backup: Pick<Backup, 'status' | 'errorMessage'>): Phase {
  const status = normalStatus(backup.status)
  if (status === 'succeeded') return 'succeeded'
  if (GONE.test(status)) return 'gone'
  if (FAILED.test(status)) return 'failed'
  if (backup.errorMessage.trim() && !RUNNING.test(status)) return 'failed'
  return 'running'
}

const isSucceeded = (backup: Backup): boolean => phaseOf(backup) === 'succeeded'

/** It failed, or it is (being) deleted or expired: waiting for it is pointless. */
export const willNeverSucceed = (backup: Backup): boolean =>
  ['failed', 'gone'].includes(phaseOf(backup))

const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/i
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/
/** Epoch numbers below this are seconds, above it milliseconds (1e11 s is the year 5138). */
const SECONDS_BELOW = 1e11

/**
 * Epoch milliseconds of a timestamp, or undefined when absent or unreadable. An ISO time without
 * a zone is UTC (never the runner's own zone); epoch seconds and milliseconds are read.
 */
export function timeOf(timestamp: string): number | undefined {
  const value = timestamp.trim()
  if (/^\d+(\.\d+)?$/.test(value)) {
    const number = Number(value)
    return number < SECONDS_BELOW ? Math.round(number * 1000) : Math.round(number)
  }
  if (ISO_WITHOUT_ZONE.test(value)) return parsed(`${value.replace(' ', 'T')}Z`)
  if (ISO.test(value)) return parsed(value.replace(' ', 'T'))
  if (HTTP_DATE.test(value)) return parsed(value)
  return undefined
}

const parsed = (value: string): number | undefined => {
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

/** When the backup was made: `completedAt`, or `startedAt` when there is none. */
const madeAt = (backup: Backup): number | undefined =>
  timeOf(backup.completedAt) ?? timeOf(backup.startedAt)

/** How old a backup is; a time in the future counts as now. Undefined when unknown. */
export function ageOf(backup: Backup, now: number): number | undefined {
  const made = madeAt(backup)
  return made === undefined ? undefined : Math.max(0, now - made)
}

/** Newest first by `madeAt`; backups of unknown time last, in the API's order. */
export function newestFirst(backups: Backup[]): Backup[] {
  const time = (backup: Backup): number => madeAt(backup) ?? Number.NEGATIVE_INFINITY
  return [...backups].sort((a, b) => (time(b) > time(a) ? 1 : time(b) < time(a) ? -1 : 0))
}

/**
 * The newest succeeded backup — not guessed: when a succeeded backup's time cannot be read, it
 * could be the newest, and there is no answer (`unknownTimes` says how many).
 */
export function latestSucceeded(backups: Backup[]): { backup?: Backup; unknownTimes: number } {
  const succeeded = backups.filter(isSucceeded)
  const unknownTimes = succeeded.filter(backup => madeAt(backup) === undefined).length
  if (unknownTimes > 0) return { unknownTimes }
  return { backup: newestFirst(succeeded)[0], unknownTimes }
}

const samePlanet = (a: string, b: string): boolean =>
  a.trim().toLowerCase() === b.trim().toLowerCase()

/**
 * Splits a planet's own list into the planet's backups and the others it holds. An item that names
 * no planet belongs to the planet whose list it is in. The planet is read from `environment.name`
 * only by inference from the guide's one example: when no item at all names the planet asked for,
 * that field is taken to mean something else (`fieldIgnored`) and nothing is left out.
 */
export function ofPlanet(
  backups: Backup[],
  planetId: string
): { mine: Backup[]; others: Backup[]; fieldIgnored: boolean } {
  const naming = backups.filter(backup => backup.planet)
  if (naming.length > 0 && !naming.some(backup => samePlanet(backup.planet, planetId))) {
    return { mine: backups, others: [], fieldIgnored: true }
  }
  const others = naming.filter(backup => !samePlanet(backup.planet, planetId))
  return { mine: backups.filter(backup => !others.includes(backup)), others, fieldIgnored: false }
}

export interface ReuseRules {
  mechanism: string
  maxAgeMs: number
  /** A reused backup must still exist this long after now. */
  minRemainingLifetimeMs: number
  now: number
}

/**
 * Why a backup cannot serve as a fresh restore point, or undefined when it can: succeeded, of the
 * requested mechanism (case-blind; a backup that names none is not taken for one that matches),
 * made within `maxAgeMs`, and still there `minRemainingLifetimeMs` from now — by its
 * `expirationDate`, or, without one, only when its type is permanent.
 */
export function whyNotReusable(backup: Backup, rules: ReuseRules): string | undefined {
  if (!isSucceeded(backup)) return `status "${backup.status}"`
  if (normalStatus(backup.mechanism) !== normalStatus(rules.mechanism)) {
    return `mechanism "${backup.mechanism}"`
  }
  const age = ageOf(backup, rules.now)
  if (age === undefined) return 'when it was made is unknown'
  if (age > rules.maxAgeMs) return 'too old'
  const expires = timeOf(backup.expirationDate)
  if (expires === undefined) {
    return normalStatus(backup.type) === 'permanent'
      ? undefined
      : 'no expirationDate, not permanent'
  }
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

export interface PruneCriteria {
  keepLast?: number
  olderThanMs?: number
  nameFilter: string
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
}

type Decision = { remove: boolean; note: string }
const keeping = (note: string): Decision => ({ remove: false, note })
const removing = (note: string): Decision => ({ remove: true, note })

/**
 * Decides which backups to delete. A backup is deleted only when every given criterion allows it
 * (beyond the `keepLast` newest succeeded of its planet, older than `olderThan`). Never deleted:
 * a backup still running or already gone, one not selected by `types` and `nameFilter`, one of
 * unknown age, the newest succeeded one of each
 * planet unless `keepLast` is 0 — and, by a per-planet rule, one whose planet is unknown (`planetId`
 * is the planet of a planet's own list; without it, each backup's own). Failed backups never count
 * toward `keepLast`.
 */
export function planPrune(
  backups: Backup[],
  criteria: PruneCriteria,
  now: number,
  planetId?: string
): PrunePlan {
  const plan: PrunePlan = { remove: [], keep: [] }
  /** How many succeeded backups of each planet came before, newest first. */
  const ranks = new Map<string, number>()
  for (const backup of newestFirst(backups)) {
    const planet = (planetId ?? backup.planet).trim().toLowerCase()
    const { remove, note } = decide(backup, criteria, now, { planet, ranks })
    ;(remove ? plan.remove : plan.keep).push({ backup, note })
  }
  return plan
}

function decide(
  backup: Backup,
  criteria: PruneCriteria,
  now: number,
  { planet, ranks }: { planet: string; ranks: Map<string, number> }
): Decision {
  const unselected = whyNotSelected(backup, criteria)
  if (unselected) return keeping(unselected)
  const phase = phaseOf(backup)
  const age = ageOf(backup, now)
  if (phase === 'running') return keeping('still running')
  if (phase === 'gone') return keeping(`already going or gone (status ${backup.status})`)
  if (age === undefined) return keeping('age unknown')
  const { olderThanMs: olderThan, keepLast } = criteria
  if (phase === 'failed') {
    if (olderThan === undefined || age > olderThan) return removing('failed')
    return keeping(`failed, but younger than ${formatDuration(olderThan)}`)
  }
  if (!planet && keepLast !== 0) return keeping('planet unknown: per-planet rules keep it')
  const rank = ranks.get(planet) ?? 0
  ranks.set(planet, rank + 1)
  if (keepLast !== undefined && rank < keepLast) return keeping(`one of the ${keepLast} newest`)
  if (keepLast === undefined && rank === 0) return keeping('newest succeeded of its planet')
  if (olderThan !== undefined && age <= olderThan) {
    return keeping(`younger than ${formatDuration(olderThan)}`)
  }
  const reasons = [
    keepLast !== undefined ? `beyond the ${keepLast} newest` : '',
    olderThan !== undefined ? `older than ${formatDuration(olderThan)}` : ''
  ]
  return removing(reasons.filter(Boolean).join(', '))
}

/** Why `types`, `nameFilter` or the id rule leave a backup out of a prune, if they do. */
function whyNotSelected(backup: Backup, criteria: PruneCriteria): string | undefined {
  const type = backup.type.trim().toLowerCase()
  if (!criteria.types.includes(type)) return `type ${type || 'unknown'} not selected`
  if (!matchesWildcard(backup.name, criteria.nameFilter)) return 'name does not match'
  return undefined
}

/**
 * Whether `text` matches `pattern`, where `*` is any run of characters and `?` any one. Greedy,
 * going back only to the last `*`: at most length × pattern steps whatever a server sends (a
 * backtracking regex takes minutes on a long name against `*-*-*-*-prod`).
 */
export function matchesWildcard(text: string, pattern: string): boolean {
  const chars = [...text]
  const wanted = [...pattern]
  let t = 0
  let p = 0
  let star = -1
  let resumeAt = 0
  while (t < chars.length) {
    if (p < wanted.length && (wanted[p] === '?' || wanted[p] === chars[t])) {
      t++
      p++
    } else if (p < wanted.length && wanted[p] === '*') {
      star = p++
      resumeAt = t
    } else if (star >= 0) {
      p = star + 1
      t = ++resumeAt
    } else {
      return false
    }
  }
  while (wanted[p] === '*') p++
  return p === wanted.length
}
