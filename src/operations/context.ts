import type { DatabaseApi } from '../api/client.js'
import type { Clock } from '../clock.js'
import type { Log } from '../log.js'
import type { Report } from '../report.js'

/** What every operation works with. */
export interface OperationContext {
  api: DatabaseApi
  report: Report
  log: Log
  clock: Clock
}
