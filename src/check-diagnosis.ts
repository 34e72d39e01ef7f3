/**
 * What `check` makes of what it saw: each probe's result as a row (verdict, what was seen, the
 * fix), and the headline of the rows. Pure: the probes themselves are in operations/check.ts.
 */
import type { Backup } from './api/types.js'
import { scopesOf } from './auth.js'
import { ageOf, latestSucceeded } from './backups/index.js'
import { formatDuration } from './duration.js'
import type { Mark } from './marks.js'
import {
  defaultScope,
  operationsNeeding,
  READ_SCOPE as READ,
  WRITE_SCOPE as WRITE
} from './scopes.js'
import type { CheckSettings } from './settings.js'

/** How a check row came out. */
export type RowVerdict = 'ok' | 'warn' | 'fail'
export interface CheckRow {
  check: string
  verdict: RowVerdict
  seen: string
  fix: string
}
type Problem = Omit<CheckRow, 'check'>

const READ_OPERATIONS = operationsNeeding('read only')
const WRITE_OPERATIONS = operationsNeeding('write')
/** How the credentials row begins when the client may only read: the headline says so too. */
const WRITE_REFUSED = 'the write scope was refused'
const CREDENTIALS = 'credentials'

export function settingsRow(
  settings: Pick<
    CheckSettings,
    'region' | 'auth' | 'baseUrl' | 'tenantId' | 'projectId' | 'planetId'
  >
): CheckRow {
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

const HEALTH = 'service health'

/** The health endpoint's answer: only a 503, DOWN or OUT_OF_SERVICE fails; only UP is ok. */
export function healthRow(status: number, body: unknown): CheckRow {
  const said = (body as { status?: unknown } | undefined)?.status
  const state = typeof said === 'string' ? said.trim().toUpperCase() : ''
  const shown = `HTTP ${status}${state ? `, status ${state}` : ''}`
  if (status === 503 || state === 'DOWN' || state === 'OUT_OF_SERVICE') {
    return {
      check: HEALTH,
      verdict: 'fail',
      seen: `${shown}: the Database API says it is unavailable`,
      fix: 'try again in a few minutes; if it persists, contact Guidewire support'
    }
  }
  if (status >= 200 && status < 300 && state === 'UP') {
    return { check: HEALTH, verdict: 'ok', seen: shown, fix: '' }
  }
  return {
    check: HEALTH,
    verdict: 'warn',
    seen: status === 404 ? 'HTTP 404: no health endpoint at this base URL' : shown,
    fix: 'the health check is informative only; the access check below decides'
  }
}

/** The health endpoint could not be reached at all. */
export function unreachableRow(message: string): CheckRow {
  return {
    check: HEALTH,
    verdict: 'fail',
    seen: message,
    fix: 'check baseUrl (or region), and a proxy (HTTPS_PROXY, NO_PROXY) or private CA (NODE_EXTRA_CA_CERTS) on a self-hosted runner'
  }
}

export const tokenGrantedRow = (scope: string): CheckRow => ({
  check: CREDENTIALS,
  verdict: 'ok',
  seen: `a token for scope "${scope}"`,
  fix: ''
})

/**
 * Guidewire Hub refused a token. Undefined when the refusal was of the default scope: then a
 * read-only token is worth trying (`readOnlyRow`).
 */
export function tokenRefusedRow(
  message: string,
  scope: string,
  tenantId: string
): CheckRow | undefined {
  if (!/invalid_scope/.test(message)) {
    const fix = /invalid_client/.test(message)
      ? 'check clientId and clientSecret (the secret of the Guidewire Hub application), and that tokenUrl is the region of that application'
      : 'check tokenUrl (or region) and the network path to Guidewire Hub'
    return { check: CREDENTIALS, verdict: 'fail', seen: message, fix }
  }
  if (scope === defaultScope('check', tenantId)) return undefined
  const fix = `request scope "${scope}" for this client in Guidewire Hub, or change the "scope" input`
  return { check: CREDENTIALS, verdict: 'fail', seen: message, fix }
}

/** The scope that `check` asks for when the default one was refused. */
export const readOnlyScope = (tenantId: string): string => `tenant.${tenantId} ${READ}`

/** The default scope was refused; a read-only token was granted (no second refusal) or not. */
export function readOnlyRow(tenantId: string, refusal: string, second?: string): CheckRow {
  const readOnly = readOnlyScope(tenantId)
  if (second !== undefined) {
    return {
      check: CREDENTIALS,
      verdict: 'fail',
      seen: `${refusal}; with "${readOnly}" too: ${second}`,
      fix: `request scopes tenant.${tenantId} (or any.tenant), ${READ} and ${WRITE} for this client in Guidewire Hub (support case, template GWHUB-0100)`
    }
  }
  return {
    check: CREDENTIALS,
    verdict: 'warn',
    seen: `${WRITE_REFUSED}; a token for "${readOnly}" was granted: this client can run ${READ_OPERATIONS}, not ${WRITE_OPERATIONS}`,
    fix: `request scope ${WRITE} for this client in Guidewire Hub to create and delete backups`
  }
}

/** A static token: a JWT's `exp` and scopes are read (not verified); an opaque one is only tried. */
export function staticTokenRow(
  claims: Record<string, unknown> | undefined,
  now: number,
  settings: Pick<CheckSettings, 'tenantId' | 'waitPolicy'>
): CheckRow {
  if (!claims) {
    return {
      check: CREDENTIALS,
      verdict: 'ok',
      seen: 'an opaque bearer token (tried below)',
      fix: ''
    }
  }
  const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined
  const problems = [
    expiryProblem(exp, now, settings.waitPolicy.timeoutMs),
    scopeProblem(scopesOf(claims), settings.tenantId)
  ].filter((problem): problem is Problem => !!problem)
  if (problems.length === 0) {
    const until = exp ? `, valid for ${formatDuration(exp - now)}` : ''
    return { check: CREDENTIALS, verdict: 'ok', seen: `a JWT bearer token${until}`, fix: '' }
  }
  return {
    check: CREDENTIALS,
    verdict: problems.some(p => p.verdict === 'fail') ? 'fail' : 'warn',
    seen: problems.map(p => p.seen).join('; '),
    fix: problems.map(p => p.fix).join('; ')
  }
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

type Place = Pick<CheckSettings, 'planetId' | 'tenantId' | 'projectId' | 'baseUrl'>

const accessCheck = ({ planetId, projectId }: Place): string =>
  planetId ? `access to planet ${planetId}` : `access to star system ${projectId}`

/** The planet or star system could be listed: what the newest good backup is. */
export function accessRow(place: Place, backups: Backup[], now: number): CheckRow {
  const { backup: newest, unknownTimes } = latestSucceeded(backups, now)
  const count = `${backups.length} backup(s) listed`
  const seen = newest
    ? `${count}; the newest succeeded is ${newest.id}, ${formatDuration(ageOf(newest, now) ?? 0)} old`
    : unknownTimes > 0
      ? `${count}; which succeeded one is newest cannot be told (no times)`
      : `${count}; none has succeeded`
  return { check: accessCheck(place), verdict: 'ok', seen, fix: '' }
}

/** The listing failed: what its HTTP status (if any) says to fix. */
export function accessRefusedRow(place: Place, message: string, status?: number): CheckRow {
  const { planetId, tenantId, projectId } = place
  const fixes: Record<number, string> = {
    401: `the Database API refused the token: it may be expired, or not issued by the Guidewire Hub of this region for tenant ${tenantId}`,
    403: `the token is valid but not allowed here: the client needs scope tenant.${tenantId} (or any.tenant) and ${READ}, and access to star system ${projectId} of tenant ${tenantId}`,
    404: `tenant ${tenantId}, star system ${projectId}${planetId ? ` or planet ${planetId}` : ''} is not known at ${place.baseUrl}: check tenantId, projectId${planetId ? ', planetId' : ''} and the region`
  }
  return {
    check: accessCheck(place),
    verdict: 'fail',
    seen: message,
    fix: (status && fixes[status]) || 'see the message; try again later if it is a passing fault'
  }
}

/** The headline: ready, ready with warnings, ready to read only, or not ready. */
export function checkOutcome(rows: CheckRow[]): [Mark, string] {
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
