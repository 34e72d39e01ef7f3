import { statusBeside, words } from '../headline.js'
import { ofPlanet } from '../outcome.js'
import type { Backup } from '../api/types.js'
import { phaseOf, willNeverSucceed } from '../backups/index.js'
import { formatDuration } from '../duration.js'
import type { WaitPolicy, WaitSettings } from '../settings.js'
import { ApiError, BackupFailedError, WaitTimeoutError } from '../errors.js'
import { checkDelayMs } from '../poll-schedule.js'
import { folded } from '../text.js'
import type { OperationContext } from './context.js'

/** `wait`: waits until an existing backup has succeeded. */
export async function waitOperation(ctx: OperationContext, settings: WaitSettings): Promise<void> {
  const backup = await ctx.api.getBackup(settings.backupId)
  ctx.outputs.backup(backup)
  const final = await waitUntilSucceeded(ctx, backup, settings.waitPolicy)
  ctx.summary.outcome(
    '✅',
    words`GWCP backup ${final.id}${ofPlanet(final)} has succeeded${statusBeside(final.status, 'succeeded')}`
  )
  ctx.summary.table('Backup', [{ backup: final }])
}

/**
 * Checks the backup on the adaptive schedule of `checkDelayMs` until it succeeds (returned), can
 * no longer succeed (BackupFailedError) or the wait times out (an error that says the backup goes
 * on). A status check that fails for a passing reason (network, 5xx, 429 after the transport's
 * own retries) does not end the wait: the next check comes on schedule.
 */
export function waitUntilSucceeded(
  ctx: OperationContext,
  first: Backup,
  policy: WaitPolicy
): Promise<Backup> {
  return ctx.log.group(`Wait for backup ${first.id}`, () => pollUntilDone(ctx, first, policy))
}

async function pollUntilDone(
  ctx: OperationContext,
  first: Backup,
  policy: WaitPolicy
): Promise<Backup> {
  const { api, outputs, log, clock } = ctx
  const started = clock.now()
  const deadline = started + policy.timeoutMs
  let backup = first
  for (let check = 0; ; check++) {
    if (phaseOf(backup) === 'succeeded') {
      if (check === 0) log.info(`Backup ${backup.id} has already succeeded`)
      if (folded(backup.status) !== 'succeeded') {
        log.info(`Status "${backup.status}" is read as succeeded (docs/api.md, "Status words")`)
      }
      return backup
    }
    if (willNeverSucceed(backup)) throw failure(backup)
    if (check === 0) {
      log.info(
        `Waiting up to ${formatDuration(policy.timeoutMs)} for backup ${backup.id} to succeed`
      )
    }
    const remaining = deadline - clock.now()
    if (remaining <= 0) {
      throw new WaitTimeoutError(backup, formatDuration(policy.timeoutMs))
    }
    await clock.sleep(Math.min(checkDelayMs(check, policy.pollIntervalMs), remaining))
    try {
      const latest = await api.getBackup(backup.id, { deadline })
      if (latest.status !== backup.status) {
        log.info(
          `Backup ${latest.id}: ${latest.status}${latest.displayStatus ? ` (${latest.displayStatus})` : ''} ` +
            `after ${formatDuration(clock.now() - started)}`
        )
      }
      backup = latest
      outputs.backup(backup)
    } catch (error) {
      if (!(error instanceof ApiError && error.transient)) throw error
      log.warning(`${error.message}; checking again on schedule`)
    }
  }
}

/** The error for a backup that will never succeed: failed, going away, or done with a "but". */
export function failure(backup: Backup): BackupFailedError {
  const phase = phaseOf(backup)
  const outcome =
    phase === 'gone'
      ? 'will never succeed'
      : phase === 'unclear'
        ? 'did not clearly succeed'
        : 'failed'
  return new BackupFailedError(backup, outcome)
}
