/**
 * What a failed step's summary says first, and the title of its one error annotation: the
 * outcome, the operation, the backup or planet — never a bare "failed".
 */
import type { Backup } from './api/types.js'
import {
  AnnotatedError,
  BackupFailedError,
  messageOf,
  SettingsError,
  WaitTimeoutError
} from './errors.js'
import { code, plainText, statusBeside, words, type Headline, type Words } from './headline.js'
import type { JobSummary } from './job-summary.js'
import type { Log } from './log.js'
import type { StepOutputs } from './step-outputs.js'
import { scopeOf, type Settings } from './settings.js'

/** " of `qa`": the planet a backup names (the server's word). */
export const ofPlanet = (backup: { planet: string }): Words =>
  backup.planet ? words` of ${code(backup.planet)}` : []

/** The operation and what it was about: "delete of backup 1000", "prune of planet dev1". */
export function operationAndTarget(settings: Settings | undefined): string {
  if (!settings) return 'backup step'
  const { operation } = settings
  if ('backupId' in settings) return `${operation} of backup ${settings.backupId}`
  if (operation === 'create' || operation === 'ensure') {
    return `${operation} on planet ${settings.planetId}`
  }
  if (operation === 'list' || operation === 'prune' || operation === 'audit') {
    return `${operation} of ${scopeOf(settings)}`
  }
  return operation
}

/** The headline of a step that ended with `error`. */
export function failureOutcome(
  error: unknown,
  settings: Settings | undefined,
  last: Backup | undefined
): Headline {
  if (error instanceof BackupFailedError) {
    const { backup, outcome } = error
    return {
      mark: '❌',
      words: words`GWCP backup ${backup.id}${ofPlanet(backup)} ${outcome}${statusBeside(backup.status, outcome)}`
    }
  }
  if (error instanceof WaitTimeoutError) {
    const { backup, waited } = error
    const status = backup.status ? code(backup.status) : 'unfinished'
    return {
      mark: '⏳',
      words: words`GWCP backup ${backup.id}${ofPlanet(backup)} is still ${status} after ${waited}`
    }
  }
  // Settings are not known yet: the error names the input.
  if (error instanceof SettingsError)
    return { mark: '❌', words: ['GWCP backup step: an input is not usable'] }
  const about = last && !('backupId' in (settings ?? {})) ? ` (backup ${last.id})` : ''
  return { mark: '❌', words: [`GWCP ${operationAndTarget(settings)} failed${about}`] }
}

/**
 * The step failed with `error`: the headline says how (unless the operation already said more than
 * ✅), the error is annotated once (an AnnotatedError annotated itself) and stands under the
 * headline.
 */
export function declareFailure(
  error: unknown,
  step: { settings?: Settings; outputs: StepOutputs; summary: JobSummary; log: Log }
): void {
  const { summary, log } = step
  const current = summary.current
  const outcome =
    current && current.mark !== '✅'
      ? current
      : failureOutcome(error, step.settings, step.outputs.last)
  summary.outcome(outcome.mark, outcome.words)
  summary.fail()
  if (!(error instanceof AnnotatedError)) log.error(messageOf(error), plainText(outcome.words))
  summary.problem(`❌ ${messageOf(error)}`)
}
