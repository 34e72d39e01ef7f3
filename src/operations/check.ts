import type { TokenSource } from '../api/transport.js'
import { jwtClaims } from '../auth.js'
import {
  accessRefusedRow,
  accessRow,
  checkOutcome,
  healthRow,
  readOnlyRow,
  readOnlyScope,
  settingsRow,
  staticTokenRow,
  tokenGrantedRow,
  tokenRefusedRow,
  unreachableRow,
  type CheckRow,
  type RowVerdict
} from '../check-diagnosis.js'
import { ApiError, messageOf } from '../errors.js'
import type { CheckSettings } from '../settings.js'
import type { OperationContext } from './context.js'

const MARK: Record<RowVerdict, string> = { ok: '✅', warn: '⚠️', fail: '❌' }

/**
 * `check`: proves a setup end to end without changing anything — no POST or DELETE to the
 * Database API, ever (token requests are its only POSTs). Settings, the service's health, the
 * credentials and their scopes, and access to the planet or star system, each a row
 * (check-diagnosis.ts reads each probe); `ready` is false, and the step fails naming every
 * failing row, when any row is ❌.
 */
export async function checkOperation(
  ctx: OperationContext,
  settings: CheckSettings
): Promise<void> {
  const rows: CheckRow[] = []
  const add = (row: CheckRow): void => {
    rows.push(row)
    // The log shows invisible characters as escapes: its ⚠ goes without the emoji selector.
    const mark = MARK[row.verdict].replace('\uFE0F', '')
    const line = `${mark} ${row.check}: ${row.seen}${row.fix ? ` — ${row.fix}` : ''}`
    // A failing row is annotated once, in the step's error; a warning row here, titled.
    if (row.verdict === 'warn') ctx.log.warning(line, `GWCP check: ${row.check}`)
    else ctx.log.info(line)
  }
  await ctx.log.group('Check the setup (nothing is changed)', async () => {
    add(settingsRow(settings))
    add(await probeHealth(ctx))
    const { row, tokens } = await probeCredentials(ctx, settings)
    add(row)
    if (tokens) add(await probeAccess(ctx, settings, tokens))
  })
  render(ctx, rows)
}

function render(ctx: OperationContext, rows: CheckRow[]): void {
  const failing = rows.filter(row => row.verdict === 'fail')
  const ready = failing.length === 0
  ctx.outputs.output('ready', String(ready))
  ctx.outputs.json('checks', rows)
  ctx.summary.outcome(...checkOutcome(rows))
  ctx.summary.rows(
    'Checks',
    ['', 'check', 'seen', 'fix'],
    rows.map(row => [{ markup: MARK[row.verdict] }, row.check, row.seen, row.fix])
  )
  if (!ready) {
    throw new Error(
      `The setup is not ready: ${failing.map(row => `${row.check}: ${row.seen} — ${row.fix}`).join('; ')}`
    )
  }
}

async function probeHealth(ctx: OperationContext): Promise<CheckRow> {
  try {
    const { status, body } = await ctx.api.health()
    return healthRow(status, body)
  } catch (error) {
    return unreachableRow(messageOf(error))
  }
}

type Credentials = { row: CheckRow; tokens?: TokenSource }

/** A token for the settings' scope; when the default scope is refused, one to read with. */
async function probeCredentials(
  ctx: OperationContext,
  settings: CheckSettings
): Promise<Credentials> {
  const { auth, tenantId } = settings
  const tokens = ctx.tokensFor()
  if (auth.kind === 'token') {
    return { row: staticTokenRow(jwtClaims(auth.accessToken), ctx.clock.now(), settings), tokens }
  }
  const refusal = await refusalOf(tokens)
  if (refusal === undefined) return { row: tokenGrantedRow(auth.scope), tokens }
  const refused = tokenRefusedRow(refusal, auth.scope, tenantId)
  if (refused) return { row: refused }
  const reader = ctx.tokensFor(readOnlyScope(tenantId))
  const second = await refusalOf(reader)
  const row = readOnlyRow(tenantId, refusal, second)
  return second === undefined ? { row, tokens: reader } : { row }
}

/** Why Guidewire Hub refused a token; undefined when it granted one. */
async function refusalOf(tokens: TokenSource): Promise<string | undefined> {
  try {
    await tokens.token()
    return undefined
  } catch (error) {
    return messageOf(error)
  }
}

async function probeAccess(
  ctx: OperationContext,
  settings: CheckSettings,
  tokens: TokenSource
): Promise<CheckRow> {
  const api = ctx.apiWith(tokens)
  try {
    const { backups } = settings.planetId
      ? await api.listPlanetBackups(settings.planetId)
      : await api.listStarSystemBackups()
    return accessRow(settings, backups, ctx.clock.now())
  } catch (error) {
    const status = error instanceof ApiError ? error.status : undefined
    return accessRefusedRow(settings, messageOf(error), status)
  }
}
