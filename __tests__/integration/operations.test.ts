/**
 * The operations in-process, through `operationContext`, against the simulator over HTTP: what
 * the end-to-end tests show of the bundle, where coverage and mutation testing can see it.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { DatabaseApi } from '../../src/api/client.js'
import { Transport } from '../../src/api/transport.js'
import { tokenSource } from '../../src/auth.js'
import { systemClock } from '../../src/clock.js'
import { AnnotatedError } from '../../src/errors.js'
import { operations } from '../../src/operations/index.js'
import { Secrets } from '../../src/secrets.js'
import { parseSettings, type Settings } from '../../src/settings.js'
import { Simulator } from '../../simulator/server.js'
import { operationContext, recordingLog, recordingReport } from '../fixtures/contexts.js'

const DAY = 86_400_000
let simulator: Simulator
let transport: Transport
afterEach(async () => {
  transport?.dispose()
  await simulator?.stop()
})

/** Settings as the action reads them, for the simulator. */
async function settingsFor(inputs: Record<string, string>): Promise<Settings> {
  const all: Record<string, string> = {
    baseUrl: simulator.url,
    tenantId: 'acme',
    projectId: 'pc',
    accessToken: 'sim-token',
    ...inputs
  }
  return parseSettings({
    input: name => all[name] ?? '',
    runContext: async () => {
      throw new Error('not for this test')
    },
    secret: () => undefined,
    nonce: () => 'n',
    warning: () => undefined
  })
}

/** Runs one operation in-process; returns what it reported, and what it threw. */
async function runOperation(inputs: Record<string, string>) {
  const settings = await settingsFor(inputs)
  const log = recordingLog()
  const recorded = recordingReport()
  const clock = systemClock
  transport = new Transport({
    userAgent: 'test',
    requestTimeoutMs: 5000,
    log,
    clock,
    redact: t => t
  })
  const api = new DatabaseApi(
    transport,
    tokenSource(
      { kind: 'token', accessToken: 'sim-token' },
      { transport, secrets: new Secrets(() => undefined), clock }
    ),
    settings,
    log
  )
  const ctx = operationContext({ api, report: recorded.report, log, clock })
  const thrown = await (
    operations[settings.operation] as (c: typeof ctx, s: Settings) => Promise<void>
  )(ctx, settings).then(
    () => undefined,
    (error: unknown) => error
  )
  await recorded.report.flush()
  return { ...recorded, log, thrown }
}

describe('operations in-process', () => {
  it('audit: a stale planet fails with one annotation for it, and only GETs', async () => {
    simulator = new Simulator({ tokens: ['sim-token'] })
    await simulator.start()
    simulator.seed({ planetId: 'dev1', ageMs: DAY / 4 })
    simulator.seed({ planetId: 'qa', ageMs: 2 * DAY })
    const { last, log, thrown, summary } = await runOperation({ operation: 'audit' })

    expect(thrown).toBeInstanceOf(AnnotatedError)
    expect(last.get('violatingPlanets')).toBe('qa')
    expect(log.lines.filter(line => line.startsWith('error:'))).toEqual([
      'error: Planet qa is stale: newest good backup 2d ago.'
    ])
    expect(summary()).toContain('`qa` (newest good backup 2d ago)')
    expect(simulator.requests.every(request => request.method === 'GET')).toBe(true)
  })

  it('prune: keeps the newest good backup of each planet, deletes the rest it manages', async () => {
    simulator = new Simulator({ tokens: ['sim-token'] })
    await simulator.start()
    const [newest, older] = [1, 2].map(
      days => simulator.seed({ planetId: 'dev1', ageMs: days * DAY }).id
    )
    const { last, thrown } = await runOperation({
      operation: 'prune',
      planetId: 'dev1',
      nameFilter: '*',
      keepLast: '1'
    })

    expect(thrown).toBeUndefined()
    expect(JSON.parse(last.get('deletedIds') ?? '')).toEqual([older])
    expect(simulator.list().map(backup => String(backup.id))).toEqual([newest])
  })

  it('list: names the newest good backup, and its summary leads with the outcome', async () => {
    simulator = new Simulator({ tokens: ['sim-token'] })
    await simulator.start()
    const good = simulator.seed({ planetId: 'dev1', ageMs: DAY }).id
    simulator.seed({ planetId: 'dev1', ageMs: 0, status: 'failed' })
    const { last, summary } = await runOperation({ operation: 'list', planetId: 'dev1' })

    expect(last.get('latestBackupId')).toBe(good)
    expect(summary().split('\n')[0]).toMatch(/^### ✅ GWCP list of planet dev1: 2 backup\(s\)/)
  })
})
