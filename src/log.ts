import * as core from '@actions/core'

/** Where the action writes its log lines; the runner's log by default. */
export interface Log {
  info(message: string): void
  warning(message: string): void
  debug(message: string): void
  /** Runs one phase of the work inside a collapsible log group. */
  group<T>(title: string, phase: () => Promise<T>): Promise<T>
}

export const runnerLog: Log = {
  info: message => core.info(message),
  warning: message => core.warning(message),
  debug: message => core.debug(message),
  group: (title, phase) => core.group(title, phase)
}
