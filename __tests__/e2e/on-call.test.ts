/** Read at 2 a.m. on a phone: the mark is the step's, errors name the fix, nothing is said twice. */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { ActionRun } from '../../scripts/runner.js'
import type { Simulator } from '../../simulator/server.js'
import { act, CLIENT, clientCredentials, failure, startSimulator, TENANT } from '../helpers/e2e.js'

const DAY = 86_400_000
let simulator: Simulator
afterEach(async () => simulator?.stop())

const headline = (run: ActionRun): string => run.summary.split('\n')[0]
const occurrences = (text: string, part: string): number => text.split(part).length - 1

describe('the headline mark is the step result', () => {
  it('a prune with a refused delete fails under ❌; a dry run that is green shows none', async () => {
    simulator = await startSimulator()
    for (const days of [1, 2, 3]) simulator.seed({ planetId: 'dev1', ageMs: days * DAY })
    const dry = await act(simulator, {
      operation: 'prune',
      planetId: 'dev1',
      nameFilter: '*',
      keepLast: '1',
      dryRun: 'true'
    })
    expect(dry.exitCode).toBe(0)
    expect(dry.summary).not.toContain('❌')

    simulator.addFault({ route: 'delete', action: 'status', status: 409 })
    const run = await act(simulator, {
      operation: 'prune',
      planetId: 'dev1',
      nameFilter: '*',
      keepLast: '1',
      maxConcurrency: '1'
    })
    expect(run.exitCode).toBe(1)
    expect(headline(run)).toMatch(/^### ❌ GWCP prune of planet dev1: deleted 1, 1 could not be/)
  })

  it('a create whose wait timed out fails under ❌, and still says what happened', async () => {
    simulator = await startSimulator({ backupDurationMs: 60_000 })
    const run = await act(simulator, {
      operation: 'create',
      planetId: 'dev1',
      waitTimeout: '1s',
      pollInterval: '1s'
    })
    expect(run.exitCode).toBe(1)
    expect(headline(run)).toMatch(/^### ❌ GWCP backup \d+ of `dev1` is still `\w+` after 1/)
  })

  it('a green get of a failed backup shows ⚠️, never ❌', async () => {
    simulator = await startSimulator()
    const id = simulator.seed({ planetId: 'dev1', status: 'failed', ageMs: DAY }).id
    const run = await act(simulator, { operation: 'get', backupId: id })
    expect(run.exitCode).toBe(0)
    expect(headline(run)).toMatch(/^### ⚠️ GWCP backup/)
  })
})

describe('errors name the fix', () => {
  it('create on a planet the simulator does not know names planetId and check', async () => {
    simulator = await startSimulator({
      known: { tenantId: TENANT, projectId: 'pc', planets: ['dev1'] }
    })
    const run = await act(simulator, { operation: 'create', planetId: 'dev9' })
    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain('HTTP 404')
    expect(failure(run)).toContain('planetId "dev9"')
    expect(failure(run)).toContain('tenantId "acme", projectId "pc"')
    expect(failure(run)).toContain('operation "check"')
  })

  it('an empty clientSecret says when secrets are empty', async () => {
    simulator = await startSimulator()
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      clientSecret: '',
      operation: 'list'
    })
    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain('Input "clientSecret" is required with "clientId"')
    expect(failure(run)).toContain('Dependabot')
    expect(simulator.count()).toBe(0)
  })
})

describe('delete with client credentials names what it deleted', () => {
  it('asks for read and write, and the summary names the backup', async () => {
    simulator = await startSimulator()
    const id = simulator.seed({ planetId: 'uat', name: 'nightly-7', ageMs: 2 * DAY }).id
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      operation: 'delete',
      backupId: id
    })
    expect(run.exitCode).toBe(0)
    expect(headline(run)).toBe(
      `### ✅ GWCP backup ${id} of \`uat\` (\`nightly-7\`, \`temporary\`, 2d old) deleted`
    )
    expect(simulator.list()).toEqual([])
  })

  it('still deletes for a client that may only write, and says it could not read first', async () => {
    simulator = await startSimulator({
      clients: [{ ...CLIENT, scopes: [`tenant.${TENANT}`, 'gcc.deployments.write'] }]
    })
    const id = simulator.seed({ planetId: 'uat', ageMs: DAY }).id
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      operation: 'delete',
      backupId: id
    })
    expect(run.exitCode).toBe(0)
    expect(simulator.list()).toEqual([])
    expect(run.summary).toContain(`Could not read backup ${id} before deleting it`)
    expect(run.summary).toContain('deleted with the write scope alone')
  })
})

describe('no summary repeats its reason', () => {
  it('a failed create says the API message once, with the next step, and one times block', async () => {
    simulator = await startSimulator({
      backupDurationMs: 500,
      failingPlanets: { uat: 'pg_dump: too many connections' }
    })
    const run = await act(simulator, { operation: 'create', planetId: 'uat' })
    expect(run.exitCode).toBe(1)
    expect(occurrences(run.summary, 'too many connections')).toBe(1)
    expect(run.summary).toContain('Next: ')
    expect(occurrences(run.summary, 'Times as the API sent them')).toBe(1)
    expect(headline(run)).not.toMatch(/failed \(.*failed/)
  })

  it('a prune with three tables has one times block', async () => {
    simulator = await startSimulator()
    for (const days of [1, 2, 3, 4]) simulator.seed({ planetId: 'dev1', ageMs: days * DAY })
    simulator.addFault({ route: 'delete', action: 'status', status: 409 })
    const run = await act(simulator, {
      operation: 'prune',
      planetId: 'dev1',
      nameFilter: '*',
      keepLast: '1',
      maxConcurrency: '1'
    })
    expect(occurrences(run.summary, 'Times as the API sent them')).toBe(1)
  })
})
