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
