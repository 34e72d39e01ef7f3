/**
 * Whether a planet can be restored right now: the one verdict `audit` gives a planet, from the
 * planet's own backups (those its `types` and `nameFilter` select). `ok` exactly when `ensure`
 * would reuse one of them, whatever its mechanism.
 */
import type { Backup } from '../api/types.js'
import { formatDuration } from '../duration.js'
import { whyNotReusable } from './reuse.js'
import { phaseOf } from './status.js'
import { ageOf, newestFirst } from './time.js'

/**
 * ok — a backup ensure would reuse; expiring — a succeeded one within maxAge, none outliving
 * minRemainingLifetime; stale — the newest succeeded one is older than maxAge; missing — no
 * succeeded backup; unknown — only succeeded ones whose times can't be judged, or none in a list
 * that looks like one page of several.
 */
export type AuditStatus = 'ok' | 'expiring' | 'stale' | 'missing' | 'unknown'

export interface AuditRules {
  maxAgeMs: number
  minRemainingLifetimeMs: number
  now: number
  /** The list looked like one page of several: a planet without evidence may have some unseen. */
  partial: boolean
}

export interface PlanetAudit {
  status: AuditStatus
  /** The newest succeeded backup of a judged age, if any. */
  newestGood?: Backup
  newestAttempt?: Backup
  /** What there is instead of a good backup ("1 failed, 1 running"), or how recent ones went. */
  note: string
  /** The attempts since the newest good one all failed: worth a warning, even while ok. */
  warns: boolean
}

/** The verdict for one planet from its selected backups. */
export function auditPlanet(backups: Backup[], rules: AuditRules): PlanetAudit {
  const ordered = newestFirst(backups, rules.now)
  const [newestAttempt] = ordered
  const judged = ordered.filter(backup => ageOf(backup, rules.now) !== undefined)
  const good = judged.filter(backup => phaseOf(backup) === 'succeeded')
  const [newestGood] = good
  const failedSince = failuresSince(judged, newestGood)
  const base = { newestGood, newestAttempt, warns: failedSince.length > 0 }
  const note = failedSince.length > 0 ? failureNote(failedSince, rules.now) : ''
  const reuse = { mechanism: undefined, permanentOnly: false, ...rules }
  if (good.some(backup => !whyNotReusable(backup, reuse))) return { ...base, status: 'ok', note }
  const within = good.filter(backup => (ageOf(backup, rules.now) ?? Infinity) <= rules.maxAgeMs)
  if (within.length > 0) return { ...base, status: 'expiring', note: note || 'expires too soon' }
  if (newestGood) return { ...base, status: 'stale', note }
  const unjudged = ordered.some(backup => phaseOf(backup) === 'succeeded')
  if (unjudged) return { ...base, status: 'unknown', note: 'succeeded, but when is unknown' }
  if (ordered.length === 0) {
    const why = rules.partial ? 'none in this page of the list' : 'no backup at all'
    return { ...base, status: rules.partial ? 'unknown' : 'missing', note: why }
  }
  return { ...base, status: 'missing', note: countByPhase(ordered) }
}

/** The failed attempts newer than the newest good backup (all of them when there is none). */
function failuresSince(judged: Backup[], newestGood: Backup | undefined): Backup[] {
  const since = newestGood ? judged.slice(0, judged.indexOf(newestGood)) : judged
  const failed = since.filter(backup => phaseOf(backup) === 'failed')
  return failed.length > 0 && failed.length === since.length ? failed : []
}

function failureNote(failed: Backup[], now: number): string {
  const [newest] = failed
  const age = formatDuration(ageOf(newest, now) ?? 0)
  const why = newest.errorMessage ? `: ${newest.errorMessage}` : ''
  const attempts = failed.length > 1 ? `the last ${failed.length} attempts` : 'the last attempt'
  return `${attempts} failed, the newest ${age} ago${why}`
}

/** "1 failed, 1 running". */
function countByPhase(backups: Backup[]): string {
  const counts = new Map<string, number>()
  for (const backup of backups) {
    const phase = phaseOf(backup)
    counts.set(phase, (counts.get(phase) ?? 0) + 1)
  }
  const order = ['failed', 'running', 'unclear', 'gone']
  return [...counts]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([phase, count]) => `${count} ${phase}`)
    .join(', ')
}
