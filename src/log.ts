import * as core from '@actions/core'
import type { Secrets } from './secrets.js'
import { forLog } from './text.js'

/** Where the action writes its log lines; the runner's log by default. */
export interface Log {
  info(message: string): void
  warning(message: string): void
  /** An error annotation; the step's failure is `run()`'s to declare. */
  error(message: string): void
  debug(message: string): void
  /** Runs one phase of the work inside a collapsible log group. */
  group<T>(title: string, phase: () => Promise<T>): Promise<T>
}

/**
 * The runner's log, behind the one rule for everything written to it: secrets redacted first,
 * then each message made one line that starts no workflow command (see text.ts). Server text is
 * quoted in messages everywhere, so the rule is kept here rather than at each call.
 */
export function runnerLog(secrets: Secrets): Log {
  const safe = (message: string): string => forLog(secrets.redact(message))
  return {
    info: message => core.info(safe(message)),
    warning: message => core.warning(safe(message)),
    error: message => core.error(safe(message)),
    debug: message => core.debug(safe(message)),
    group: (title, phase) => core.group(safe(title), phase)
  }
}
