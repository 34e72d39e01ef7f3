/**
 * npm run demo [-- --client-credentials]
 * Starts the simulator on a free port and runs the bundled action as the runner does, every
 * operation once: create (and wait) → ensure (reuses it) → list → get → wait → prune (dry run) →
 * audit → delete → check, printing each step's outputs — and, failing on purpose, an audit that
 * finds planet uat stale and a check of a planet that does not exist, which the simulator answers
 * 404 as the real API answers a typo.
 */
import { Simulator } from '../simulator/server.js'
import { runAction } from './runner.js'

const useClientCredentials = process.argv.includes('--client-credentials')
const simulator = new Simulator({
  backupDurationMs: 3000,
  known: { tenantId: 'acme', projectId: 'pc', planets: ['dev1', 'dev2', 'uat'] },
  clients: [
    {
      clientId: 'demo-client',
      clientSecret: 'demo-secret',
      scopes: ['tenant.acme', 'gcc.deployments.read', 'gcc.deployments.write']
    }
  ]
})
const baseUrl = await simulator.start()
// Two older nightly backups, so that prune has something it would delete.
for (const days of [3, 5]) {
  simulator.seed({ planetId: 'dev1', name: `nightly-${days}d`, ageMs: days * 86_400_000 })
}
// A planet whose newest good backup is two days old: the second audit finds it stale.
simulator.seed({ planetId: 'uat', name: 'nightly-uat', ageMs: 2 * 86_400_000 })
const auth: Record<string, string> = useClientCredentials
  ? { clientId: 'demo-client', clientSecret: 'demo-secret', tokenUrl: simulator.tokenUrl }
  : { accessToken: 'sim-token' }
const common = { baseUrl, tenantId: 'acme', projectId: 'pc', ...auth }
console.log(
  `Simulator on ${baseUrl}; authenticating with ${useClientCredentials ? 'client credentials' : 'a bearer token'}\n`
)

let failed = false
async function step(
  title: string,
  inputs: Record<string, string>,
  expected: 'success' | 'failure' = 'success'
): Promise<Record<string, string>> {
  console.log(`── ${title}`)
  const run = await runAction({ inputs: { ...common, ...inputs } })
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('::group::')) console.log(`   ▸ ${line.slice('::group::'.length)}`)
    else if (line && !line.startsWith('::')) console.log(`   │ ${line}`)
  }
  for (const error of run.errors) console.log(`   │ error: ${error}`)
  console.log(`   exit code ${run.exitCode} after ${run.durationMs} ms; outputs:`)
  for (const [name, value] of Object.entries(run.outputs)) {
    console.log(`     ${name} = ${value.length > 160 ? `${value.slice(0, 160)}…` : value}`)
  }
  console.log()
  if ((run.exitCode === 0) !== (expected === 'success')) failed = true
  return run.outputs
}

try {
  const created = await step('create a backup of planet dev1 and wait until it has succeeded', {
    operation: 'create',
    planetId: 'dev1',
    retentionPeriodInDays: '3'
  })
  await step('ensure a backup of dev1 from the last hour (reuses the one just made)', {
    operation: 'ensure',
    planetId: 'dev1',
    maxAge: '1h'
  })
  await step('list the backups of planet dev1', { operation: 'list', planetId: 'dev1' })
  await step(`get backup ${created.backupId}`, { operation: 'get', backupId: created.backupId })
  await step(`wait for backup ${created.backupId} (already done)`, {
    operation: 'wait',
    backupId: created.backupId
  })
  await step(
    'prune dev1: beyond the 2 newest and older than 2 days (dry run: nothing is deleted)',
    {
      operation: 'prune',
      planetId: 'dev1',
      keepLast: '2',
      olderThan: '2d',
      dryRun: 'true'
    }
  )
  await step('audit planet dev1: a good backup within 24h (read only)', {
    operation: 'audit',
    planets: 'dev1'
  })
  await step(
    'audit planets dev1 and uat: uat is stale, so the step fails as it should',
    { operation: 'audit', planets: 'dev1,uat' },
    'failure'
  )
  await step(`delete backup ${created.backupId}`, {
    operation: 'delete',
    backupId: created.backupId
  })
  await step('check the setup: health, credentials and access, changing nothing', {
    operation: 'check',
    planetId: 'dev1'
  })
  await step(
    'check planet dev9, which does not exist (a typo): not ready, and the step fails as it should',
    { operation: 'check', planetId: 'dev9' },
    'failure'
  )
  console.log(`The simulator now holds ${simulator.list().length} backup(s).`)
} finally {
  await simulator.stop()
}
if (failed) {
  console.error('A step failed.')
  process.exitCode = 1
} else {
  console.log(
    'Demo done: every operation ran, the setup check says ready, a stale planet fails the audit, and a typo in planetId is caught.'
  )
}
