/**
 * `check`: a preflight that proves a setup without changing anything. Every outcome, run on
 * dist/index.js as the runner runs it; none of them sends a write to the Database API.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { ActionRun } from '../../scripts/runner.js'
import type { Simulator, SimulatorOptions } from '../../simulator/server.js'
import { CLIENT, failure, startSimulator, TENANT, act, clientCredentials } from '../helpers/e2e.js'

let simulator: Simulator
afterEach(async () => {
  // No check ever writes: token requests are its only POSTs.
  const writes = simulator.requests.filter(
    request => request.route !== 'token' && ['POST', 'DELETE'].includes(request.method)
  )
  expect(writes).toEqual([])
  await simulator.stop()
})

interface Check {
  check: string
  verdict: 'ok' | 'warn' | 'fail'
  seen: string
  fix: string
}
const MARK = { ok: '✅', warn: '⚠️', fail: '❌' }
const ALL_OK = ['settings: ok', 'service health: ok', 'credentials: ok']

/** The step's verdict, each row's, and every row in the job summary; returns the rows. */
function expectChecks(run: ActionRun, ready: boolean, verdicts: string[]): Check[] {
  expect([run.exitCode, run.outputs.ready]).toEqual([ready ? 0 : 1, String(ready)])
  const rows = JSON.parse(run.outputs.checks) as Check[]
  expect(rows.map(row => `${row.check}: ${row.verdict}`)).toEqual(verdicts)
  for (const row of rows) expect(run.summary).toContain(`| ${MARK[row.verdict]} | ${row.check} |`)
  return rows
}

async function check(
  options: SimulatorOptions,
  inputs: Record<string, string>,
  credentials: 'client' | 'token' = 'client'
): Promise<ActionRun> {
  simulator = await startSimulator(options)
  const auth = credentials === 'client' ? clientCredentials(simulator) : {}
  return act(simulator, { ...auth, operation: 'check', ...inputs })
}

/** An unsigned JWT, as the check reads it: only its claims matter. */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'RS256', kid: 'test' })}.${part(claims)}.c2lnbmF0dXJl`
}

describe('check', () => {
  it('all good with client credentials and a planet: ready', async () => {
    const run = await check({}, { planetId: 'dev1' })
    const rows = expectChecks(run, true, [...ALL_OK, 'access to planet dev1: ok'])
    expect(rows[2].seen).toBe(
      `a token for scope "tenant.${TENANT} gcc.deployments.read gcc.deployments.write"`
    )
    expect(run.summary).toContain('### ✅ GWCP check: ready')
    expect(run.summary).toMatch(
      /^\| ✅ \| access to planet dev1 \| 0 backup\(s\) listed; none has succeeded \| – \|$/m
    )
  })

  it('all good with a static token and no planet: the star system is listed', async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'qa', ageMs: 2 * 3_600_000 })
    const run = await act(simulator, { operation: 'check' })
    const rows = expectChecks(run, true, [...ALL_OK, 'access to star system pc: ok'])
    expect(rows[3].seen).toMatch(/^1 backup\(s\) listed; the newest succeeded is 1000, 2h old$/)
  })

  it('a wrong secret: not ready, and the fix names the credentials', async () => {
    const run = await check({}, { clientSecret: 'not-the-secret' })
    expectChecks(run, false, ['settings: ok', 'service health: ok', 'credentials: fail'])
    expect(failure(run)).toContain('invalid_client: Client authentication failed.')
    expect(failure(run)).toContain('check clientId and clientSecret')
  })

  it('a refused write scope: says which operations the client can and cannot run', async () => {
    const run = await check(
      { clients: [{ ...CLIENT, scopes: [`tenant.${TENANT}`, 'gcc.deployments.read'] }] },
      { planetId: 'dev1' }
    )
    const rows = expectChecks(run, true, [
      'settings: ok',
      'service health: ok',
      'credentials: warn',
      'access to planet dev1: ok'
    ])
    expect(rows[2]).toMatchObject({
      seen: `the write scope was refused; a token for "tenant.${TENANT} gcc.deployments.read" was granted: this client can run get, list, wait and audit, not create, ensure, delete and prune`,
      fix: 'request scope gcc.deployments.write for this client in Guidewire Hub to create and delete backups'
    })
    expect(simulator.count('token')).toBe(2)
  })

  it('a 403 on the star system: explained in terms of tenant and star system', async () => {
    const run = await check({ forbiddenStarSystems: ['pc'] }, {}, 'token')
    const rows = expectChecks(run, false, [...ALL_OK, 'access to star system pc: fail'])
    expect(failure(run)).toContain('HTTP 403 Forbidden')
    expect(rows[3].fix).toBe(
      `the token is valid but not allowed here: the client needs scope tenant.${TENANT} (or any.tenant) and gcc.deployments.read, and access to star system pc of tenant ${TENANT}`
    )
  })

  it.each([
    [
      401,
      'the Database API refused the token: it may be expired, or not issued by the Guidewire Hub of this region for tenant acme'
    ],
    [404, 'tenant acme, star system pc or planet qa9 is not known at http://127.0.0.1:']
  ])(
    'a %d on the planet is explained in terms of tenant, star system and planet',
    async (status, fix) => {
      simulator = await startSimulator({
        faults: [{ route: 'listPlanet', action: 'status', status, body: { message: 'No' } }]
      })
      const run = await act(simulator, { operation: 'check', planetId: 'qa9' })
      const rows = expectChecks(run, false, [...ALL_OK, 'access to planet qa9: fail'])
      expect(rows[3].fix).toContain(fix)
      expect(simulator.count('listPlanet')).toBe(1)
    }
  )

  it('the service DOWN: not ready, and every failing row is in the error', async () => {
    const run = await check({ health: 'DOWN', forbiddenStarSystems: ['pc'] }, {}, 'token')
    const rows = expectChecks(run, false, [
      'settings: ok',
      'service health: fail',
      'credentials: ok',
      'access to star system pc: fail'
    ])
    expect(rows[1].seen).toBe('HTTP 503, status DOWN: the Database API says it is unavailable')
    expect(failure(run)).toMatch(
      /^The setup is not ready: service health: .*; access to star system pc: /
    )
    expect(simulator.count('health')).toBe(1)
  })

  it('no health endpoint is a warning, not a failure', async () => {
    const run = await check({ health: 'absent' }, {}, 'token')
    const rows = expectChecks(run, true, [
      'settings: ok',
      'service health: warn',
      'credentials: ok',
      'access to star system pc: ok'
    ])
    expect(rows[1].seen).toBe('HTTP 404: no health endpoint at this base URL')
  })

  it('an expired JWT: not ready; one that expires before waitTimeout, or lacks a scope, warns', async () => {
    const now = Math.floor(Date.now() / 1000)
    const readOnly = [`tenant.${TENANT}`, 'gcc.deployments.read']
    const expired = jwt({ exp: now - 600, scp: readOnly })
    const short = jwt({ exp: now + 1800, scp: readOnly })
    simulator = await startSimulator({ tokens: [expired, short] })
    const withToken = (accessToken: string): Promise<ActionRun> =>
      act(simulator, { accessToken, operation: 'check', planetId: 'dev1' })

    const rows = expectChecks(await withToken(expired), false, [
      'settings: ok',
      'service health: ok',
      'credentials: fail',
      'access to planet dev1: ok'
    ])
    expect(rows[2].seen).toMatch(
      /^the token expired 10m( \d+s)? ago; the token lacks scope gcc\.deployments\.write$/
    )

    const soon = expectChecks(await withToken(short), true, [
      'settings: ok',
      'service health: ok',
      'credentials: warn',
      'access to planet dev1: ok'
    ])
    expect(soon[2].seen).toMatch(
      /^the token expires in (29|30)m( \d+s)?, before waitTimeout \(1h\) would end; the token lacks scope gcc\.deployments\.write$/
    )
  })

  it('a planet that does not exist is not ready: the 404 names what to check', async () => {
    simulator = await startSimulator({
      known: { tenantId: TENANT, projectId: 'pc', planets: ['dev1'] }
    })
    const run = await act(simulator, { operation: 'check', planetId: 'dev9' })

    expect(run.exitCode).toBe(1)
    expect(run.outputs.ready).toBe('false')
    expect(failure(run)).toContain('Planet dev9 not found in star system pc')
    expect(failure(run)).toContain('check tenantId, projectId, planetId and the region')
  })
})
