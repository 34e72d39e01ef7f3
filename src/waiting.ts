import type { Backup } from './api/types.js'

export type Phase = 'succeeded' | 'failed' | 'running'

/** Statuses that say the backup is still being made, whatever `errorMessage` holds meanwhile. */
const RUNNING = /pend|progress|running|queue|start|creat|schedul|wait|init|accept/

/**
 * The status rules of gwcp-facts.md: only `succeeded` is done; a status that speaks of failure,
 * error or cancellation — or an `errorMessage` on a status that is not a running one — is failed;
 * anything else, known or not, is still running.
 */
export function phaseOf(backup: Pick<Backup, 'status' | 'errorMessage'>): Phase {
  const status = backup.status.trim().toLowerCase()
  if (status === 'succeeded') return 'succeeded'
  if (/fail|error|cancel|abort/.test(status)) return 'failed'
  if (backup.errorMessage.trim() && !RUNNING.test(status)) return 'failed'
  return 'running'
}

const FIRST_CHECK_MS = 1000
const GROWTH = 1.5

/**
 * The gap before status check number `check` (0-based): about a second at first — a backup of a
 * small database is done in seconds — then growing by half each time up to `pollIntervalMs`.
 */
export function checkDelayMs(check: number, pollIntervalMs: number): number {
  const grown = FIRST_CHECK_MS * GROWTH ** Math.max(0, check - 1)
  return Math.min(pollIntervalMs, Math.round(grown))
}
