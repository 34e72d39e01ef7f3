/**
 * How a run ends when it is not by its own code: a runner's cancellation (SIGINT, then SIGTERM
 * 7.5 s later) or a crash outside the awaited chain. Either ends the process at once, after one
 * error annotation and the summary, saying what goes on without the action.
 */
import type { Backup } from './api/types.js'
import { phaseOf } from './backups/index.js'
import type { Settings } from './settings.js'

export interface Ending {
  /** Records the failure: one error annotation and the summary's text. */
  fail(error: unknown): void
  /** Writes the summary; with `title`, a cancellation's, as its headline. */
  flush(title?: string): Promise<void>
  /** What the run knows at the moment it is stopped. */
  state(): { settings?: Settings; last?: Backup }
}

/** Installs the handlers for the rest of the process's life. */
export function endOnSignalOrCrash(ending: Ending): void {
  const stop = (error: unknown, title?: string): void => {
    ending.fail(error)
    const exit = (): never => process.exit(1)
    setTimeout(exit, 1000).unref()
    ending.flush(title).then(exit, exit)
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    const { settings, last } = ending.state()
    const { title, message } = cancellation(signal, settings, last)
    stop(new Error(message), title)
  }
  const onCrash = (error: unknown): void => stop(error)
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  process.once('uncaughtException', onCrash)
  process.once('unhandledRejection', onCrash)
}

function cancellation(
  signal: NodeJS.Signals,
  settings: Settings | undefined,
  last: Backup | undefined
): { title: string; message: string } {
  if (last && phaseOf(last) === 'running') {
    return {
      title: `cancelled while waiting for backup ${last.id}`,
      message:
        `Cancelled (${signal}) while waiting for backup ${last.id} (last status "${last.status}"). ` +
        'The backup goes on on the platform.'
    }
  }
  const creating = settings?.operation === 'create' || settings?.operation === 'ensure'
  const detail =
    creating && !last
      ? ` before the backup's id was known: a backup named "${settings.request.metadata.name}" may still appear on the platform.`
      : settings?.operation === 'prune'
        ? ': deletes already sent may have been carried out.'
        : '.'
  return {
    title: 'cancelled',
    message: `Cancelled (${signal}) during ${settings?.operation ?? 'start-up'}${detail}`
  }
}
