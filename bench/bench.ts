/**
 * npm run bench [-- --quick]
 * What users feel, measured against baselines in one run on this machine, as ratios: cold start,
 * bundle size, lateness after success, prune at scale, big lists. Prints a table and writes
 * bench/results.json (bench/results.quick.json with --quick, which uses small sizes and enforces no
 * goal: CI runs it so that the benchmark cannot rot).
 */
import { execFileSync } from 'node:child_process'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkDelayMs } from '../src/poll-schedule.js'
import { ROOT } from '../scripts/action-yml.js'
import { REPOSITORY_ID, runAction } from '../scripts/runner.js'
import { Simulator } from '../simulator/server.js'

const quick = process.argv.includes('--quick')
const TOKEN = 'bench-token'
const common = (simulator: Simulator): Record<string, string> => ({
  baseUrl: simulator.url,
  accessToken: TOKEN,
  tenantId: 'acme',
  projectId: 'pc'
})

interface Figure {
  figure: string
  baseline: string
  ours: string
  ratio: string
  goal: string
  met: boolean
  values: Record<string, number>
}
const figures: Figure[] = []

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const ms = (value: number): string => `${value.toFixed(0)} ms`

/** The floor bundle: bench/floor.mjs built by ncc, minified, as the action is. */
function buildFloor(): string {
  const out = mkdtempSync(join(tmpdir(), 'gwcp-floor-'))
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'ncc'),
    ['build', join(ROOT, 'bench', 'floor.mjs'), '--out', out, '--minify', '--quiet'],
    { stdio: 'inherit' }
  )
  return join(out, 'index.mjs')
}

/**
 * Cold start of a `get`, each side started the way the runner starts the action — the same
 * minimal environment, the same inputs — with or without NODE_EXTRA_CA_CERTS (which makes node
 * load extra certificates at start, as on many self-hosted runners): bare node, the floor of the
 * stack (@actions/core and @actions/http-client alone doing the same GET), and the action,
 * interleaved, medians.
 */
async function coldStart(floorEntry: string, extraCaCerts: string | undefined): Promise<void> {
  const simulator = new Simulator({ tokens: [TOKEN] })
  await simulator.start()
  const backup = simulator.seed({ planetId: 'dev1' })
  const inputs = { ...common(simulator), operation: 'get', backupId: backup.id }
  const env: Record<string, string> = extraCaCerts ? { NODE_EXTRA_CA_CERTS: extraCaCerts } : {}
  const runs = quick ? 5 : 21
  const times = { node: [] as number[], floor: [] as number[], ours: [] as number[] }
  const entries = { node: join(ROOT, 'bench', 'empty.mjs'), floor: floorEntry, ours: undefined }
  for (let i = 0; i < runs; i++) {
    for (const side of ['node', 'floor', 'ours'] as const) {
      const run = await runAction({ inputs, env, entry: entries[side] })
      if (run.exitCode !== 0) throw new Error(`${side} failed: ${run.stdout}${run.stderr}`)
      if (side !== 'node' && !run.outputs.status) throw new Error(`${side} set no status output`)
      times[side].push(run.durationMs)
    }
  }
  await simulator.stop()
  const [node, floor, ours] = [median(times.node), median(times.floor), median(times.ours)]
  const ratio = ours / floor
  figures.push({
    figure: `cold start: get, ${extraCaCerts ? 'with' : 'without'} NODE_EXTRA_CA_CERTS, median of ${runs}`,
    baseline: `node ${ms(node)}; core + http-client floor ${ms(floor)}`,
    ours: `${ms(ours)} (${(ours / node).toFixed(2)} × node)`,
    ratio: `${ratio.toFixed(2)} × floor`,
    goal: '≤ 1.15 × floor',
    met: ratio <= 1.15,
    values: {
      nodeMs: node,
      floorMs: floor,
      oursMs: ours,
      ratio,
      extraCaCerts: extraCaCerts ? 1 : 0
    }
  })
}

function bundleSize(): void {
  const dist = join(ROOT, 'dist')
  const bytes = readdirSync(dist)
    .filter(file => file.endsWith('.js'))
    .reduce((sum, file) => sum + statSync(join(dist, file)).size, 0)
  figures.push({
    figure: 'bundle: dist/*.js',
    baseline: '–',
    ours: `${(bytes / 1e6).toFixed(3)} MB`,
    ratio: `${(bytes / 1e6).toFixed(2)} × goal`,
    goal: '≤ 1.0 MB',
    met: bytes <= 1_000_000,
    values: { bytes }
  })
}

async function lateness(): Promise<void> {
  const durationMs = 3000
  const simulator = new Simulator({ tokens: [TOKEN], backupDurationMs: durationMs })
  await simulator.start()
  const run = await runAction({
    inputs: { ...common(simulator), operation: 'create', planetId: 'dev1' }
  })
  if (run.exitCode !== 0) throw new Error(`create failed: ${run.stdout}`)
  const id = run.outputs.backupId
  const reached = simulator.succeededAt(id) ?? 0
  const gets = simulator.requests.filter(r => r.route === 'get')
  const seen = gets.find(r => r.at >= reached)?.at ?? Number.NaN
  await simulator.stop()
  const late = seen - reached
  // A fixed 10 s loop is fully determined by its schedule: first check at 10 s.
  const fixedLate = Math.ceil(durationMs / 10_000) * 10_000 - durationMs
  figures.push({
    figure: 'lateness after success: 3 s backup',
    baseline: `fixed 10 s loop: ${ms(fixedLate)} late, ${Math.ceil(durationMs / 10_000)} GET`,
    ours: `${ms(late)} late, ${gets.length} GETs`,
    ratio: `${(late / fixedLate).toFixed(2)} × loop`,
    goal: '≤ 1000 ms late, ≤ 8 GETs',
    met: late <= 1000 && gets.length <= 8,
    values: { lateMs: late, gets: gets.length, baselineLateMs: fixedLate }
  })

  // A 10-minute backup, from the schedule itself (the same function the action runs).
  const tenMinutes = 600_000
  let t = 0
  let checks = 0
  while (t < tenMinutes) t += checkDelayMs(checks++, 30_000)
  figures.push({
    figure: 'lateness after success: 10 min backup',
    baseline: `fixed 10 s loop: 0 ms late, ${tenMinutes / 10_000} GETs`,
    ours: `${ms(t - tenMinutes)} late, ${checks} GETs`,
    ratio: `${(checks / (tenMinutes / 10_000)).toFixed(2)} × loop GETs`,
    goal: '≤ 40 GETs',
    met: checks <= 40,
    values: { lateMs: t - tenMinutes, gets: checks }
  })
}

async function seedForPrune(total: number, latencyMs: number): Promise<Simulator> {
  const simulator = new Simulator({ tokens: [TOKEN], latencyMs })
  await simulator.start()
  // Named as this repository's workflows name them: the default name rule manages them all.
  for (let i = 0; i < total; i++) {
    const name = `gha-${REPOSITORY_ID}-acme-policycenter-${i}-1-nightly-backup-dev1-b${i}`
    simulator.seed({ planetId: 'dev1', ageMs: (i + 1) * 60_000, name })
  }
  return simulator
}

/** The loop a user would write: list, then DELETE one by one over one keep-alive connection. */
async function sequentialPrune(simulator: Simulator, keep: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const call = (method: string, path: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = request(
        `${simulator.url}/api/v1/tenants/acme/starsystems/pc/${path}`,
        {
          method,
          agent,
          headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' }
        },
        res => {
          let text = ''
          res.on('data', chunk => (text += chunk))
          res.on('end', () => resolve(text))
        }
      )
      req.on('error', reject)
      req.end()
    })
  const started = process.hrtime.bigint()
  const backups = JSON.parse(await call('GET', 'planets/dev1/backups')) as Array<{
    id: number
    completedAt: string
  }>
  backups.sort((a, b) => Date.parse(b.completedAt) - Date.parse(a.completedAt))
  for (const backup of backups.slice(keep)) await call('DELETE', `backups/${backup.id}`)
  agent.destroy()
  return Number(process.hrtime.bigint() - started) / 1e6
}

async function pruneAtScale(): Promise<void> {
  const total = quick ? 200 : 2000
  const keep = total / 2
  const baselineSimulator = await seedForPrune(total, 20)
  const baselineMs = await sequentialPrune(baselineSimulator, keep)
  await baselineSimulator.stop()

  const simulator = await seedForPrune(total, 20)
  const run = await runAction({
    inputs: { ...common(simulator), operation: 'prune', planetId: 'dev1', keepLast: String(keep) }
  })
  if (run.exitCode !== 0) throw new Error(`prune failed: ${run.stdout}`)
  const left = simulator.list().length
  const peak = simulator.peakInFlight
  await simulator.stop()
  const speedup = baselineMs / run.durationMs
  figures.push({
    figure: `prune ${total} → keepLast ${keep}, 20 ms latency`,
    baseline: `sequential loop ${ms(baselineMs)}`,
    ours: `${ms(run.durationMs)}, peak in flight ${peak}, ${left} left`,
    ratio: `${speedup.toFixed(1)} × faster`,
    goal: '≥ 6 × faster, peak ≤ 8, exactly half left',
    met: speedup >= 6 && peak <= 8 && left === keep,
    values: { baselineMs, oursMs: run.durationMs, speedup, peakInFlight: peak, left }
  })
}

async function bigList(): Promise<void> {
  const total = quick ? 1000 : 10_000
  const simulator = new Simulator({ tokens: [TOKEN] })
  await simulator.start()
  for (let i = 0; i < total; i++) {
    simulator.seed({ planetId: `planet${i % 20}`, ageMs: (i + 1) * 60_000, name: `nightly-${i}` })
  }
  const probe = join(mkdtempSync(join(tmpdir(), 'gwcp-bench-')), 'rss')
  const run = await runAction({
    inputs: { ...common(simulator), operation: 'list' },
    nodeArgs: ['--import', join(ROOT, 'bench', 'rss-probe.mjs')],
    env: { RSS_PROBE_FILE: probe }
  })
  await simulator.stop()
  if (run.exitCode !== 0) throw new Error(`list failed: ${run.stdout}`)
  const rssMb = Number(readFileSync(probe, 'utf8')) / 1e6
  const summaryKb = Buffer.byteLength(run.summary) / 1000
  figures.push({
    figure: `list ${total} backups`,
    baseline: '–',
    ours: `${ms(run.durationMs)}, peak RSS ${rssMb.toFixed(0)} MB, summary ${summaryKb.toFixed(0)} kB`,
    ratio: `${(rssMb / 150).toFixed(2)} × goal RSS`,
    goal: '≤ 150 MB RSS, summary ≤ 100 kB',
    met: rssMb <= 150 && summaryKb <= 100,
    values: { ms: run.durationMs, rssMb, summaryKb, count: Number(run.outputs.count) }
  })
}

/** A star-system list of `total` backups: on one planet, or each on its own; medians of runs. */
async function listOf(total: number, planets: 'one' | 'each', runs: number): Promise<number> {
  const simulator = new Simulator({ tokens: [TOKEN] })
  await simulator.start()
  for (let i = 0; i < total; i++) {
    const planetId = planets === 'one' ? 'dev1' : `planet${i}`
    simulator.seed({ planetId, ageMs: (i + 1) * 1000, name: `nightly-${i}` })
  }
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const run = await runAction({ inputs: { ...common(simulator), operation: 'list' } })
    if (run.exitCode !== 0) throw new Error(`list failed: ${run.stdout}`)
    times.push(run.durationMs)
  }
  await simulator.stop()
  return median(times)
}

/** Grouping by planet is linear: all backups on one planet cost what they cost on many. */
async function linearList(): Promise<void> {
  const total = quick ? 3000 : 30_000
  const runs = quick ? 1 : 3
  const many = await listOf(total, 'each', runs)
  const one = await listOf(total, 'one', runs)
  const ratio = one / many
  figures.push({
    figure: `list ${total} backups: all on one planet vs each on its own, median of ${runs}`,
    baseline: `${total} planets ${ms(many)}`,
    ours: `one planet ${ms(one)}`,
    ratio: `${ratio.toFixed(2)} ×`,
    goal: '≤ 1.3 ×',
    met: ratio <= 1.3,
    values: { onePlanetMs: one, manyPlanetsMs: many, ratio }
  })
}

/** audit costs what list costs: the same one list, one verdict per planet. */
async function auditCost(): Promise<void> {
  const total = quick ? 1000 : 10_000
  const runs = quick ? 1 : 5
  const simulator = new Simulator({ tokens: [TOKEN] })
  await simulator.start()
  for (let i = 0; i < total; i++) {
    simulator.seed({ planetId: `planet${i % 100}`, ageMs: (i + 1) * 60_000, type: 'permanent' })
  }
  const times = { list: [] as number[], audit: [] as number[] }
  for (let i = 0; i < runs; i++) {
    for (const operation of ['list', 'audit'] as const) {
      const run = await runAction({ inputs: { ...common(simulator), operation } })
      if (run.exitCode !== 0) throw new Error(`${operation} failed: ${run.stdout}`)
      times[operation].push(run.durationMs)
    }
  }
  await simulator.stop()
  const [list, audit] = [median(times.list), median(times.audit)]
  const ratio = audit / list
  figures.push({
    figure: `audit ${total} backups over 100 planets vs list, median of ${runs}`,
    baseline: `list ${ms(list)}`,
    ours: `audit ${ms(audit)}`,
    ratio: `${ratio.toFixed(2)} × list`,
    goal: '≤ 1.3 × list',
    met: ratio <= 1.3,
    values: { listMs: list, auditMs: audit, ratio }
  })
}

const floorEntry = buildFloor()
const machineCerts = process.env.NODE_EXTRA_CA_CERTS || '/etc/ssl/certs/ca-certificates.crt'
await coldStart(floorEntry, undefined)
if (existsSync(machineCerts)) await coldStart(floorEntry, machineCerts)
bundleSize()
await lateness()
await pruneAtScale()
await bigList()
await linearList()
await auditCost()

const header = ['figure', 'baseline', 'ours', 'ratio', 'goal', 'met?']
const rows = figures.map(f => [f.figure, f.baseline, f.ours, f.ratio, f.goal, f.met ? 'yes' : 'NO'])
const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i].length)))
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i])).join(' | ')
console.log(
  `\nbenchmark${quick ? ' (quick: small sizes, goals not enforced)' : ''}, node ${process.version}`
)
console.log(line(header))
console.log(widths.map(w => '-'.repeat(w)).join('-|-'))
for (const row of rows) console.log(line(row))
writeFileSync(
  join(ROOT, 'bench', quick ? 'results.quick.json' : 'results.json'),
  `${JSON.stringify({ quick, node: process.version, date: new Date().toISOString(), figures }, null, 2)}\n`
)
const missed = figures.filter(f => !f.met)
if (!quick && missed.length > 0) {
  console.error(`\n${missed.length} goal(s) not met: ${missed.map(f => f.figure).join('; ')}`)
  process.exitCode = 1
}
