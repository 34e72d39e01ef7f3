import { afterEach, describe, expect, it } from '@jest/globals'
import { DatabaseApi } from '../../src/api/client.js'
import { Transport } from '../../src/api/transport.js'
import { tokenSource } from '../../src/auth.js'
import { systemClock } from '../../src/clock.js'
import { ApiError } from '../../src/errors.js'
import { Secrets } from '../../src/secrets.js'
import { Simulator } from '../../simulator/server.js'
import { recordingLog } from '../fixtures/contexts.js'

const quiet = recordingLog()
const noClaim = { claim: () => undefined }
let simulator: Simulator
let transport: Transport
afterEach(async () => {
  transport?.dispose()
  await simulator?.stop()
})

async function connect(
  options: ConstructorParameters<typeof Simulator>[0] = {},
  token = 'sim-token'
): Promise<DatabaseApi> {
  simulator = new Simulator({ backupDurationMs: 500, ...options })
  const baseUrl = await simulator.start()
  transport = newTransport()
  return new DatabaseApi(
    transport,
    tokenSource({ kind: 'token', accessToken: token }, unused),
    { baseUrl, tenantId: 'acme', projectId: 'pc' },
    quiet
  )
}

function newTransport(): Transport {
  const redact = (text: string): string => text
  return new Transport({
    userAgent: 'test',
    requestTimeoutMs: 5000,
    log: quiet,
    clock: systemClock,
    redact
  })
}

/** A static token needs neither transport nor secrets. */
const unused = {} as Parameters<typeof tokenSource>[1]

const request = {
  mechanism: 'logical',
  temporary: true,
  metadata: { name: 'integration', description: 'from the client test' }
}

describe('DatabaseApi against the simulator', () => {
  it('creates, gets, lists and deletes a backup', async () => {
    const api = await connect()
    const answer = await api.createBackup('dev1', request, noClaim)
    const created = answer.backup!
    expect(answer.mayHaveActed).toBe(false)
    expect(created).toMatchObject({ status: 'pending', planet: 'dev1', name: 'integration' })

    expect((await api.getBackup(created.id)).id).toBe(created.id)
    expect((await api.listPlanetBackups('dev1')).backups.map(b => b.id)).toEqual([created.id])
    expect(await api.listPlanetBackups('qa')).toEqual({
      backups: [],
      unusableIds: [],
      partial: false
    })
    expect((await api.listStarSystemBackups()).backups.map(b => b.id)).toEqual([created.id])
    expect(await api.deleteBackup(created.id, false)).toBe('deleted')
    expect(await api.deleteBackup(created.id, true)).toBe('not-found')
    expect(simulator.list()).toEqual([])
  })

  it('sends the headers of the contract', async () => {
    const api = await connect()
    const seen: Record<string, string | undefined> = {}
    const server = (simulator as unknown as { httpServer: import('node:http').Server }).httpServer
    server.prependListener('request', req => {
      seen.authorization = req.headers.authorization
      seen.accept = req.headers.accept
      seen.contentType = req.headers['content-type']
      seen.userAgent = req.headers['user-agent']
    })
    await api.createBackup('dev1', request, noClaim)

    expect(seen).toEqual({
      authorization: 'Bearer sim-token',
      accept: 'application/json',
      contentType: 'application/json',
      userAgent: 'test'
    })
  })

  it('sends no request for an id that is not usable in a path', async () => {
    const api = await connect()
    for (const id of ['a b', '..', '.', 'a/b', 'x'.repeat(129)]) {
      await expect(api.getBackup(id)).rejects.toThrow('The action sends no request for the id')
      await expect(api.deleteBackup(id, true)).rejects.toThrow('sends no request')
    }
    expect(simulator.requests).toEqual([])
  })

  it('fails with the operation, the status and the API message', async () => {
    const api = await connect({}, 'wrong-token')
    const failure = api.listPlanetBackups('dev1')
    await expect(failure).rejects.toThrow(ApiError)
    await expect(failure).rejects.toThrow(
      'Could not list the backups of planet dev1 in star system pc: HTTP 401 Unauthorized: Invalid or missing bearer token'
    )
  })

  it('falls back to the singular star-system path once, then remembers it', async () => {
    const api = await connect({ starSystemListPaths: ['backup'], listShape: 'items' })
    simulator.seed({ planetId: 'dev1' })
    await api.listStarSystemBackups()
    await api.listStarSystemBackups()
    expect(simulator.requests.map(r => r.route)).toEqual([
      'listStarSystem',
      'listStarSystemSingular',
      'listStarSystemSingular'
    ])
  })

  it('gets client-credentials tokens, reuses them and sends them as bearer', async () => {
    simulator = new Simulator({
      clients: [{ clientId: 'c', clientSecret: 's', scopes: ['tenant.*', 'gcc.deployments.read'] }]
    })
    const baseUrl = await simulator.start()
    transport = newTransport()
    const masked: string[] = []
    const tokens = tokenSource(
      {
        kind: 'client-credentials',
        tokenUrl: simulator.tokenUrl,
        clientId: 'c',
        clientSecret: 's',
        scope: 'tenant.acme gcc.deployments.read'
      },
      { transport, secrets: new Secrets(value => masked.push(value)), clock: systemClock }
    )
    const api = new DatabaseApi(
      transport,
      tokens,
      { baseUrl, tenantId: 'acme', projectId: 'pc' },
      quiet
    )
    await Promise.all([api.listPlanetBackups('dev1'), api.listPlanetBackups('qa')])
    await api.listPlanetBackups('uat')

    expect(simulator.count('token')).toBe(1)
    expect(masked).toEqual(simulator.issuedTokens())
    // Read scope only: a write is refused with the API's reason.
    await expect(api.createBackup('dev1', request, noClaim)).rejects.toThrow(
      'HTTP 403 Forbidden: The access token lacks scope gcc.deployments.write'
    )
  })
})
