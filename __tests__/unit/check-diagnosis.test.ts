/** What `check` makes of each probe: the verdict, what was seen, the fix, and the headline. */
import { describe, expect, it } from '@jest/globals'
import {
  accessRefusedRow,
  accessRow,
  checkOutcome,
  healthRow,
  readOnlyRow,
  settingsRow,
  staticTokenRow,
  tokenGrantedRow,
  tokenRefusedRow,
  unreachableRow,
  type CheckRow
} from '../../src/check-diagnosis.js'
import { READ_SCOPE, WRITE_SCOPE } from '../../src/scopes.js'
import { aBackup, DAY, HOUR, NOW } from '../fixtures/backups.js'

const READ = `tenant.acme ${READ_SCOPE}`
const ALL = `${READ} ${WRITE_SCOPE}`
const row = (verdict: CheckRow['verdict'], seen = ''): CheckRow => ({
  check: 'x',
  verdict,
  seen,
  fix: ''
})

describe('healthRow', () => {
  it.each([
    [200, { status: 'UP' }, 'ok', 'HTTP 200, status UP'],
    [200, { status: ' up ' }, 'ok', 'HTTP 200, status UP'],
    [299, { status: 'UP' }, 'ok', 'HTTP 299, status UP'],
    [300, { status: 'UP' }, 'warn', 'HTTP 300, status UP'],
    [199, { status: 'UP' }, 'warn', 'HTTP 199, status UP'],
    [200, {}, 'warn', 'HTTP 200'],
    [200, { status: 7 }, 'warn', 'HTTP 200'],
    [200, undefined, 'warn', 'HTTP 200'],
    [200, { status: 'UNKNOWN' }, 'warn', 'HTTP 200, status UNKNOWN'],
    [404, undefined, 'warn', 'HTTP 404: no health endpoint at this base URL'],
    [503, undefined, 'fail', 'HTTP 503: the Database API says it is unavailable'],
    [503, { status: 'UP' }, 'fail', 'HTTP 503, status UP: the Database API says it is unavailable'],
    [
      200,
      { status: 'down' },
      'fail',
      'HTTP 200, status DOWN: the Database API says it is unavailable'
    ],
    [
      200,
      { status: 'OUT_OF_SERVICE' },
      'fail',
      'HTTP 200, status OUT_OF_SERVICE: the Database API says it is unavailable'
    ]
  ])('HTTP %i with %j is %s: "%s"', (status, body, verdict, seen) => {
    expect(healthRow(status, body)).toMatchObject({ check: 'service health', verdict, seen })
  })
})

describe('what each row says to fix', () => {
  it.each([
    [200, { status: 'UP' }, ''],
    [503, undefined, 'try again in a few minutes; if it persists, contact Guidewire support'],
    [404, undefined, 'the health check is informative only; the access check below decides']
  ])('health HTTP %i with %j: %j', (status, body, fix) => {
    expect(healthRow(status, body).fix).toBe(fix)
  })

  it('an unreachable health endpoint fails, and the fix names the base URL, a proxy and a CA', () => {
    expect(unreachableRow('connect ECONNREFUSED')).toEqual({
      check: 'service health',
      verdict: 'fail',
      seen: 'connect ECONNREFUSED',
      fix: 'check baseUrl (or region), and a proxy (HTTPS_PROXY, NO_PROXY) or private CA (NODE_EXTRA_CA_CERTS) on a self-hosted runner'
    })
  })

  it('a granted token: the credentials row names the scope', () => {
    expect(tokenGrantedRow(ALL)).toEqual({
      check: 'credentials',
      verdict: 'ok',
      seen: `a token for scope "${ALL}"`,
      fix: ''
    })
  })
})

describe('settingsRow: what check is about to try', () => {
  const common = { tenantId: 'acme', projectId: 'pc' }
  it('client credentials in a region, for a planet', () => {
    const settings = {
      ...common,
      region: 'US',
      baseUrl: 'https://api.us',
      planetId: 'dev1',
      auth: {
        kind: 'client-credentials' as const,
        tokenUrl: 'https://hub/token',
        clientId: 'c',
        clientSecret: 's',
        scope: ALL
      }
    }
    expect(settingsRow(settings)).toEqual({
      check: 'settings',
      verdict: 'ok',
      seen: 'region US, base URL https://api.us, token URL https://hub/token; tenant acme, star system pc, planet dev1',
      fix: ''
    })
  })

  it('a bearer token at a base URL, for a star system', () => {
    const settings = {
      ...common,
      baseUrl: 'https://api.x',
      auth: { kind: 'token' as const, accessToken: 't' }
    }
    expect(settingsRow(settings).seen).toBe(
      'base URL https://api.x, a bearer token; tenant acme, star system pc'
    )
  })
})

describe('tokenRefusedRow', () => {
  it.each([
    ['invalid_client', ALL, 'fail', /check clientId and clientSecret/],
    ['HTTP 500', ALL, 'fail', /check tokenUrl \(or region\) and the network path/],
    [
      'invalid_scope',
      'my.own.scope',
      'fail',
      /request scope "my.own.scope" .* or change the "scope" input/
    ]
  ])('%s for scope %s: %s, the fix %p', (message, scope, verdict, fix) => {
    const refused = tokenRefusedRow(`Guidewire Hub said ${message}`, scope, 'acme')
    expect(refused).toMatchObject({ verdict, seen: `Guidewire Hub said ${message}` })
    expect(refused?.fix).toMatch(fix)
  })

  it('invalid_scope for the default scope: nothing yet, a read-only token is tried', () => {
    expect(tokenRefusedRow('invalid_scope', ALL, 'acme')).toBeUndefined()
  })
})

describe('readOnlyRow', () => {
  it('a read-only token granted: a warning that says which operations can run', () => {
    const granted = readOnlyRow('acme', 'invalid_scope')
    expect(granted).toMatchObject({ check: 'credentials', verdict: 'warn' })
    expect(granted.fix).toBe(
      `request scope ${WRITE_SCOPE} for this client in Guidewire Hub to create and delete backups`
    )
    expect(granted.seen).toMatch(/^the write scope was refused; a token for "tenant.acme .*read"/)
    expect(granted.seen).toMatch(/can run get, list, wait and audit, not /)
  })

  it('refused too: a failure that names both refusals and the support template', () => {
    const refused = readOnlyRow('acme', 'invalid_scope', 'invalid_client')
    expect(refused.verdict).toBe('fail')
    expect(refused.seen).toBe(`invalid_scope; with "${READ}" too: invalid_client`)
    expect(refused.fix).toMatch(/GWHUB-0100/)
  })
})

describe('staticTokenRow', () => {
  const settings = { tenantId: 'acme', waitPolicy: { timeoutMs: HOUR, pollIntervalMs: 30_000 } }
  const exp = (ms: number): number => (NOW + ms) / 1000
  it.each([
    ['an opaque token', undefined, 'ok', 'an opaque bearer token (tried below)'],
    ['a JWT with no exp or scope', {}, 'ok', 'a JWT bearer token'],
    [
      'valid past waitTimeout',
      { exp: exp(2 * HOUR), scope: ALL },
      'ok',
      'a JWT bearer token, valid for 2h'
    ],
    [
      'exactly at waitTimeout',
      { exp: exp(HOUR), scope: ALL },
      'ok',
      'a JWT bearer token, valid for 1h'
    ],
    [
      'before waitTimeout',
      { exp: exp(HOUR - 60_000), scope: ALL },
      'warn',
      /^the token expires in 59m, before waitTimeout \(1h\)/
    ],
    ['expiring now', { exp: exp(0), scope: ALL }, 'fail', 'the token expired 0ms ago'],
    ['expired', { exp: exp(-DAY) }, 'fail', 'the token expired 1d ago'],
    ['without write', { scope: READ }, 'warn', `the token lacks scope ${WRITE_SCOPE}`],
    [
      'any.tenant',
      { scope: `any.tenant ${READ_SCOPE} ${WRITE_SCOPE}` },
      'ok',
      'a JWT bearer token'
    ],
    [
      'of another tenant',
      { scope: `tenant.other ${READ_SCOPE} ${WRITE_SCOPE}` },
      'warn',
      'the token lacks scope tenant.acme (or any.tenant)'
    ],
    [
      'expired and short of scope',
      { exp: exp(-HOUR), scope: 'x' },
      'fail',
      `the token expired 1h ago; the token lacks scope tenant.acme (or any.tenant), ${READ_SCOPE}, ${WRITE_SCOPE}`
    ]
  ] as const)('%s: %s', (_, claims, verdict, seen) => {
    const diagnosed = staticTokenRow(claims, NOW, settings)
    expect(diagnosed.check).toBe('credentials')
    expect(diagnosed.verdict).toBe(verdict)
    expect(diagnosed.seen).toMatch(
      typeof seen === 'string' ? new RegExp(`^${escape(seen)}$`) : seen
    )
    expect(diagnosed.fix === '').toBe(verdict === 'ok')
  })

  it('two problems: both fixes, in the order of what was seen', () => {
    const diagnosed = staticTokenRow(
      { exp: exp(-HOUR), scope: ALL.replace(WRITE_SCOPE, '') },
      NOW,
      settings
    )
    expect(diagnosed.fix).toMatch(
      /^get a new token, .* renews tokens itself; without gcc\.deployments\.write it cannot run /
    )
  })
})

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

describe('accessRow and accessRefusedRow', () => {
  const place = { tenantId: 'acme', projectId: 'pc', baseUrl: 'https://api', planetId: 'dev1' }
  // Each case is titled by what is seen, not by its backups: their ids are random, and Stryker
  // finds a test again by its title.
  it.each([
    [
      '1 backup(s) listed; the newest succeeded is b1, 2h old',
      [aBackup({ id: 'b1', ageMs: 2 * HOUR })]
    ],
    ['1 backup(s) listed; none has succeeded', [aBackup({ status: 'failed' })]],
    ['0 backup(s) listed; none has succeeded', []],
    [
      '1 backup(s) listed; which succeeded one is newest cannot be told (no times)',
      [aBackup({ completedAt: '', startedAt: '' })]
    ]
  ])('"%s"', (seen, backups) => {
    expect(accessRow(place, backups, NOW)).toEqual({
      check: 'access to planet dev1',
      verdict: 'ok',
      seen,
      fix: ''
    })
  })

  it.each([
    [401, /refused the token/],
    [403, /needs scope tenant.acme \(or any.tenant\)/],
    [
      404,
      /^tenant acme, star system pc or planet dev1 is not known at https:\/\/api: check tenantId, projectId, planetId/
    ],
    [500, /^see the message/],
    [undefined, /^see the message/]
  ])('HTTP %p: the fix is %p', (status, fix) => {
    const refused = accessRefusedRow(place, 'said no', status)
    expect(refused).toMatchObject({ verdict: 'fail', seen: 'said no' })
    expect(refused.fix).toMatch(fix)
  })

  it('a star system: named in the check, and the 404 fix leaves the planet out', () => {
    const system = { ...place, planetId: '' }
    const refused = accessRefusedRow(system, 'said no', 404)
    expect(refused.check).toBe('access to star system pc')
    expect(refused.fix).toMatch(
      /^tenant acme, star system pc is not known .*: check tenantId, projectId and/
    )
  })
})

describe('checkOutcome', () => {
  it.each([
    [[row('ok'), row('ok')], '✅', 'GWCP check: ready'],
    [[row('ok'), row('warn')], '⚠️', 'GWCP check: ready (1 warning)'],
    [[row('warn'), row('warn')], '⚠️', 'GWCP check: ready (2 warnings)'],
    [
      [row('warn', 'the write scope was refused; …')],
      '⚠️',
      'GWCP check: ready for read-only operations (write scope refused)'
    ],
    [[row('fail'), row('warn'), row('fail')], '❌', 'GWCP check: not ready (2 failing)']
  ])('%j: %s %s', (rows, mark, headline) => {
    expect(checkOutcome(rows)).toEqual([mark, headline])
  })
})
