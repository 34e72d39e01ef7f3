/**
 * When a backup was made, read without guessing: a time the action cannot trust (a sentinel, one
 * before the backup started, one far ahead of the runner's clock) is unknown, and an unknown time
 * never makes a backup the newest or the oldest.
 */
import type { Backup } from '../api/types.js'
import { isSucceeded } from './status.js'

const DAY_MS = 86_400_000
/** Times before this are sentinels (`0`, Go's `0001-01-01T00:00:00Z`): GWCP did not exist. */
const SENTINEL_BEFORE = Date.UTC(2001, 0, 1)
/** A clock may be off; a time further ahead of the runner's than this is not a real one. */
const MAX_AHEAD_MS = DAY_MS

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/

/**
 * Epoch milliseconds of a timestamp, or undefined when absent or unreadable. An ISO time without
 * a zone is UTC (never the runner's own zone), every ISO offset form is read (`Z`, `+05`,
 * `+0530`, `+05:30`), an impossible date (`2024-02-30`) is unreadable, and an epoch number is
 * read by its size: seconds, milliseconds, microseconds or nanoseconds.
 */
export function timeOf(timestamp: string): number | undefined {
  const value = timestamp.trim()
  if (/^\d+(\.\d+)?$/.test(value)) return epochMs(Number(value))
  const iso = ISO.exec(value)
  if (iso) return isoMs(iso)
  if (HTTP_DATE.test(value)) return Date.parse(value)
  return undefined
}

/** 1e11 s is the year 5138; 1e14 ms the year 5138; and so on. */
function epochMs(number: number): number {
  if (number < 1e11) return Math.round(number * 1000)
  if (number < 1e14) return Math.round(number)
  if (number < 1e17) return Math.round(number / 1000)
  return Math.round(number / 1e6)
}

function isoMs(match: RegExpExecArray): number | undefined {
  const [, year, month, day, hour, minute, second, fraction = '', zone = ''] = match
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(part =>
    Number(part ?? 0)
  )
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate()
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth || h > 23 || mi > 59 || s > 59) {
    return undefined
  }
  const utc = Date.UTC(y, mo - 1, d, h, mi, s) + Math.round(Number(`0${fraction}`) * 1000)
  return utc - offsetMs(zone)
}

/**
 * `+05`, `+0530` or `+05:30` in ms east of UTC. `Z` and no zone at all have no digits, and
 * `Number('')` is 0: UTC.
 */
function offsetMs(zone: string): number {
  const digits = zone.slice(1).replace(':', '')
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))
  return (zone.startsWith('-') ? -1 : 1) * minutes * 60_000
}

/** A time the rules can use: not a sentinel, not far ahead of `now`. */
const trusted = (time: number | undefined, now: number): number | undefined =>
  time !== undefined && time >= SENTINEL_BEFORE && time <= now + MAX_AHEAD_MS ? time : undefined

/**
 * When the backup was made: `completedAt`, or `startedAt` when that is missing or untrusted. A
 * `completedAt` before `startedAt` is untrusted.
 */
export function madeAt(backup: Backup, now: number): number | undefined {
  const started = trusted(timeOf(backup.startedAt), now)
  const completed = trusted(timeOf(backup.completedAt), now)
  // Stryker disable next-line EqualityOperator: when completed equals started, either is the answer.
  if (completed !== undefined && (started === undefined || completed >= started)) return completed
  return started
}

/** How old a backup is; a time up to a day ahead (clock skew) counts as now. Undefined when unknown. */
export function ageOf(backup: Backup, now: number): number | undefined {
  const made = madeAt(backup, now)
  return made === undefined ? undefined : Math.max(0, now - made)
}

const byId = new Intl.Collator('en', { numeric: true })

/**
 * Newest first by `madeAt`; backups of unknown time last. Ties go by id, highest first, so that
 * the order of the API's list changes nothing.
 */
export function newestFirst(backups: Backup[], now: number): Backup[] {
  const time = (backup: Backup): number => madeAt(backup, now) ?? Number.NEGATIVE_INFINITY
  return [...backups].sort((a, b) =>
    time(b) > time(a) ? 1 : time(b) < time(a) ? -1 : byId.compare(b.id, a.id)
  )
}

/**
 * The newest succeeded backup — not guessed: when a succeeded backup's time cannot be read, it
 * could be the newest, and there is no answer (`unknownTimes` says how many).
 */
export function latestSucceeded(
  backups: Backup[],
  now: number
): { backup?: Backup; unknownTimes: number } {
  const succeeded = backups.filter(isSucceeded)
  const unknownTimes = succeeded.filter(backup => madeAt(backup, now) === undefined).length
  if (unknownTimes > 0) return { unknownTimes }
  return { backup: newestFirst(succeeded, now)[0], unknownTimes }
}
