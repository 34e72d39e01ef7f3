import type { DatabaseApi } from '../api/client.js'
import type { TokenSource } from '../api/transport.js'
import type { Backup } from '../api/types.js'
import { jwtClaims, scopesOf } from '../auth.js'
import { ageOf, latestSucceeded } from '../backups/index.js'
import { formatDuration } from '../duration.js'
import { ApiError, messageOf } from '../errors.js'
import {
  defaultScope,
  operationsNeeding,
  READ_SCOPE as READ,
  WRITE_SCOPE as WRITE
} from '../scopes.js'
import type { CheckSettings } from '../settings.js'
import type { Mark } from '../marks.js'
import type { OperationContext } from './context.js'

/** How a check row came out. */
type RowVerdict = 'ok' | 'warn' | 'fail'
interface CheckRow {
  check: string
  verdict: RowVerdict
  seen: string
  fix: string
}

const MARK: Record<RowVerdict, string> = { ok: '✅', warn: '⚠️', fail: '❌' }
const READ_OPERATIONS = operationsNeeding('read only')
/** How the credentials row begins when the client may only read: the headline says so too. */
const WRITE_REFUSED = 'the write scope was refused'
const WRITE_OPERATIONS = operationsNeeding('write')

/**
 * `check`: proves a setup end to end without changing anything — no POST or DELETE to the
 * Database API, ever (token requests are its only POSTs). Settings, the service's health, the
 * credentials and their scopes, and access to the planet or star system, each a row; `ready` is
 * false, and the step fails naming every failing row, when any row is ❌.
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
    add(await healthRow(ctx.api))
    const { row, tokens } = await credentialsRow(ctx, settings)
    add(row)
    if (tokens) add(await accessRow(ctx, settings, tokens))
  })
  const failing = rows.filter(row => row.verdict === 'fail')
  const ready = failing.length === 0
  ctx.report.output('ready', String(ready))
  ctx.report.json('checks', rows)
  ctx.report.outcome(...checkOutcome(rows))
  ctx.report.rows(
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

function settingsRow(settings: CheckSettings): CheckRow {
  const region = settings.region ? `region ${settings.region}, ` : ''
  const { auth } = settings
  const token =
    auth.kind === 'client-credentials' ? `, token URL ${auth.tokenUrl}` : ', a bearer token'
  return {
    check: 'settings',
    verdict: 'ok',
    seen: `${region}base URL ${settings.baseUrl}${token}; tenant ${settings.tenantId}, star system ${settings.projectId}${settings.planetId ? `, planet ${settings.planetId}` : ''}`,
    fix: ''
  }
}

async function healthRow(api: DatabaseApi): Promise<CheckRow> {
  const check = 'service health'
  try {
    const { status, body } = await api.health()
    const said = (body as { status?: unknown } | undefined)?.status
    const state = typeof said === 'string' ? said.trim().toUpperCase() : ''
    if (status === 503 || state === 'DOWN' || state === 'OUT_OF_SERVICE') {
      return {
        check,
        verdict: 'fail',
        seen: `HTTP ${status}${state ? `, status ${state}` : ''}: the Database API says it is unavailable`,
        fix: 'try again in a few minutes; if it persists, contact Guidewire support'
      }
    }
    if (status >= 200 && status < 300 && state === 'UP') {
      return { check, verdict: 'ok', seen: `HTTP ${status}, status UP`, fix: '' }
    }
    return {
      check,
      verdict: 'warn',
      seen:
        status === 404
          ? 'HTTP 404: no health endpoint at this base URL'
          : `HTTP ${status}${state ? `, status ${state}` : ''}`,
      fix: 'the health check is informative only; the access check below decides'
    }
  } catch (error) {
    return {
      check,
      verdict: 'fail',
      seen: messageOf(error),
      fix: 'check baseUrl (or region), and a proxy (HTTPS_PROXY, NO_PROXY) or private CA (NODE_EXTRA_CA_CERTS) on a self-hosted runner'
    }
  }
}

type Credentials = { row: CheckRow; tokens?: TokenSource }

async function credentialsRow(
  ctx: OperationContext,
  settings: CheckSettings
): Promise<Credentials> {
  const { auth } = settings
  if (auth.kind === 'token') return staticTokenRow(auth.accessToken, ctx, settings)
  const check = 'credentials'
  const tokens = ctx.tokensFor()
  try {
    await tokens.token()
    return {
      row: { check, verdict: 'ok', seen: `a token for scope "${auth.scope}"`, fix: '' },
      tokens
    }
  } catch (error) {
    const message = messageOf(error)
    if (!/invalid_scope/.test(message)) {
      const fix = /invalid_client/.test(message)
        ? 'check clientId and clientSecret (the secret of the Guidewire Hub application), and that tokenUrl is the region of that application'
        : 'check tokenUrl (or region) and the network path to Guidewire Hub'
      return { row: { check, verdict: 'fail', seen: message, fix } }
    }
    if (auth.scope !== defaultScope('check', settings.tenantId)) {
      const fix = `request scope "${auth.scope}" for this client in Guidewire Hub, or change the "scope" input`
      return { row: { check, verdict: 'fail', seen: message, fix } }
    }
    return readOnlyRow(ctx, settings.tenantId, message)
  }
}

/** The default scope was refused: can the client at least read? */
async function readOnlyRow(
  ctx: OperationContext,
  tenantId: string,
  refusal: string
): Promise<Credentials> {
  const check = 'credentials'
  const readOnly = `tenant.${tenantId} ${READ}`
  const reader = ctx.tokensFor(readOnly)
  try {
    await reader.token()
  } catch (second) {
    return {
      row: {
        check,
        verdict: 'fail',
        seen: `${refusal}; with "${readOnly}" too: ${messageOf(second)}`,
        fix: `request scopes tenant.${tenantId} (or any.tenant), ${READ} and ${WRITE} for this client in Guidewire Hub (support case, template GWHUB-0100)`
      }
    }
  }
  return {
    row: {
      check,
      verdict: 'warn',
      seen: `${WRITE_REFUSED}; a token for "${readOnly}" was granted: this client can run ${READ_OPERATIONS}, not ${WRITE_OPERATIONS}`,
      fix: `request scope ${WRITE} for this client in Guidewire Hub to create and delete backups`
    },
    tokens: reader
  }
}

type Problem = Omit<CheckRow, 'check'>

/** A static token: a JWT's `exp` and scopes are read (not verified); an opaque one is only tried. */
function staticTokenRow(
  accessToken: string,
  ctx: OperationContext,
  settings: CheckSettings
): Credentials {
  const check = 'credentials'
  const tokens = ctx.tokensFor()
  const claims = jwtClaims(accessToken)
  if (!claims) {
    return {
      row: { check, verdict: 'ok', seen: 'an opaque bearer token (tried below)', fix: '' },
      tokens
    }
  }
  const now = ctx.clock.now()
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined
  const problems = [
    expiryProblem(exp, now, settings.waitPolicy.timeoutMs),
    scopeProblem(scopesOf(claims), settings.tenantId)
  ].filter((problem): problem is Problem => !!problem)
  if (problems.length === 0) {
    const until = exp ? `, valid for ${formatDuration(exp - now)}` : ''
    return { row: { check, verdict: 'ok', seen: `a JWT bearer token${until}`, fix: '' }, tokens }
  }
  const verdict: RowVerdict = problems.some(p => p.verdict === 'fail') ? 'fail' : 'warn'
  const seen = problems.map(p => p.seen).join('; ')
  return { row: { check, verdict, seen, fix: problems.map(p => p.fix).join('; ') }, tokens }
}

function expiryProblem(exp: number | undefined, now: number, waitMs: number): Problem | undefined {
  if (exp === undefined) return undefined
  if (exp <= now) {
    return {
      verdict: 'fail',
      seen: `the token expired ${formatDuration(now - exp)} ago`,
      fix: 'get a new token, or use clientId and clientSecret so the action renews tokens itself'
    }
  }
  if (exp >= now + waitMs) return undefined
  return {
    verdict: 'warn',
    seen: `the token expires in ${formatDuration(exp - now)}, before waitTimeout (${formatDuration(waitMs)}) would end`,
    fix: 'use clientId and clientSecret: the action renews tokens during a long wait'
  }
}

function scopeProblem(scopes: string[] | undefined, tenantId: string): Problem | undefined {
  if (!scopes) return undefined
  const missing = [READ, WRITE].filter(scope => !scopes.includes(scope))
  if (!scopes.includes(`tenant.${tenantId}`) && !scopes.includes('any.tenant')) {
    missing.unshift(`tenant.${tenantId} (or any.tenant)`)
  }
  if (missing.length === 0) return undefined
  return {
    verdict: 'warn',
    seen: `the token lacks scope ${missing.join(', ')}`,
    fix: `without ${WRITE} it cannot run ${WRITE_OPERATIONS}; without ${READ}, not ${READ_OPERATIONS}`
  }
}

async function accessRow(
  ctx: OperationContext,
  settings: CheckSettings,
  tokens: TokenSource
): Promise<CheckRow> {
  const { planetId, tenantId, projectId } = settings
  const check = planetId ? `access to planet ${planetId}` : `access to star system ${projectId}`
  const api: DatabaseApi = ctx.apiWith(tokens)
  try {
    const backups = planetId
      ? await api.listPlanetBackups(planetId)
      : await api.listStarSystemBackups()
    return {
      check,
      verdict: 'ok',
      seen: describeBackups(backups.backups, ctx.clock.now()),
      fix: ''
    }
  } catch (error) {
    const status = error instanceof ApiError ? error.status : undefined
    const fixes: Record<number, string> = {
      401: `the Database API refused the token: it may be expired, or not issued by the Guidewire Hub of this region for tenant ${tenantId}`,
      403: `the token is valid but not allowed here: the client needs scope tenant.${tenantId} (or any.tenant) and ${READ}, and access to star system ${projectId} of tenant ${tenantId}`,
      404: `tenant ${tenantId}, star system ${projectId}${planetId ? ` or planet ${planetId}` : ''} is not known at ${settings.baseUrl}: check tenantId, projectId${planetId ? ', planetId' : ''} and the region`
    }
    return {
      check,
      verdict: 'fail',
      seen: messageOf(error),
      fix: (status && fixes[status]) || 'see the message; try again later if it is a passing fault'
    }
  }
}

function describeBackups(backups: Backup[], now: number): string {
  const { backup: newest, unknownTimes } = latestSucceeded(backups, now)
  const count = `${backups.length} backup(s) listed`
  if (newest) {
    return `${count}; the newest succeeded is ${newest.id}, ${formatDuration(ageOf(newest, now) ?? 0)} old`
  }
  if (unknownTimes > 0) return `${count}; which succeeded one is newest cannot be told (no times)`
  return `${count}; none has succeeded`
}

/** The headline: ready, ready with warnings, ready to read only, or not ready. */
function checkOutcome(rows: CheckRow[]): [Mark, string] {
  const failing = rows.filter(row => row.verdict === 'fail').length
  const warnings = rows.filter(row => row.verdict === 'warn')
  if (failing > 0) return ['❌', `GWCP check: not ready (${failing} failing)`]
  if (warnings.some(row => row.seen.startsWith(WRITE_REFUSED))) {
    return ['⚠️', 'GWCP check: ready for read-only operations (write scope refused)']
  }
  if (warnings.length > 0) {
    return ['⚠️', `GWCP check: ready (${warnings.length} warning${warnings.length > 1 ? 's' : ''})`]
  }
  return ['✅', 'GWCP check: ready']
}
