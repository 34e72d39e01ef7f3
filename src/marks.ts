/** The marks a summary reads by: how a step ended, how a backup stands. */
import type { Backup } from './api/types.js'
import { phaseOf } from './backups/index.js'

/** How a step ended, as the first character of its summary says it. */
export type Mark = '✅' | '❌' | '⏳' | '⚠️'

/** A backup's status as a mark: done, still being made, or not going to be. */
export function markOf(backup: Pick<Backup, 'status'>): Mark {
  const phase = phaseOf(backup)
  return phase === 'succeeded' ? '✅' : phase === 'running' ? '⏳' : '❌'
}
