/**
 * npm run campaign -- [--runs 100] [--seed 1] — a random fault campaign end to end: each run
 * builds a scenario on the simulator's fault injection (faults before and after acting, empty
 * answers, delays, list shapes, POST answers, final states, sentinel times, odd status words),
 * runs the bundled dist/index.js as the runner does for create, ensure, wait, prune or audit, and
 * checks the guarantees that must hold whatever happened (`violations`). A failing run prints its
 * seed and scenario; every scenario is bounded in time. npm test runs a fixed-seed slice
 * (__tests__/campaign/).
 */
import { parseArgs } from 'node:util'
import { phaseOf } from '../src/backups/index.js'
import type { FaultRule } from '../simulator/faults.js'
import { Simulator, type SimulatorOptions } from '../simulator/server.js'
import type { SeededBackup } from '../simulator/store.js'
import { runAction, visibleText, type ActionRun } from './runner.js'

const TOKEN = 'campaign-token-7f3a9c1e5b'
const DAY = 86_400_000
const PLANETS = ['dev1', 'qa']

export interface Scenario {
  seed: number
  operation: 'create' | 'ensure' | 'wait' | 'prune' | 'audit'
  planetId: string
  simulator: SimulatorOptions
  seeded: SeededBackup[]
  faults: FaultRule[]
  inputs: Record<string, string>
}

/** mulberry32: a small PRNG whose runs a seed replays. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function scenarioOf(seed: number): Scenario {
  const next = random(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]
  const operation = pick(['create', 'ensure', 'wait', 'prune', 'audit'] as const)
  const planetId = pick(PLANETS)
  const seeded = Array.from({ length: Math.floor(next() * 5) }, (): SeededBackup => {
    const status = pick([
      'succeeded',
      'succeeded',
      'failed',
      'in_progress',
      'COMPLETED_WITH_ERRORS',
      'Done',
      'expired'
    ])
    const sentinel = next() < 0.15
    return {
      planetId: pick(PLANETS),
      status,
      ageMs: Math.floor(next() * 3 * DAY),
      ...(sentinel && { fields: { completedAt: '0001-01-01T00:00:00Z', startedAt: '0' } })
    }
  })
  const routes =
    operation === 'create' || operation === 'ensure'
      ? ['create', 'get', 'listPlanet']
      : operation === 'wait'
        ? ['get']
        : operation === 'prune'
          ? ['listPlanet', 'delete']
          : ['listStarSystem', 'listPlanet']
  const faults = Array.from({ length: Math.floor(next() * 3) }, (): FaultRule => {
    // Mostly on the route that acts, and mostly after acting: where a second backup comes from.
    const action = pick([
      'status',
      'status-after',
      'status-after',
      'drop-after',
      'drop-before',
      'delay',
      'broken-body'
    ] as const)
    return {
      route: (next() < 0.6 ? routes[0] : pick(routes)) as FaultRule['route'],
      action,
      status: pick([429, 408, 500, 502, 503, 504]),
      retryAfter: pick(['0', '1']),
      delayMs: Math.floor(next() * 1500),
      times: 1 + Math.floor(next() * 2),
      skip: Math.floor(next() * 2)
    }
  })
  const simulator: SimulatorOptions = {
    backupDurationMs: 300 + Math.floor(next() * 1200),
    listShape: pick(['array', 'backups', 'items'] as const),
    createAnswersWithoutBody: next() < 0.2,
    failingPlanets: next() < 0.2 ? { [planetId]: 'pg_dump: campaign failure' } : {}
  }
  const inputs: Record<string, string> = {
    waitTimeout: '20s',
    pollInterval: '1s',
    requestTimeout: '3s'
  }
  if (operation === 'create' || operation === 'ensure') inputs.planetId = planetId
  if (operation === 'prune')
    Object.assign(inputs, {
      planetId,
      nameFilter: '*',
      keepLast: pick(['1', '2']),
      ...(next() < 0.5 && { olderThan: '1d' })
    })
  if (operation === 'audit') inputs.planets = PLANETS.join(',')
  return { seed, operation, planetId, simulator, seeded, faults, inputs }
}

const viewIds = (simulator: Simulator): string[] =>
  simulator.list().map(backup => String(backup.id))
const planetOfView = (view: Record<string, unknown>): string =>
  String((view.environment as { name?: string } | undefined)?.name ?? '')

/** A succeeded backup whose time is plausible, as the action's own rules read it. */
const isGood = (view: Record<string, unknown>): boolean =>
  phaseOf({ status: String(view.status), errorMessage: String(view.errorMessage ?? '') }) ===
    'succeeded' && !String(view.completedAt).startsWith('0001')

/** The guarantees that hold whatever the scenario did; each broken one is named. */
function violations(
  scenario: Scenario,
  run: ActionRun,
  before: Array<Record<string, unknown>>,
  simulator: Simulator
): string[] {
  const found: string[] = []
  const visible = visibleText(run)
  for (const secret of [TOKEN, ...simulator.issuedTokens()])
    if (visible.includes(secret)) found.push('a secret is visible')
  if (run.exitCode !== 0 && run.errors.length === 0)
    found.push('a failing step left no error annotation')
  if (!run.summary.trim()) found.push('no job summary')
  const after = simulator.list()
  const made = viewIds(simulator).filter(id => !before.some(view => String(view.id) === id))
  const named = new Set([
    run.outputs.backupId,
    ...(JSON.parse(run.outputs.otherBackupIds || '[]') as string[])
  ])
  for (const id of made)
    if (!named.has(id)) found.push(`backup ${id} was made and is named nowhere`)
  if (made.length > 1 + (JSON.parse(run.outputs.otherBackupIds || '[]') as string[]).length)
    found.push('more backups than named')
  if ((scenario.operation === 'create' || scenario.operation === 'ensure') && run.exitCode === 0) {
    const backup = after.find(view => String(view.id) === run.outputs.backupId)
    const read = {
      status: String(backup?.status),
      errorMessage: String(backup?.errorMessage ?? '')
    }
    if (!backup || phaseOf(read) !== 'succeeded')
      found.push('a green step names no succeeded backup')
    else if (planetOfView(backup) !== scenario.planetId)
      found.push("a green step names another planet's backup")
  }
  if (scenario.operation === 'prune') found.push(...pruneViolations(scenario, before, after))
  if (scenario.operation === 'audit' || scenario.operation === 'wait') {
    const writes = simulator.requests.filter(
      request => request.route !== 'token' && request.method !== 'GET'
    )
    if (writes.length > 0)
      found.push(`${scenario.operation} sent ${writes.map(w => w.method).join(', ')}`)
  }
  return found
}

function pruneViolations(
  scenario: Scenario,
  before: Array<Record<string, unknown>>,
  after: Array<Record<string, unknown>>
): string[] {
  const found: string[] = []
  const gone = before.filter(view => !after.some(other => other.id === view.id))
  if (gone.some(view => planetOfView(view) !== scenario.planetId))
    found.push("prune deleted another planet's backup")
  const good = before.filter(view => planetOfView(view) === scenario.planetId && isGood(view))
  const newest = Math.max(...good.map(view => Date.parse(String(view.completedAt))))
  const newestOnes = good.filter(view => Date.parse(String(view.completedAt)) === newest)
  if (newestOnes.length > 0 && newestOnes.every(view => gone.includes(view)))
    found.push("prune deleted the planet's newest succeeded backup")
  return found
}

/** Runs one scenario; returns what it broke (empty when every guarantee held). */
export async function runScenario(scenario: Scenario): Promise<string[]> {
  const simulator = new Simulator({ tokens: [TOKEN], ...scenario.simulator })
  const baseUrl = await simulator.start()
  try {
    const seededIds = scenario.seeded.map(seed => simulator.seed(seed).id)
    const before = simulator.list()
    for (const fault of scenario.faults) simulator.addFault(fault)
    const inputs: Record<string, string> = {
      baseUrl,
      tenantId: 'acme',
      projectId: 'pc',
      accessToken: TOKEN,
      operation: scenario.operation,
      ...scenario.inputs
    }
    if (scenario.operation === 'wait') inputs.backupId = seededIds[0] ?? '1000'
    const run = await runAction({ inputs, debug: true, timeoutMs: 60_000 })
    if (process.env.CAMPAIGN_TRACE)
      console.log(
        scenario.seed,
        scenario.operation,
        run.exitCode,
        run.outputs.backupId,
        run.errors[0]?.slice(0, 120)
      )
    return violations(scenario, run, before, simulator)
  } finally {
    await simulator.stop()
  }
}

/** Runs `runs` scenarios from `seed` on; returns the failing ones. */
export async function campaign(
  runs: number,
  seed: number,
  log = console.log
): Promise<Array<{ scenario: Scenario; broken: string[] }>> {
  const failing: Array<{ scenario: Scenario; broken: string[] }> = []
  for (let i = 0; i < runs; i++) {
    const scenario = scenarioOf(seed + i)
    const broken = await runScenario(scenario)
    if (broken.length > 0) {
      failing.push({ scenario, broken })
      log(`FAIL seed ${scenario.seed}: ${broken.join('; ')}\n${JSON.stringify(scenario)}`)
    }
  }
  return failing
}

if (process.argv[1]?.endsWith('campaign.ts')) {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '100' }, seed: { type: 'string', default: '1' } }
  })
  const runs = Number(values.runs)
  const started = Date.now()
  const failing = await campaign(runs, Number(values.seed))
  console.log(
    `campaign: ${runs} runs from seed ${values.seed} in ${Math.round((Date.now() - started) / 1000)} s: ${failing.length} failed`
  )
  if (failing.length > 0) process.exitCode = 1
}
