import { describe, expect, it } from '@jest/globals'
import { REGIONS } from '../../src/regions.js'
import type { RunContext } from '../../src/run-context.js'
import { parseSettings, type Settings } from '../../src/settings.js'

const run: RunContext = {
  repository: 'acme/policycenter',
  repositoryId: '702745213',
  sha: '0123456789abcdef',
  workflow: 'Nightly backups',
  job: 'backup',
  step: '__gwcp-backup-action',
  runId: '99',
  runAttempt: '2',
  serverUrl: 'https://github.com'
}

async function parse(
  inputs: Record<string, string>,
  context: RunContext = run
): Promise<{ settings: Settings; secrets: string[]; contextReads: number; warnings: string[] }> {
  const secrets: string[] = []
  const warnings: string[] = []
  let contextReads = 0
  const settings = await parseSettings({
    input: name => (inputs[name] ?? '').trim(),
    runContext: async () => {
      contextReads++
      return context
    },
    secret: value => secrets.push(value),
    nonce: () => 'n0nce',
    warning: message => warnings.push(message)
  })
  return { settings, secrets, contextReads, warnings }
}

const valid = {
  operation: 'create',
  baseUrl: 'https://databaseservice.api.omega2-andromeda.guidewire.net/',
  tenantId: 'acme',
  projectId: 'pc',
  planetId: 'dev1',
  accessToken: 'token-value'
}

describe('parseSettings', () => {
  it('reads a create with defaults and a derived name and description', async () => {
    const { settings, secrets } = await parse(valid)
    expect(settings).toEqual({
      operation: 'create',
      baseUrl: 'https://databaseservice.api.omega2-andromeda.guidewire.net',
      tenantId: 'acme',
      projectId: 'pc',
      planetId: 'dev1',
      auth: { kind: 'token', accessToken: 'token-value' },
      requestTimeoutMs: 30_000,
      waitPolicy: { timeoutMs: 3_600_000, pollIntervalMs: 30_000 },
      wait: true,
      nameIsUnique: true,
      request: {
        mechanism: 'logical',
        temporary: true,
        metadata: {
          name: 'gha-702745213-acme-policycenter-99-2-backup-__gwcp-backup-action-dev1-n0nce',
          description:
            'Backup by acme/policycenter@0123456, workflow "Nightly backups", run https://github.com/acme/policycenter/actions/runs/99/attempts/2'
        }
      }
    })
    expect(secrets).toEqual(['token-value'])
  })

  it('sends planetClass and retention only when set, with their JSON types', async () => {
    const { settings, contextReads } = await parse({
      ...valid,
      planetClass: 'dev',
      retentionPeriodInDays: '10',
      temporary: 'False',
      metadataName: 'mine',
      metadataDescription: 'my description'
    })
    expect(settings.operation === 'create' && settings.request).toEqual({
      mechanism: 'logical',
      planetClass: 'dev',
      temporary: false,
      retentionPeriodInDays: 10,
      metadata: { name: 'mine', description: 'my description' }
    })
    expect(contextReads).toBe(0)
  })

  it('reads the GitHub context only for operations that create', async () => {
    const { contextReads } = await parse({ ...valid, operation: 'list', planetId: '' })
    expect(contextReads).toBe(0)
  })

  it('strips /api/v1 from a base URL that has it and keeps a path prefix', async () => {
    const { settings } = await parse({ ...valid, baseUrl: 'https://gw.example.com/db/api/v1/' })
    expect(settings.baseUrl).toBe('https://gw.example.com/db')
  })

  it('accepts http only for loopback hosts', async () => {
    for (const host of ['127.0.0.1:8080', 'localhost', '[::1]:9000']) {
      const { settings } = await parse({ ...valid, baseUrl: `http://${host}` })
      expect(settings.baseUrl).toBe(`http://${host}`)
    }
    await expect(parse({ ...valid, baseUrl: 'http://10.0.0.1' })).rejects.toThrow(
      'Input "baseUrl" is "http://10.0.0.1": use https://'
    )
  })

  const withApiUrl = Object.entries(REGIONS).filter(([, preset]) => preset.baseUrl)
  it.each(withApiUrl)('region %s presets both URLs', async (region, preset) => {
    const { settings } = await parse({
      ...valid,
      region: region.toLowerCase(),
      baseUrl: '',
      accessToken: '',
      clientId: 'id',
      clientSecret: 'secret'
    })
    expect(settings.baseUrl).toBe(preset.baseUrl)
    expect(settings.auth).toMatchObject({ kind: 'client-credentials', tokenUrl: preset.tokenUrl })
  })

  it('SWITZERLAND presets the EMEA token URL and requires baseUrl, saying why', async () => {
    const switzerland = {
      ...valid,
      region: 'switzerland',
      accessToken: '',
      clientId: 'id',
      clientSecret: 'secret'
    }
    await expect(parse({ ...switzerland, baseUrl: '' })).rejects.toThrow(
      'Input "baseUrl" is required with region SWITZERLAND: Guidewire publishes no Database API URL for it.'
    )
    const { settings } = await parse({ ...switzerland, baseUrl: 'https://db.example.ch' })
    expect(settings.auth).toMatchObject({ tokenUrl: REGIONS.EMEA.tokenUrl })
  })

  it('presets the documented URLs', () => {
    expect(REGIONS.AMER).toEqual({
      baseUrl: 'https://databaseservice.api.omega2-andromeda.guidewire.net',
      tokenUrl: 'https://guidewire-hub.okta.com/oauth2/aus11vix3uKEpIfSI357/v1/token'
    })
    expect(REGIONS.CANADA.baseUrl).toBe(
      'https://databaseservice.api.omega2-butterfly.guidewire.net'
    )
    expect(REGIONS.CANADA.tokenUrl).toBe(REGIONS.AMER.tokenUrl)
    expect(REGIONS.EMEA).toEqual({
      baseUrl: 'https://databaseservice.api.omega2-cartwheel.guidewire.net',
      tokenUrl: 'https://guidewire-hub-eu.okta.com/oauth2/ausc2q01c40dNZII0416/v1/token'
    })
    expect(REGIONS.APAC).toEqual({
      baseUrl: 'https://databaseservice.api.omega2-circinus.guidewire.net',
      tokenUrl: 'https://guidewire-hub-apac.okta.com/oauth2/ausbg05gfcTZQ7bpH3l6/v1/token'
    })
    expect(REGIONS.JAPAN).toEqual({
      baseUrl: 'https://databaseservice.api.omega2-milkyway.guidewire.net',
      tokenUrl: REGIONS.APAC.tokenUrl
    })
  })

  it('lets explicit URLs win over the region preset', async () => {
    const { settings } = await parse({
      ...valid,
      region: 'EMEA',
      baseUrl: 'https://db.example.com',
      accessToken: '',
      clientId: 'id',
      clientSecret: 'secret',
      tokenUrl: 'https://login.example.com/token'
    })
    expect(settings.baseUrl).toBe('https://db.example.com')
    expect(settings.auth).toMatchObject({ tokenUrl: 'https://login.example.com/token' })
  })

  it.each([
    ['create', 'tenant.acme gcc.deployments.read gcc.deployments.write'],
    ['ensure', 'tenant.acme gcc.deployments.read gcc.deployments.write'],
    ['check', 'tenant.acme gcc.deployments.read gcc.deployments.write'],
    ['prune', 'tenant.acme gcc.deployments.read gcc.deployments.write'],
    ['delete', 'tenant.acme gcc.deployments.read gcc.deployments.write'],
    ['get', 'tenant.acme gcc.deployments.read'],
    ['list', 'tenant.acme gcc.deployments.read'],
    ['wait', 'tenant.acme gcc.deployments.read']
  ])('asks for the scopes %s needs', async (operation, scope) => {
    const { settings, secrets } = await parse({
      ...valid,
      operation,
      backupId: '1',
      keepLast: '1',
      accessToken: '',
      clientId: 'id',
      clientSecret: 'the-secret',
      tokenUrl: 'https://login.example.com/token'
    })
    expect(settings.auth).toMatchObject({ kind: 'client-credentials', scope })
    expect(secrets).toEqual(['the-secret'])
  })

  it('lets the user set the whole scope', async () => {
    const { settings } = await parse({
      ...valid,
      accessToken: '',
      clientId: 'id',
      clientSecret: 'secret',
      tokenUrl: 'https://login.example.com/token',
      scope: 'any.tenant gcc.deployments.write'
    })
    expect(settings.auth).toMatchObject({ scope: 'any.tenant gcc.deployments.write' })
  })

  it('masks a secret even when the settings are refused', async () => {
    const secrets: string[] = []
    await expect(
      parseSettings({
        input: name => ({ ...valid, clientId: 'id', clientSecret: 'both-given' })[name] ?? '',
        runContext: async () => run,
        secret: value => secrets.push(value),
        nonce: () => '',
        warning: () => undefined
      })
    ).rejects.toThrow('both set')
    expect(secrets).toEqual(['token-value', 'both-given'])
  })

  it('reads ensure with a name the user gave: not unique, expiry margin 1h by default', async () => {
    const { settings } = await parse({ ...valid, operation: 'ensure', metadataName: 'pre-deploy' })
    expect(settings).toMatchObject({
      operation: 'ensure',
      maxAgeMs: 86_400_000,
      minRemainingLifetimeMs: 3_600_000,
      nameIsUnique: false
    })
  })

  it('reads prune criteria', async () => {
    const { settings } = await parse({
      ...valid,
      operation: 'prune',
      planetId: '',
      keepLast: '1',
      olderThan: '7d',
      types: 'Temporary, scheduled',
      nameFilter: 'nightly-*'
    })
    expect(settings).toMatchObject({
      operation: 'prune',
      planetId: undefined,
      keepLast: 1,
      olderThanMs: 604_800_000,
      types: ['temporary', 'scheduled'],
      names: { glob: 'nightly-*' },
      dryRun: false,
      maxConcurrency: 8
    })
  })

  it("manages by default the names this repository's workflows give", async () => {
    const { settings } = await parse({ ...valid, operation: 'prune', keepLast: '3' })
    expect(settings).toMatchObject({ names: { prefix: 'gha-702745213-' }, keepLast: 3 })
    expect(settings).toMatchObject({ types: ['permanent', 'temporary'] })
  })

  it('names new backups so that the default prune finds them', async () => {
    const { settings } = await parse(valid)
    expect(settings).toMatchObject({
      request: { metadata: { name: expect.stringMatching(/^gha-702745213-acme-policycenter-99-/) } }
    })
  })

  it('refuses a prune without nameFilter where the repository id is not known', async () => {
    const prune = { ...valid, operation: 'prune', keepLast: '1' }
    await expect(parse(prune, { ...run, repositoryId: '' })).rejects.toThrow(
      'Input "nameFilter" is required here'
    )
    const { settings } = await parse({ ...prune, nameFilter: '*' }, { ...run, repositoryId: '' })
    expect(settings).toMatchObject({ names: { glob: '*' } })
  })

  it('refuses keepLast 0 and points at delete', async () => {
    await expect(
      parse({ ...valid, operation: 'prune', keepLast: '0', olderThan: '1d' })
    ).rejects.toThrow(/Input "keepLast" is "0": use a whole number ≥ 1 .*operation "delete"/)
  })

  it.each(['delete', 'create', 'get', 'ensure', 'list', 'check', 'wait'])(
    'refuses dryRun: true with %s',
    async operation => {
      await expect(parse({ ...valid, operation, backupId: '7', dryRun: 'true' })).rejects.toThrow(
        'Input "dryRun" is "true": dryRun applies only to prune'
      )
    }
  )

  it('warns once of each input the operation does not read, but not of a default', async () => {
    const { warnings } = await parse({
      ...valid,
      operation: 'get',
      planetId: '',
      backupId: '7',
      keepLast: '2',
      maxAge: '24h',
      mechanism: 'snapshot',
      scope: 'any.tenant'
    })
    expect(warnings).toEqual([
      'mechanism applies to create and ensure; get does not read it.',
      'keepLast applies to prune; get does not read it.',
      'scope applies to client credentials; with accessToken it is not read.'
    ])
  })

  it.each([
    [
      { operation: 'ensure', maxAge: 'soon' },
      'Input "maxAge" is "soon": use a duration with its unit'
    ],
    [
      { operation: 'prune', olderThan: 'old' },
      'Input "olderThan" is "old": use a duration with its unit'
    ],
    [
      { operation: 'prune', olderThan: '7' },
      'Input "olderThan" is "7": use a duration with its unit, such as 36h, 7d'
    ],
    [{ operation: 'ensure', maxAge: '0h' }, 'Input "maxAge" is "0h": use a duration with its unit'],
    [
      { operation: 'ensure', minRemainingLifetime: '30' },
      'Input "minRemainingLifetime" is "30": use a duration with its unit'
    ],
    [{ operation: 'prune', keepLast: '2', dryRun: 'maybe' }, 'Input "dryRun" is "maybe"'],
    [{ operation: 'delete', backupId: '7', dryRun: 'maybe' }, 'Input "dryRun" is "maybe"'],
    [{ operation: 'delete', backupId: '7', ignoreNotFound: 'y' }, 'Input "ignoreNotFound" is "y"'],
    [{ requestTimeout: '0' }, 'Input "requestTimeout" is "0": use a duration of at least 1s'],
    [{ planetClass: 'dev prod' }, 'Input "planetClass" is "dev prod"'],
    [{ accessToken: '', clientId: 'id', clientSecret: 's' }, 'Input "tokenUrl" is required'],
    [{ accessToken: '', clientSecret: 's' }, 'Input "clientId" is required with "clientSecret"'],
    [{ tenantId: '.' }, 'Input "tenantId" is ".": an id starts with a letter or a digit'],
    [{ planetId: '-dev1' }, 'Input "planetId" is "-dev1": an id starts with a letter or a digit']
  ])('refuses %j', async (inputs, message) => {
    await expect(parse({ ...valid, ...inputs })).rejects.toThrow(message)
  })
})
