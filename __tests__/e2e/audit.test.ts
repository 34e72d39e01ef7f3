import { afterEach, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/server.js'
import { act, failure, startSimulator } from '../helpers/e2e.js'

const HOUR = 3_600_000
let simulator: Simulator
afterEach(async () => simulator?.stop())

interface Row {
  planet: string
  status: string
  backupId: string | null
  ageSeconds: number | null
  newestAttemptStatus: string | null
  note: string | null
}
const report = (outputs: Record<string, string>): Row[] => JSON.parse(outputs.report) as Row[]
const apiMethods = (): string[] => [
  ...new Set(simulator.requests.filter(r => r.route !== 'token').map(r => r.method))
]

describe('audit: can every planet be restored right now?', () => {
  it('a star system with one stale planet fails naming it, and only reads', async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'dev1', ageMs: 2 * HOUR })
    simulator.seed({ planetId: 'qa', ageMs: 30 * HOUR })
    simulator.seed({ planetId: 'uat', ageMs: 3 * HOUR })
    const run = await act(simulator, { operation: 'audit' })

    expect(run.exitCode).toBe(1)
    expect(run.outputs.violatingPlanets).toBe('qa')
    expect(run.outputs.violations).toBe('1')
    expect(run.outputs.count).toBe('3')
    expect(run.summary.split('\n')[0]).toBe(
      '### ❌ GWCP audit of star system pc: 1 of 3 planet(s) not recoverable within 1d — `qa` (newest good backup 1d 6h ago)'
    )
    expect(run.errors).toEqual(['Planet qa is stale: newest good backup 1d 6h ago.'])
    expect(run.stdout).toMatch(/^::error title=GWCP audit%3A planet qa::/m)
    expect(apiMethods()).toEqual(['GET'])
    expect(report(run.outputs).map(row => [row.planet, row.status])).toEqual([
      ['qa', 'stale'],
      ['dev1', 'ok'],
      ['uat', 'ok']
    ])
  })

  it('a healthy star system is green with violations 0 after at most 2 list requests', async () => {
    simulator = await startSimulator()
    for (const planetId of ['dev1', 'qa']) simulator.seed({ planetId, ageMs: HOUR })
    const run = await act(simulator, { operation: 'audit' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.violations).toBe('0')
    expect(run.outputs.violatingPlanets).toBe('')
    expect(run.summary.split('\n')[0]).toBe(
      '### ✅ GWCP audit of star system pc: all 2 planet(s) have a good backup within 1d'
    )
    const lists = simulator.requests.filter(r => r.route.startsWith('listStarSystem'))
    expect(lists.length).toBeLessThanOrEqual(2)
    expect(simulator.requests.filter(r => r.route === 'get')).toEqual([])
  })

  it('a planet named in planets with no backup is missing; unnamed ones are counted', async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'dev1', ageMs: HOUR })
    simulator.seed({ planetId: 'dev2', ageMs: HOUR })
    const run = await act(simulator, { operation: 'audit', planets: 'dev1, UAT' })

    expect(run.exitCode).toBe(1)
    expect(report(run.outputs).map(row => [row.planet, row.status, row.note])).toEqual([
      ['UAT', 'missing', 'no backup at all'],
      ['dev1', 'ok', null]
    ])
    expect(run.summary).toContain('1 planet(s) seen but not named in')
  })

  it('a planet whose only good backup expires within minRemainingLifetime is expiring', async () => {
    simulator = await startSimulator()
    simulator.seed({
      planetId: 'dev1',
      ageMs: HOUR,
      fields: { expirationDate: new Date(Date.now() + 20 * 60_000).toISOString() }
    })
    const run = await act(simulator, { operation: 'audit', planetId: 'dev1' })

    expect(run.exitCode).toBe(1)
    expect(report(run.outputs)[0]).toMatchObject({ planet: 'dev1', status: 'expiring' })
  })

  it('failed and running backups are never evidence, and the row says what there is', async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'qa', ageMs: HOUR, status: 'failed' })
    simulator.seed({ planetId: 'qa', ageMs: 0, status: 'in_progress' })
    const run = await act(simulator, { operation: 'audit', planets: 'qa' })

    expect(run.exitCode).toBe(1)
    expect(report(run.outputs)[0]).toMatchObject({
      status: 'missing',
      note: '1 failed, 1 running',
      backupId: null,
      ageSeconds: null,
      newestAttemptStatus: 'in_progress'
    })
    expect(failure(run)).toContain('Planet qa is missing: no good backup (1 failed, 1 running)')
  })

  it("a scheduled backup (the platform's) is evidence", async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'qa', ageMs: HOUR, type: 'scheduled' })
    const run = await act(simulator, { operation: 'audit', planets: 'qa' })

    expect(run.exitCode).toBe(0)
    expect(report(run.outputs)[0]).toMatchObject({ status: 'ok' })
  })

  it.each([
    [{ maxAge: 'soon' }, 'Input "maxAge" is "soon"'],
    [{ planetId: 'dev1', planets: 'qa' }, 'Inputs "planetId" and "planets" are both set'],
    [{ planets: 'qa,-rf' }, 'Input "planets" is "qa,-rf"']
  ])('%j fails before any request', async (inputs, message) => {
    simulator = await startSimulator()
    const run = await act(simulator, { operation: 'audit', ...inputs })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain(message)
    expect(simulator.count()).toBe(0)
  })
})
