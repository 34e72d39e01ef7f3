/** `run()`: settings → operation → outputs and summary; the one place a failure is declared. */
import * as core from '@actions/core'
import { DatabaseApi } from './api/client.js'
import { Transport } from './api/transport.js'
import { tokenSource } from './auth.js'
import { systemClock, type Clock } from './clock.js'
import { endOnSignalOrCrash } from './lifecycle.js'
import { declareFailure, operationAndTarget } from './outcome.js'
import { runnerLog, runnerReport } from './runner.js'
import type { OperationContext } from './operations/context.js'
import type { Log } from './log.js'
import type { JobSummary } from './job-summary.js'
import type { StepOutputs } from './step-outputs.js'
import { operations, type Operation } from './operations/index.js'
import { readRunContext } from './run-context.js'
import { Secrets } from './secrets.js'
import { parseSettings, type Settings } from './settings.js'
import { VERSION } from './version.js'

export async function run(): Promise<void> {
  const secrets = new Secrets(core.setSecret)
  const log = runnerLog(secrets)
  const { outputs, summary } = runnerReport(secrets, log)
  let settings: Settings | undefined
  let transport: Transport | undefined
  const fail = (error: unknown): void => {
    declareFailure(error, { settings, outputs, summary, log })
    process.exitCode = 1
  }
  endOnSignalOrCrash({
    fail,
    flush: title => {
      if (title) summary.outcome('❌', `GWCP ${operationAndTarget(settings)}: ${title}`)
      return summary.flush()
    },
    state: () => ({ settings, last: outputs.last })
  })
  try {
    settings = await parseSettings({
      input: name => core.getInput(name),
      runContext: readRunContext,
      secret: value => secrets.add(value),
      nonce: () => Math.random().toString(36).slice(2, 8),
      warning: message => log.warning(message, 'Input not read')
    })
    const connected = connect(settings, { secrets, log, outputs, summary, clock: systemClock })
    transport = connected.transport
    const ctx = connected.ctx
    await (operations[settings.operation] as Operation<Settings>)(ctx, settings)
  } catch (error) {
    fail(error)
  } finally {
    transport?.dispose()
    await summary.flush().catch(error => log.warning(`Could not write the job summary: ${error}`))
  }
}

/**
 * The parts an operation works with, for these settings: one transport, the token source the
 * credentials call for, the Database API — whose requests, for an operation that waits, end by
 * its `waitTimeout`.
 */
export function connect(
  settings: Settings,
  parts: { secrets: Secrets; log: Log; outputs: StepOutputs; summary: JobSummary; clock: Clock }
): { ctx: OperationContext; transport: Transport } {
  const { secrets, log, outputs, summary, clock } = parts
  const { auth, requestTimeoutMs } = settings
  const userAgent = `gwcp-backup-action/${VERSION}`
  const redact = (text: string): string => secrets.redact(text)
  const onRetry = (after: string): void => summary.retried(after)
  const transport = new Transport({ userAgent, requestTimeoutMs, log, clock, redact, onRetry })
  const connection = { transport, secrets, clock }
  const waits = ['create', 'ensure', 'wait'].includes(settings.operation)
  const deadline = waits ? clock.now() + settings.waitPolicy.timeoutMs : undefined
  const location = { ...settings, deadline }
  const ctx: OperationContext = {
    api: new DatabaseApi(transport, tokenSource(auth, connection), location, log),
    tokensFor: scope => tokenSource(auth, connection, scope),
    apiWith: tokens => new DatabaseApi(transport, tokens, location, log),
    outputs,
    summary,
    log,
    clock
  }
  return { ctx, transport }
}
