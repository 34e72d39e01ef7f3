/** Where the action writes its log lines; the runner's log by default. */
export interface Log {
  info(message: string): void
  /** A warning annotation, titled `title` (or the action's name). */
  warning(message: string, title?: string): void
  /** An error annotation, titled `title`; the step's failure is `run()`'s to declare. */
  error(message: string, title?: string): void
  debug(message: string): void
  /** Runs one phase of the work inside a collapsible log group. */
  group<T>(title: string, phase: () => Promise<T>): Promise<T>
}
