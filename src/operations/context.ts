import type { DatabaseApi } from '../api/client.js'
import type { TokenSource } from '../api/transport.js'
import type { Clock } from '../clock.js'
import type { Log } from '../log.js'
import type { JobSummary } from '../job-summary.js'
import type { StepOutputs } from '../step-outputs.js'

/** What every operation works with. */
export interface OperationContext {
  api: DatabaseApi
  /** The token source of the settings' credentials, for another scope (check's probes). */
  tokensFor: (scope?: string) => TokenSource
  /** The Database API with other tokens than the operation's (check's probes). */
  apiWith: (tokens: TokenSource) => DatabaseApi
  outputs: StepOutputs
  summary: JobSummary
  log: Log
  clock: Clock
}
