/**
 * What a backup's status word says: done, still being made, failed, going away — or a mix the
 * action cannot read as done. Whole words only: `restore_failed` is not `failed`, `NOT_FAILED`
 * is not a failure. Done means done without a but: a done word beside a failure word, a negation
 * or any word not known to be harmless is unclear, beside a deletion word it is gone, and a done
 * status with an `errorMessage` is unclear. Otherwise `errorMessage` alone decides nothing.
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

/** A status as words: split on anything but letters and digits and on case changes, lower-cased. */
function wordsOf(status: string): string[] {
  return (
    status
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      // "timed out" is one word, wherever it stands (`BACKUP_TIMED_OUT`).
      .replace(/\btimed out\b/g, 'timeout')
      .split(' ')
      .filter(Boolean)
  )
}

/**
 * `not`, `no`, `non` — or `non` joined to a word (`nonfatal`, read as `non fatal`), whatever
 * follows it (`nonfatal2`): a negation keeps a backup from reading as failed, the safe side.
 */
const isNegation = (word: string): boolean => NEGATIONS.includes(word) || /^non[a-z]{4}/.test(word)

/**
 * What a status without a done word says. What a negation governs is dropped: the rest after
 * it (`not_failed`, `NON_FATAL_ERROR`, `NONFATAL_ERROR`), the word before `free` (`error_free`).
 */
function governedWords(words: string[]): string[] {
  const negation = words.findIndex(isNegation)
  const governed = negation >= 0 ? words.slice(0, negation) : words
  return governed.filter((_, index) => governed[index + 1] !== 'free')
}

/**
 * The only words that may stand beside a done word: any other (`errors`, `failures`, `corrupt`,
 * `not`, `partial`, `warnings`, `unverified`, a count) leaves the backup unclear.
 */
export const HARMLESS_WORDS = [
  'backup',
  'database',
  'db',
  'job',
  'status',
  'state',
  'is',
  'has',
  'been',
  'fully',
  'successfully',
  'now',
  'ok'
]
/** Beside a done word: what was done is the backup's deletion. */
const DELETION_PREFIXES = ['delet', 'purg', 'expir']

const startsAny = (word: string, prefixes: string[]): boolean =>
  prefixes.some(prefix => word.startsWith(prefix))

/** A status that holds a done word: done only when nothing beside it says "but". */
function doneWithoutBut(words: string[]): Phase {
  const others = words.filter(word => !DONE_WORDS.includes(word))
  if (others.some(word => startsAny(word, DELETION_PREFIXES))) return 'gone'
  return others.every(word => HARMLESS_WORDS.includes(word)) ? 'succeeded' : 'unclear'
}

/** What the reading takes: the backup's status and, where there is one, its `errorMessage`. */
type Reading = Pick<Backup, 'status'> & Partial<Pick<Backup, 'errorMessage'>>

/**
 * The phase a backup is in (docs/api.md, "Status words"). A done status with an `errorMessage`
 * is unclear: a backup that says it succeeded and reports an error is no restore point.
 */
export function phaseOf(backup: Reading): Phase {
  const all = wordsOf(backup.status)
  if (all.some(word => DONE_WORDS.includes(word))) {
    const phase = doneWithoutBut(all)
    return phase === 'succeeded' && backup.errorMessage?.trim() ? 'unclear' : phase
  }
  const words = governedWords(all)
  const has = (list: string[]): boolean => words.some(word => list.includes(word))
  if (has(GONE_WORDS)) return 'gone'
  if (has(FAILED_WORDS)) return has(OTHER_SUBJECTS) ? 'unclear' : 'failed'
  if (has(PARTIAL_WORDS)) return 'unclear'
  return 'running'
}

export const isSucceeded = (backup: Reading): boolean => phaseOf(backup) === 'succeeded'

/** It failed, is (being) deleted or expired, or ended unclearly: waiting for it is pointless. */
export const willNeverSucceed = (backup: Reading): boolean =>
  ['failed', 'gone', 'unclear'].includes(phaseOf(backup))
