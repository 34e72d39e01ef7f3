import * as core from '@actions/core'
import { DatabaseApi } from './api/client.js'
import { Transport, type TokenSource } from './api/transport.js'
import { ClientCredentialsToken, StaticToken } from './auth.js'
import { systemClock } from './clock.js'
import { runnerLog, type Log } from './log.js'
import { createOperation } from './operations/create.js'
import type { OperationContext } from './operations/context.js'
import { deleteOperation } from './operations/delete.js'
import { ensureOperation } from './operations/ensure.js'
import { getOperation } from './operations/get.js'
import { listOperation } from './operations/list.js'
import { pruneOperation } from './operations/prune.js'
import { waitOperation } from './operations/wait.js'
import type { Backup } from './api/types.js'
import { Report } from './report.js'
import { readRunContext } from './run-context.js'
import { Secrets } from './secrets.js'
import { parseSettings, type Settings } from './settings.js'
import { VERSION } from './version.js'
import { phaseOf } from './waiting.js'

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
  prune: pruneOperation
}

export async function run(): Promise<void> {
  const secrets = new Secrets(core.setSecret)
  const log = redacting(runnerLog, secrets)
  const report = new Report({
    setOutput: (name, value) => core.setOutput(name, secrets.redact(value)),
    writeSummary: async markdown => {
      if (process.env.GITHUB_STEP_SUMMARY)
        await core.summary.addRaw(secrets.redact(markdown)).write()
    }
  })
  let transport: Transport | undefined
  let settings: Settings | undefined
  // The runner sends SIGINT, then SIGTERM 7.5 s later: stop at once, say what goes on without us.
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    const { title, message } = cancellation(signal, settings, report.last)
    core.error(secrets.redact(message))
    report.title(title)
    const exit = (): never => process.exit(1)
    setTimeout(exit, 1000).unref()
    report.flush().then(exit, exit)
  }
  process.once('SIGINT', stopOnSignal)
  process.once('SIGTERM', stopOnSignal)

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
      log
    })
    const tokens: TokenSource =
      settings.auth.kind === 'token'
        ? new StaticToken(settings.auth.accessToken)
        : new ClientCredentialsToken(settings.auth, transport, secrets)
    const ctx: OperationContext = {
      api: new DatabaseApi(transport, tokens, settings, log),
      report,
      log,
      clock: systemClock
    }
    const operation = operations[settings.operation] as (
      ctx: OperationContext,
      settings: Settings
    ) => Promise<void>
    await operation(ctx, settings)
  } catch (error) {
    const message = secrets.redact(error instanceof Error ? error.message : String(error))
    core.setFailed(message)
    report.text(`❌ ${message}`)
  } finally {
    transport?.dispose()
    await report.flush().catch(error => core.warning(`Could not write the job summary: ${error}`))
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

function redacting(log: Log, secrets: Secrets): Log {
  return {
    info: message => log.info(secrets.redact(message)),
    warning: message => log.warning(secrets.redact(message)),
    debug: message => log.debug(secrets.redact(message)),
    group: (title, phase) => log.group(secrets.redact(title), phase)
  }
}
