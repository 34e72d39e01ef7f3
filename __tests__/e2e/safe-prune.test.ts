import { afterEach, describe, expect, it } from '@jest/globals'
import { REPOSITORY_ID } from '../../scripts/runner.js'
import type { Simulator } from '../../simulator/server.js'
import { act, failure, startSimulator } from '../helpers/e2e.js'

const DAY = 86_400_000
let simulator: Simulator
afterEach(async () => simulator?.stop())

const remainingIds = (): string[] => simulator.list().map(backup => String(backup.id))
/** A name as this repository's workflows give it by default (run 100 + n). */
const ours = (n: number): string =>
  `gha-${REPOSITORY_ID}-acme-policycenter-${100 + n}-1-deploy-backup-dev1-x${n}`

describe("prune manages this repository's backups by default", () => {
  it('deletes only what its workflows named, never a backup made by hand', async () => {
    simulator = await startSimulator()
    const [newest, older, oldest] = [1, 2, 3].map(
      n => simulator.seed({ planetId: 'dev1', ageMs: n * DAY, name: ours(n) }).id
    )
    const permanent = simulator.seed({
      planetId: 'dev1',
      ageMs: 30 * DAY,
      name: 'before-go-live-manual',
      type: 'permanent'
    }).id
    const temporary = simulator.seed({ planetId: 'dev1', ageMs: 20 * DAY, name: 'hotfix-check' }).id
    // Another repository whose id starts with the same digits.
    const cousin = simulator.seed({
      planetId: 'dev1',
      ageMs: 25 * DAY,
      name: `gha-${REPOSITORY_ID}0-acme-policycenter-api-1-1-x-y-dev1-z`
    }).id
    const run = await act(simulator, { operation: 'prune', planetId: 'dev1', keepLast: '1' })

    expect(run.exitCode).toBe(0)
    expect(JSON.parse(run.outputs.deletedIds)).toEqual([older, oldest])
    expect(remainingIds().sort()).toEqual([newest, permanent, temporary, cousin].sort())
    expect(run.summary).toMatch(
      /\n3 backup\(s\) of planet dev1 whose names this repository.+ workflows did not give were left alone — set nameFilter to manage them\.\n/
    )
    expect(run.warnings).toEqual([])
  })

  it('warns when its name rule leaves nothing to consider', async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'dev1', ageMs: 9 * DAY, name: 'nightly-1' })
    simulator.seed({ planetId: 'dev1', ageMs: 10 * DAY, name: 'nightly-2' })
    const run = await act(simulator, { operation: 'prune', planetId: 'dev1', olderThan: '1d' })

    expect(run.exitCode).toBe(0)
    expect(simulator.count('delete')).toBe(0)
    expect(run.warnings.join('\n')).toContain(
      'The prune of planet dev1 had nothing to consider: none of its 2 backup(s) has a name'
    )
  })

  it('an explicit nameFilter takes over, "*" included', async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'dev1', ageMs: DAY, name: 'nightly-1' })
    const old = simulator.seed({ planetId: 'dev1', ageMs: 9 * DAY, name: 'manual' }).id
    const run = await act(simulator, {
      operation: 'prune',
      planetId: 'dev1',
      nameFilter: '*',
      olderThan: '7d'
    })

    expect(JSON.parse(run.outputs.deletedIds)).toEqual([old])
  })

  it('outside GitHub (no GITHUB_REPOSITORY_ID) a prune without nameFilter sends no request', async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'dev1', ageMs: 9 * DAY })
    const run = await act(
      simulator,
      { operation: 'prune', planetId: 'dev1', keepLast: '1' },
      { env: { GITHUB_REPOSITORY_ID: '' } }
    )

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain('Input "nameFilter" is required here')
    expect(simulator.count()).toBe(0)
  })
})

describe('the destructive defaults are the narrow ones', () => {
  it('a star-system prune with keepLast 0 is refused before any request', async () => {
    simulator = await startSimulator()
    for (const planetId of ['dev1', 'qa']) simulator.seed({ planetId, ageMs: 9 * DAY })
    const run = await act(simulator, { operation: 'prune', nameFilter: '*', keepLast: '0' })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain('Input "keepLast" is "0"')
    expect(simulator.count()).toBe(0)
    expect(remainingIds()).toHaveLength(2)
  })

  it('delete with dryRun: true sends no DELETE and fails naming dryRun', async () => {
    simulator = await startSimulator()
    const id = simulator.seed({ planetId: 'dev1', ageMs: DAY }).id
    const run = await act(simulator, { operation: 'delete', backupId: id, dryRun: 'true' })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain('Input "dryRun" is "true": dryRun applies only to prune')
    expect(simulator.count()).toBe(0)
    expect(remainingIds()).toEqual([id])
  })

  it('get with keepLast warns naming it, and still gets', async () => {
    simulator = await startSimulator()
    const id = simulator.seed({ planetId: 'dev1', ageMs: DAY }).id
    const run = await act(simulator, { operation: 'get', backupId: id, keepLast: '3' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.backupId).toBe(id)
    expect(run.warnings).toEqual(['keepLast applies to prune; get does not read it.'])
  })
})
