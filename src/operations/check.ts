import { DatabaseApi } from '../api/client.js'
import { ApiError } from '../api/errors.js'
import type { Backup } from '../api/types.js'
import { ClientCredentialsToken, StaticToken } from '../auth.js'
import type { TokenSource } from '../api/transport.js'
import { ageOf, latestSucceeded } from '../backups.js'
import { formatDuration } from '../duration.js'
import { defaultScope, type CheckSettings } from '../settings.js'
import type { OperationContext } from './context.js'

type Verdict = 'ok' | 'warn' | 'fail'
interface CheckRow {
  check: string
  verdict: Verdict
  seen: string
  fix: string
}

const MARK: Record<Verdict, string> = { ok: '✅', warn: '⚠️', fail: '❌' }
const READ = 'gcc.deployments.read'
const WRITE = 'gcc.deployments.write'
const READ_OPERATIONS = 'get, list and wait'
const WRITE_OPERATIONS = 'create, ensure, delete and prune'

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
    const line = `${MARK[row.verdict]} ${row.check}: ${row.seen}${row.fix ? ` — ${row.fix}` : ''}`
    if (row.verdict === 'ok') ctx.log.info(line)
    else ctx.log.warning(line)
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
  ctx.report.output('checks', JSON.stringify(rows))
  const warnings = rows.filter(row => row.verdict === 'warn').length
  ctx.report.title(
    ready
      ? `check: ready${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}`
      : `check: not ready (${failing.length} failing)`
  )
  ctx.report.rows(
    'Checks',
    ['', 'check', 'seen', 'fix'],
    rows.map(row => [MARK[row.verdict], row.check, row.seen, row.fix])
  )
  if (!ready) {
    throw new Error(
      `The setup is not ready: ${failing.map(row => `${row.check}: ${row.seen} — ${row.fix}`).join('; ')}`
    )
  }
}

function settingsRow(settings: CheckSettings): CheckRow {
  const region = settings.region ? `region ${settings.region}, ` : ''
  const token = settings.tokenUrl ? `, token URL ${settings.tokenUrl}` : ', a bearer token'
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

async function credentialsRow(
  ctx: OperationContext,
  settings: CheckSettings
): Promise<{ row: CheckRow; tokens?: TokenSource }> {
  const check = 'credentials'
  const { auth, tenantId } = settings
  if (auth.kind === 'token') return staticTokenRow(auth.accessToken, settings, ctx.clock.now())
  const full = auth.scope
  const tokenFor = (scope: string): ClientCredentialsToken =>
    new ClientCredentialsToken({ ...auth, scope }, ctx.transport, ctx.secrets, ctx.clock)
  const tokens = tokenFor(full)
  try {
    await tokens.token()
    return {
      row: { check, verdict: 'ok', seen: `a token for scope "${full}"`, fix: '' },
      tokens
    }
  } catch (error) {
    const message = messageOf(error)
    const refusedScope = /invalid_scope/.test(message)
    if (!refusedScope) {
      return {
        row: {
          check,
          verdict: 'fail',
          seen: message,
          fix: /invalid_client/.test(message)
            ? 'check clientId and clientSecret (the secret of the Guidewire Hub application), and that tokenUrl is the region of that application'
            : 'check tokenUrl (or region) and the network path to Guidewire Hub'
        }
      }
    }
    const readOnly = `tenant.${tenantId} ${READ}`
    if (full !== defaultScope('check', tenantId)) {
      return {
        row: {
          check,
          verdict: 'fail',
          seen: message,
          fix: `request scope "${full}" for this client in Guidewire Hub, or change the "scope" input`
        }
      }
    }
    const reader = tokenFor(readOnly)
    try {
      await reader.token()
    } catch (second) {
      return {
        row: {
          check,
          verdict: 'fail',
          seen: `${message}; with "${readOnly}" too: ${messageOf(second)}`,
          fix: `request scopes tenant.${tenantId} (or any.tenant), ${READ} and ${WRITE} for this client in Guidewire Hub (support case, template GWHUB-0100)`
        }
      }
    }
    return {
      row: {
        check,
        verdict: 'warn',
        seen: `the write scope was refused; a token for "${readOnly}" was granted: this client can run ${READ_OPERATIONS}, not ${WRITE_OPERATIONS}`,
        fix: `request scope ${WRITE} for this client in Guidewire Hub to create and delete backups`
      },
      tokens: reader
    }
  }
}

/** A static token: a JWT's `exp` and scopes are read (not verified); an opaque one is only tried. */
function staticTokenRow(
  accessToken: string,
  settings: CheckSettings,
  now: number
): { row: CheckRow; tokens: TokenSource } {
  const check = 'credentials'
  const tokens = new StaticToken(accessToken)
  const claims = jwtClaims(accessToken)
  if (!claims) {
    return {
      row: { check, verdict: 'ok', seen: 'an opaque bearer token (tried below)', fix: '' },
      tokens
    }
  }
  const problems: Array<{ verdict: Verdict; seen: string; fix: string }> = []
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined
  if (exp !== undefined && exp <= now) {
    problems.push({
      verdict: 'fail',
      seen: `the token expired ${formatDuration(now - exp)} ago`,
      fix: 'get a new token, or use clientId and clientSecret so the action renews tokens itself'
    })
  } else if (exp !== undefined && exp < now + settings.waitPolicy.timeoutMs) {
    problems.push({
      verdict: 'warn',
      seen: `the token expires in ${formatDuration(exp - now)}, before waitTimeout (${formatDuration(settings.waitPolicy.timeoutMs)}) would end`,
      fix: 'use clientId and clientSecret: the action renews tokens during a long wait'
    })
  }
  const scopes = scopesOf(claims)
  if (scopes) {
    const missing = [READ, WRITE].filter(scope => !scopes.includes(scope))
    if (!scopes.includes(`tenant.${settings.tenantId}`) && !scopes.includes('any.tenant')) {
      missing.unshift(`tenant.${settings.tenantId} (or any.tenant)`)
    }
    if (missing.length > 0) {
      problems.push({
        verdict: 'warn',
        seen: `the token lacks scope ${missing.join(', ')}`,
        fix: `without ${WRITE} it cannot run ${WRITE_OPERATIONS}; without ${READ}, not ${READ_OPERATIONS}`
      })
    }
  }
  if (problems.length === 0) {
    const until = exp ? `, valid for ${formatDuration(exp - now)}` : ''
    return { row: { check, verdict: 'ok', seen: `a JWT bearer token${until}`, fix: '' }, tokens }
  }
  const verdict: Verdict = problems.some(p => p.verdict === 'fail') ? 'fail' : 'warn'
  return {
    row: {
      check,
      verdict,
      seen: problems.map(p => p.seen).join('; '),
      fix: problems.map(p => p.fix).join('; ')
    },
    tokens
  }
}

function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown
    return typeof claims === 'object' && claims !== null
      ? (claims as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** Okta puts scopes in `scp` (a list); others in `scope` (space-separated). */
function scopesOf(claims: Record<string, unknown>): string[] | undefined {
  if (Array.isArray(claims.scp)) return claims.scp.map(String)
  if (typeof claims.scope === 'string') return claims.scope.split(/\s+/).filter(Boolean)
  return undefined
}

async function accessRow(
  ctx: OperationContext,
  settings: CheckSettings,
  tokens: TokenSource
): Promise<CheckRow> {
  const { planetId, tenantId, projectId } = settings
  const check = planetId ? `access to planet ${planetId}` : `access to star system ${projectId}`
  const api = new DatabaseApi(ctx.transport, tokens, settings, ctx.log)
  try {
    const backups = planetId
      ? await api.listPlanetBackups(planetId)
      : await api.listStarSystemBackups()
    return { check, verdict: 'ok', seen: describeBackups(backups, ctx.clock.now()), fix: '' }
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
  const { backup: newest, unknownTimes } = latestSucceeded(backups)
  const count = `${backups.length} backup(s) listed`
  if (newest) {
    return `${count}; the newest succeeded is ${newest.id}, ${formatDuration(ageOf(newest, now) ?? 0)} old`
  }
  if (unknownTimes > 0) return `${count}; which succeeded one is newest cannot be told (no times)`
  return `${count}; none has succeeded`
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error)
