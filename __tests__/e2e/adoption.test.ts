/**
 * Smoke tests of adoption in the bundle, in real time: every path that looks for a create by its
 * name (a 502, a lost answer, a 202 without a body, a late answer, 408 and 424, two twins,
 * another planet's namesake, one spelling of a name) runs in-process on a clock that skips
 * backoff (integration/adoption*.test.ts). What needs real time stays here: a list that lags.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/server.js'
import { act, startSimulator } from '../helpers/e2e.js'

const NAME = 'pre-deploy'
let simulator: Simulator
afterEach(async () => simulator?.stop())

const ids = (): string[] => simulator.list().map(backup => String(backup.id))

describe('adoption, end to end', () => {
  it('a lost answer over an old namesake: adopts the new backup, not the old one', async () => {
    simulator = await startSimulator({ faults: [{ route: 'create', action: 'drop-after' }] })
    const old = simulator.seed({ planetId: 'dev1', name: NAME, ageMs: 2 * 86_400_000 }).id
    const run = await act(simulator, { operation: 'create', planetId: 'dev1', metadataName: NAME })

    expect(run.exitCode).toBe(0)
    expect(simulator.count('create')).toBe(1)
    const created = ids().filter(id => id !== old)
    expect(created).toHaveLength(1)
    expect(run.outputs.backupId).toBe(created[0])
  })

  it('a 202 without a body, and a list that shows the backup a second late: still found', async () => {
    simulator = await startSimulator({ createAnswersWithoutBody: true, listLagMs: 1000 })
    const run = await act(simulator, { operation: 'create', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.backupId).toBe(ids()[0])
    expect(simulator.count('create')).toBe(1)
    expect(simulator.count('listPlanet')).toBeGreaterThan(1)
  })
})
