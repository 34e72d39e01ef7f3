import type { DatabaseApi } from '../api/client.js'
import type { TokenSource } from '../api/transport.js'
import type { Clock } from '../clock.js'
import type { Log } from '../log.js'
import type { Report } from '../report.js'

/** What every operation works with. */
export interface OperationContext {
  api: DatabaseApi
  /** The token source of the settings' credentials, for another scope (check's probes). */
  tokensFor: (scope?: string) => TokenSource
  /** The Database API with other tokens than the operation's (check's probes). */
  apiWith: (tokens: TokenSource) => DatabaseApi
  report: Report
  log: Log
  clock: Clock
}
