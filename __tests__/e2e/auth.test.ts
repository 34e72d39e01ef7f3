import { afterEach, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/server.js'
import { CLIENT, failure, startSimulator, TENANT, act, clientCredentials } from '../helpers/e2e.js'

let simulator: Simulator
afterEach(async () => simulator?.stop())

describe('client credentials', () => {
  it('creates a backup with a token from the token endpoint, masking it', async () => {
    simulator = await startSimulator({ backupDurationMs: 1000 })
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      operation: 'create',
      planetId: 'dev1'
    })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('succeeded')
    expect(simulator.count('token')).toBe(1)
    const [issued] = simulator.issuedTokens()
    expect(run.stdout).toContain(`::add-mask::${issued}`)
    expect(run.stdout).toContain(`::add-mask::${CLIENT.clientSecret}`)
  })

  it('renews 1-second tokens through a 3-second backup and succeeds', async () => {
    simulator = await startSimulator({ backupDurationMs: 3000, tokenLifetimeSeconds: 1 })
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      operation: 'create',
      planetId: 'dev1'
    })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('succeeded')
    expect(simulator.count('token')).toBeGreaterThanOrEqual(3)
    // Every token was renewed ahead of its expiry: the API never answered 401.
    expect(simulator.requests.filter(r => r.status === 401)).toEqual([])
  })

  it('gets a new token once on a 401 and goes on', async () => {
    simulator = await startSimulator()
    simulator.addFault({
      route: 'create',
      action: 'status',
      status: 401,
      body: { message: 'Token revoked' }
    })
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      operation: 'create',
      planetId: 'dev1',
      wait: 'false'
    })

    expect(run.exitCode).toBe(0)
    expect(simulator.count('token')).toBe(2)
    expect(simulator.list()).toHaveLength(1)
    expect(run.stdout).toContain('trying once more with a new token')
  })

  it('fails at once on a wrong secret, with the endpoint error, before any API request', async () => {
    simulator = await startSimulator()
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      clientSecret: 'wrong-secret-value',
      operation: 'create',
      planetId: 'dev1'
    })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toBe(
      `Could not get an access token from ${simulator.tokenUrl} (scope "tenant.${TENANT} gcc.deployments.read gcc.deployments.write"): ` +
        'HTTP 401 Unauthorized: invalid_client: Client authentication failed.'
    )
    expect(simulator.count('token')).toBe(1)
    expect(simulator.requests.filter(r => r.route !== 'token')).toEqual([])
    expect(run.stdout).toContain('::add-mask::wrong-secret-value')
  })

  it('fails at once when the client lacks a scope, before any API request', async () => {
    simulator = await startSimulator({
      clients: [{ ...CLIENT, scopes: [`tenant.${TENANT}`, 'gcc.deployments.read'] }]
    })
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      operation: 'create',
      planetId: 'dev1'
    })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain(
      'HTTP 400 Bad Request: invalid_scope: One or more scopes are not configured for the client: gcc.deployments.write'
    )
    expect(simulator.requests.map(r => r.route)).toEqual(['token'])
  })

  it('retries a token endpoint that answers 503', async () => {
    simulator = await startSimulator()
    simulator.addFault({ route: 'token', action: 'status', status: 503, retryAfter: '0' })
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      operation: 'list',
      planetId: 'dev1'
    })

    expect(run.exitCode).toBe(0)
    expect(simulator.count('token')).toBe(2)
  })
})

describe('a static bearer token', () => {
  it('fails on a 401 without retrying: it cannot be renewed', async () => {
    simulator = await startSimulator()
    const run = await act(simulator, {
      accessToken: 'expired-token-value',
      operation: 'get',
      backupId: '1000'
    })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toBe(
      'Could not get backup 1000 in star system pc: HTTP 401 Unauthorized: Invalid or missing bearer token'
    )
    expect(simulator.count()).toBe(1)
  })
})

describe('secrets', () => {
  it('never shows a static token that an API error body echoes, even with debug on', async () => {
    simulator = await startSimulator({ echoRequests: true })
    const run = await act(simulator, { operation: 'get', backupId: '31337' })

    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('::debug::')
    // The echoed header reached the action, and left it scrubbed.
    expect(failure(run)).toContain('(request had Authorization: Bearer ***)')
  })

  it('never shows an issued token that an API error body echoes', async () => {
    simulator = await startSimulator({ echoRequests: true })
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      operation: 'get',
      backupId: '31337'
    })

    expect(run.exitCode).toBe(1)
    expect(simulator.issuedTokens()).toHaveLength(1)
    expect(failure(run)).toContain('(request had Authorization: Bearer ***)')
  })
})
