import { afterEach, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../simulator/server.js'
import { failure, PROJECT, startSimulator, act } from '../helpers/e2e.js'

let simulator: Simulator
afterEach(async () => simulator?.stop())

describe('create', () => {
  it('creates a backup, waits until it has succeeded and names it in the outputs', async () => {
    simulator = await startSimulator({ backupDurationMs: 1500 })
    const run = await act(simulator, {
      operation: 'create',
      planetId: 'dev1',
      retentionPeriodInDays: '3',
      planetClass: 'dev'
    })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('succeeded')
    expect(run.outputs.displayStatus).toBe('ready')
    const [backup] = simulator.list()
    expect(simulator.list()).toHaveLength(1)
    expect(run.outputs.backupId).toBe(String(backup.id))
    expect(JSON.parse(run.outputs.backup)).toMatchObject({ id: backup.id, status: 'succeeded' })
    expect(run.summary).toContain(`| \`${backup.id}\` | ✅ succeeded |`)
    // The default name is unique per step execution and says where it came from.
    expect((backup.metadata as { name: string }).name).toMatch(
      /^gha-702745213-acme-policycenter-4242424242-1-deploy-backup-dev1-[a-z0-9]+$/
    )
    expect((backup.metadata as { description: string }).description).toBe(
      'Backup by acme/policycenter@8f3c2a1, workflow "Deploy", run ' +
        'https://github.com/acme/policycenter/actions/runs/4242424242/attempts/1'
    )
    expect(simulator.count('create')).toBe(1)
  })

  it('sends exactly the body fields that apply, with their JSON types', async () => {
    simulator = await startSimulator()
    const run = await act(simulator, {
      operation: 'create',
      planetId: 'qa',
      wait: 'false',
      temporary: 'false',
      retentionPeriodInDays: '10',
      metadataName: 'before-release-42',
      metadataDescription: 'Release 42'
    })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('pending')
    expect(simulator.count('get')).toBe(0)
    expect(simulator.requests.find(r => r.route === 'create')?.body).toEqual({
      mechanism: 'logical',
      temporary: false,
      retentionPeriodInDays: 10,
      metadata: { name: 'before-release-42', description: 'Release 42' }
    })
  })

  it('fails with the API error message when the backup fails, outputs naming it', async () => {
    simulator = await startSimulator({
      failingPlanets: { uat: 'pg_dump: error: connection to database failed' }
    })
    const run = await act(simulator, { operation: 'create', planetId: 'uat' })

    expect(run.exitCode).toBe(1)
    const id = String(simulator.list()[0].id)
    expect(run.outputs).toMatchObject({ backupId: id, status: 'failed' })
    expect(failure(run)).toContain(`Backup ${id} of planet uat failed (status "failed")`)
    expect(failure(run)).toContain('pg_dump: error: connection to database failed')
  })
})

describe('wait', () => {})

describe('get', () => {
  it('outputs one backup', async () => {
    simulator = await startSimulator()
    const seeded = simulator.seed({ planetId: 'dev1', ageMs: 3_600_000 })
    const run = await act(simulator, { operation: 'get', backupId: seeded.id })

    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ backupId: seeded.id, status: 'succeeded' })
  })

  it('fails naming the backup, the status and the API message for an unknown backup', async () => {
    simulator = await startSimulator()
    const run = await act(simulator, { operation: 'get', backupId: '999' })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toBe(
      `Could not get backup 999 in star system ${PROJECT}: HTTP 404 Not Found: Backup 999 not found in star system ${PROJECT}`
    )
  })
})

describe('list', () => {
  it("lists a planet's backups, newest first, with the newest succeeded one", async () => {
    simulator = await startSimulator()
    const old = simulator.seed({ planetId: 'dev1', ageMs: 7_200_000 })
    const newest = simulator.seed({ planetId: 'dev1', ageMs: 600_000 })
    simulator.seed({ planetId: 'dev1', ageMs: 60_000, status: 'failed' })
    simulator.seed({ planetId: 'qa', ageMs: 1_000 })
    const run = await act(simulator, { operation: 'list', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.count).toBe('3')
    expect(run.outputs.latestBackupId).toBe(newest.id)
    const ids = (JSON.parse(run.outputs.backups) as Array<{ id: number }>).map(b => String(b.id))
    expect(ids.slice(1)).toEqual([newest.id, old.id])
    expect(run.summary).toContain('GWCP list of planet dev1: 3 backup(s)')
  })

  it.each([
    ['plural path, bare array', ['backups', 'backup'], 'array', 'listStarSystem', 0],
    ['singular path only, wrapped in "items"', ['backup'], 'items', 'listStarSystemSingular', 1],
    ['plural path, wrapped in "backups"', ['backups'], 'backups', 'listStarSystem', 0],
    ['singular path only, wrapped in "data"', ['backup'], 'data', 'listStarSystemSingular', 1]
  ] as const)('lists a whole star system: %s', async (_, paths, shape, servedBy, notFoundFirst) => {
    simulator = await startSimulator({ starSystemListPaths: [...paths], listShape: shape })
    simulator.seed({ planetId: 'dev1', ageMs: 60_000 })
    simulator.seed({ planetId: 'qa', ageMs: 30_000 })
    const run = await act(simulator, { operation: 'list' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.count).toBe('2')
    expect(simulator.count(servedBy)).toBe(1)
    expect(simulator.requests.filter(r => r.status === 404)).toHaveLength(notFoundFirst)
  })

  it('warns when a list answer looks like one page of several', async () => {
    simulator = await startSimulator()
    simulator.addFault({
      route: 'listPlanet',
      action: 'status',
      status: 200,
      body: { items: [simulator.view(simulator.seed({ planetId: 'dev1' }))], total: 250 }
    })
    const run = await act(simulator, { operation: 'list', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.count).toBe('1')
    expect(run.warnings).toEqual([
      'The answer to "list the backups of planet dev1 in star system pc" looks like one page of ' +
        'several ("total" is 250, 1 listed); the action reads only this page, so backups may be ' +
        'missing from the result.'
    ])
  })
})

describe('delete', () => {
  it('deletes a backup', async () => {
    simulator = await startSimulator()
    const seeded = simulator.seed({ planetId: 'dev1' })
    const run = await act(simulator, { operation: 'delete', backupId: seeded.id })

    expect(run.exitCode).toBe(0)
    expect(run.outputs).toEqual({ backupId: seeded.id, status: 'deleted' })
    expect(simulator.list()).toHaveLength(0)
  })

  it('fails on a missing backup, naming the input that would accept it', async () => {
    simulator = await startSimulator()
    const run = await act(simulator, { operation: 'delete', backupId: '404' })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain(
      `Could not delete backup 404 in star system ${PROJECT}: HTTP 404 Not Found: Backup 404 not found`
    )
    expect(failure(run)).toContain('ignoreNotFound: true')
    expect(run.outputs.status).toBeUndefined()
  })

  it('counts a missing backup as deleted with ignoreNotFound', async () => {
    simulator = await startSimulator()
    const run = await act(simulator, {
      operation: 'delete',
      backupId: '404',
      ignoreNotFound: 'true'
    })

    expect(run.exitCode).toBe(0)
    expect(run.outputs).toEqual({ backupId: '404', status: 'deleted' })
    expect(simulator.count('delete')).toBe(1)
  })
})
