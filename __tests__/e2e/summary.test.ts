/**
 * The outcome at a glance: the first line of every summary says how the step ended, with a mark,
 * the operation and the backup or planet; a failure's reason comes right under it; every
 * annotation has a title, and a problem is annotated once. Each fails against 4ec3e06's dist/.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import type { ActionRun } from '../../scripts/runner.js'
import type { Simulator } from '../../simulator/server.js'
import { act, clientCredentials, failure, startSimulator, TENANT } from '../helpers/e2e.js'

const DAY = 86_400_000
let simulator: Simulator
afterEach(async () => simulator?.stop())

const headline = (run: ActionRun): string => run.summary.split('\n')[0]
/** What the summary says right under its headline. */
const underHeadline = (run: ActionRun): string => run.summary.split('\n\n')[1] ?? ''
const created = (): string => String(simulator.list().at(-1)?.id)

describe('the first line of the summary is the outcome', () => {
  it('a succeeded create', async () => {
    simulator = await startSimulator({ backupDurationMs: 500 })
    const run = await act(simulator, { operation: 'create', planetId: 'uat' })
    expect(headline(run)).toBe(`### ✅ GWCP backup ${created()} of uat created and succeeded`)
  })

  it('a failed create, with the reason right under it', async () => {
    simulator = await startSimulator({
      backupDurationMs: 500,
      failingPlanets: { uat: 'pg_dump: too many connections' }
    })
    const run = await act(simulator, { operation: 'create', planetId: 'uat' })

    expect(run.exitCode).toBe(1)
    expect(headline(run)).toBe(`### ❌ GWCP backup ${created()} of \`uat\` failed`)
    expect(underHeadline(run)).toContain('pg_dump: too many connections')
  })

  it('a create whose wait timed out', async () => {
    simulator = await startSimulator({ backupDurationMs: 60_000 })
    const run = await act(simulator, { operation: 'create', planetId: 'uat', waitTimeout: '1s' })

    expect(run.exitCode).toBe(1)
    expect(headline(run)).toMatch(
      new RegExp(
        `^### ❌ GWCP backup ${created()} of \`uat\` is still \`(pending|in_progress)\` after 1`
      )
    )
    expect(underHeadline(run)).toContain('It goes on on the platform')
  })

  it('a wait operation that timed out', async () => {
    simulator = await startSimulator()
    const seeded = simulator.seed({ planetId: 'uat', status: 'in_progress' })
    const run = await act(simulator, { operation: 'wait', backupId: seeded.id, waitTimeout: '1s' })

    expect(run.exitCode).toBe(1)
    expect(headline(run)).toMatch(
      new RegExp(`^### ❌ GWCP backup ${seeded.id} of \`uat\` is still \`in_progress\` after 1`)
    )
  })

  it('a prune with one failed delete names it, and the failure is in the headline', async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'dev1', ageMs: DAY })
    const old = [5, 6, 7].map(days => simulator.seed({ planetId: 'dev1', ageMs: days * DAY }).id)
    simulator.addFault({
      route: 'delete',
      action: 'status',
      status: 409,
      body: { message: 'Backup is locked by a restore' }
    })
    const run = await act(simulator, {
      operation: 'prune',
      nameFilter: '*',
      planetId: 'dev1',
      keepLast: '1'
    })

    expect(run.exitCode).toBe(1)
    expect(headline(run)).toBe(
      '### ❌ GWCP prune of planet dev1: deleted 2, 1 could not be deleted, kept 1'
    )
    const notDeleted = run.summary.slice(run.summary.indexOf('**Could not delete**'))
    expect(notDeleted).toContain('HTTP 409 Conflict: Backup is locked by a restore')
    const table = notDeleted.slice(0, notDeleted.indexOf('**Kept**'))
    expect(old.filter(id => table.includes(`| \`${id}\` |`))).toHaveLength(1)
  })

  it('a read-only check stays green and says it can only read', async () => {
    simulator = await startSimulator({
      clients: [
        {
          clientId: 'reader',
          clientSecret: 'reader-secret-5f1e',
          scopes: [`tenant.${TENANT}`, 'gcc.deployments.read']
        }
      ]
    })
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      clientId: 'reader',
      clientSecret: 'reader-secret-5f1e',
      operation: 'check',
      planetId: 'dev1'
    })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.ready).toBe('true')
    expect(headline(run)).toBe(
      '### ⚠️ GWCP check: ready for read-only operations (write scope refused)'
    )
  })

  it('a failed delete names the operation and the backup', async () => {
    simulator = await startSimulator()
    const run = await act(simulator, { operation: 'delete', backupId: '999' })

    expect(run.exitCode).toBe(1)
    expect(headline(run)).toBe('### ❌ GWCP delete of backup 999 failed')
    expect(underHeadline(run)).toContain('HTTP 404 Not Found')
  })

  it('a delete says what it deleted', async () => {
    simulator = await startSimulator()
    const seeded = simulator.seed({ planetId: 'uat', name: 'nightly', ageMs: 2 * DAY })
    const run = await act(simulator, { operation: 'delete', backupId: seeded.id })

    expect(headline(run)).toBe(
      `### ✅ GWCP backup ${seeded.id} of \`uat\` (\`nightly\`, \`temporary\`, 2d old) deleted`
    )
  })
})

describe('annotations', () => {
  it('a failing check row is annotated once, titled', async () => {
    simulator = await startSimulator()
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      clientSecret: 'wrong-secret-0000',
      operation: 'check',
      planetId: 'dev1'
    })

    expect(run.exitCode).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.warnings.filter(line => line.includes('credentials'))).toEqual([])
    expect(run.stdout).toMatch(/^::error title=GWCP check%3A not ready \(1 failing\)::/m)
  })

  it('a retry shows in the summary', async () => {
    simulator = await startSimulator()
    const seeded = simulator.seed({ planetId: 'uat' })
    simulator.addFault({ route: 'get', action: 'status', status: 502 })
    const run = await act(simulator, { operation: 'get', backupId: seeded.id })

    expect(run.exitCode).toBe(0)
    expect(run.summary).toContain('Retried: 1 retry after HTTP 502.')
  })

  it("a gateway's HTML error page is reduced to its title", async () => {
    simulator = await startSimulator()
    simulator.addFault({
      route: 'get',
      action: 'status',
      status: 403,
      rawBody:
        '<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1></body></html>'
    })
    const run = await act(simulator, { operation: 'get', backupId: '1000' })

    expect(failure(run)).toContain('HTTP 403 Forbidden: 403 Forbidden (an HTML page)')
    expect(failure(run)).not.toContain('<h1>')
  })

  it('a give-up message holds one attempt count, not one inside another', async () => {
    simulator = await startSimulator({
      faults: [
        { route: 'create', action: 'drop-after' },
        { route: 'listPlanet', action: 'status', status: 503, retryAfter: '0', times: 0 }
      ]
    })
    const run = await act(simulator, { operation: 'create', planetId: 'uat', waitTimeout: '3s' })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain(
      "could not check for an earlier attempt's effect: Could not list"
    )
    expect(failure(run).match(/attempt \d+;|gave up after/g)).toHaveLength(1)
    expect(simulator.count('create')).toBe(1)
  })
})
