import type { DatabaseApi } from '../api/client.js'
import type { Transport } from '../api/transport.js'
import type { Clock } from '../clock.js'
import type { Log } from '../log.js'
import type { Report } from '../report.js'
import type { Secrets } from '../secrets.js'

/** What every operation works with. */
export interface OperationContext {
  api: DatabaseApi
  report: Report
  log: Log
  clock: Clock
  /** For `check`, which asks for tokens of other scopes than the operation's. */
  transport: Transport
  secrets: Secrets
}
