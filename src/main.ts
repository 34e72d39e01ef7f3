import * as core from '@actions/core'
import { DatabaseApi } from './api/client.js'
import { Transport, type TokenSource } from './api/transport.js'
import type { Backup } from './api/types.js'
import { ClientCredentialsToken, StaticToken } from './auth.js'
import { phaseOf } from './backups.js'
import { systemClock } from './clock.js'
import { runnerLog } from './log.js'
import { checkOperation } from './operations/check.js'
import type { OperationContext } from './operations/context.js'
import { createOperation } from './operations/create.js'
import { deleteOperation } from './operations/delete.js'
import { ensureOperation } from './operations/ensure.js'
import { getOperation } from './operations/get.js'
import { listOperation } from './operations/list.js'
import { pruneOperation } from './operations/prune.js'
import { waitOperation } from './operations/wait.js'
import { Report } from './report.js'
import { readRunContext } from './run-context.js'
import { Secrets } from './secrets.js'
import { parseSettings, type Settings } from './settings.js'
import { VERSION } from './version.js'

type Operations = {
  [Name in Settings['operation']]: (
    ctx: OperationContext,
    settings: Extract<Settings, { operation: Name }>
  ) => Promise<void>
}

const operations: Operations = {
  create: createOperation,
  ensure: ensureOperation,
  get: getOperation,
  wait: waitOperation,
  list: listOperation,
  delete: deleteOperation,
  prune: pruneOperation,
  check: checkOperation
}

export async function run(): Promise<void> {
  const secrets = new Secrets(core.setSecret)
  const log = runnerLog(secrets)
  const redact = (text: string): string => secrets.redact(text)
  const report = new Report(
    {
      setOutput: (name, value) => core.setOutput(name, value),
      writeSummary: async markdown => {
        if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write()
      },
      warning: message => log.warning(message)
    },
    redact
  )
  let settings: Settings | undefined
  let transport: Transport | undefined
  const fail = (error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error)
    log.error(message)
    report.text(`❌ ${message}`)
    process.exitCode = 1
  }
  /** Ends the process now, after one error annotation and the summary (signals, crashes). */
  const stop = (error: Error, title: string): void => {
    fail(error)
    report.title(title)
    const exit = (): never => process.exit(1)
    setTimeout(exit, 1000).unref()
    report.flush().then(exit, exit)
  }
  // The runner sends SIGINT, then SIGTERM 7.5 s later: stop at once, say what goes on without us.
  const onSignal = (signal: NodeJS.Signals): void => {
    const { title, message } = cancellation(signal, settings, report.last)
    stop(new Error(message), title)
  }
  // Whatever fails outside the awaited chain (a stream's handler, say) ends as any failure does.
  const onCrash = (error: unknown): void =>
    stop(error instanceof Error ? error : new Error(String(error)), 'failed')
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  process.once('uncaughtException', onCrash)
  process.once('unhandledRejection', onCrash)

  try {
    settings = await parseSettings({
      input: name => core.getInput(name),
      runContext: readRunContext,
      secret: value => secrets.add(value),
      nonce: () => Math.random().toString(36).slice(2, 8)
    })
    transport = new Transport({
      userAgent: `gwcp-backup-action/${VERSION}`,
      requestTimeoutMs: settings.requestTimeoutMs,
      log,
      redact
    })
    const tokens: TokenSource =
      settings.auth.kind === 'token'
        ? new StaticToken(settings.auth.accessToken)
        : new ClientCredentialsToken(settings.auth, transport, secrets)
    const ctx: OperationContext = {
      api: new DatabaseApi(transport, tokens, settings, log),
      report,
      log,
      clock: systemClock,
      transport,
      secrets
    }
    const operation = operations[settings.operation] as (
      ctx: OperationContext,
      settings: Settings
    ) => Promise<void>
    await operation(ctx, settings)
  } catch (error) {
    fail(error)
  } finally {
    transport?.dispose()
    await report.flush().catch(error => log.warning(`Could not write the job summary: ${error}`))
  }
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
