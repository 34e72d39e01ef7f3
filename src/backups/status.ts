/**
 * What a backup's status word says: done, still being made, failed, going away — or a mix the
 * action cannot read as done. Whole words only: `restore_failed` is not `failed`, `NOT_FAILED`
 * is not a failure, and `errorMessage` alone decides nothing.
 */
import type { Backup } from '../api/types.js'

/**
 * succeeded; running (still being made, or a word the action does not know: it may yet succeed);
 * failed; gone (deleted or expired: will never be); unclear (it ended, but not as a whole backup:
 * `partially_succeeded`, or a failed restore from it — never reused, never deleted).
 */
export type Phase = 'succeeded' | 'running' | 'failed' | 'gone' | 'unclear'

/** The words that say a backup is done. */
export const DONE_WORDS = [
  'succeeded',
  'success',
  'successful',
  'complete',
  'completed',
  'done',
  'ready',
  'available',
  'finished'
]
const FAILED_WORDS = [
  'fail',
  'failed',
  'failure',
  'error',
  'errored',
  'cancel',
  'canceled',
  'cancelled',
  'abort',
  'aborted',
  'reject',
  'rejected',
  'timeout',
  'unsuccessful',
  'invalid',
  'terminated',
  'killed',
  'denied'
]
const GONE_WORDS = [
  'deleted',
  'deleting',
  'removed',
  'removing',
  'purged',
  'purging',
  'expired',
  'destroyed',
  'gone'
]
/** A failure of something done with the backup, not of the backup itself. */
const OTHER_SUBJECTS = ['restore', 'restoring', 'restored', 'copy', 'export', 'download']
const PARTIAL_WORDS = ['partial', 'partially']

const NEGATIONS = ['not', 'no', 'non']

/**
 * A status as words: split on `_`, `-`, spaces and case changes, lower-cased; `timed out` is one
 * word. What a negation governs is dropped: the rest after `not`, `no` or `non`
 * (`not_failed`, `NON_FATAL_ERROR`), a word joined to `non` (`nonfatal`), the word before `free`
 * (`error_free`).
 */
function statusWords(status: string): string[] {
  const words = status
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/\btimed[\s_-]+out\b/g, 'timeout')
    .split(/[\s_-]+/)
    .filter(word => word && !/^non[a-z]{4,}$/.test(word))
  const negation = words.findIndex(word => NEGATIONS.includes(word))
  const governed = negation >= 0 ? words.slice(0, negation) : words
  return governed.filter((_, index) => governed[index + 1] !== 'free')
}

/** The phase a status word puts a backup in (docs/api.md, "Status words"). */
export function phaseOf(backup: Pick<Backup, 'status'>): Phase {
  const words = statusWords(backup.status)
  const has = (list: string[]): boolean => words.some(word => list.includes(word))
  if (has(GONE_WORDS)) return 'gone'
  if (has(FAILED_WORDS)) return has(OTHER_SUBJECTS) ? 'unclear' : 'failed'
  if (has(PARTIAL_WORDS)) return 'unclear'
  if (has(DONE_WORDS)) return has(OTHER_SUBJECTS) ? 'unclear' : 'succeeded'
  return 'running'
}

export const isSucceeded = (backup: Pick<Backup, 'status'>): boolean =>
  phaseOf(backup) === 'succeeded'

/** It failed, is (being) deleted or expired, or ended unclearly: waiting for it is pointless. */
export const willNeverSucceed = (backup: Pick<Backup, 'status'>): boolean =>
  ['failed', 'gone', 'unclear'].includes(phaseOf(backup))
