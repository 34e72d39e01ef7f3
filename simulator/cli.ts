/**
 * npm run simulator -- [--port 8080] [--faults faults.json] [--backup-seconds 5]
 *                      [--token sim-token] [--client id:secret] [--fail-planet uat]
 *                      [--token-seconds 3600] [--health UP|DOWN|absent] [--quiet]
 *                      [--tenant acme] [--star-system pc] [--planets dev1,dev2,qa,uat]
 *                      [--stale-planet qa]
 * Only the tenant, star system and planets given exist (others are answered 404, as the real API
 * answers a typo); `--planets '*'` lets every tenant, star system and planet exist.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { Simulator, type FaultRule } from './server.js'

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    faults: { type: 'string' },
    'backup-seconds': { type: 'string', default: '5' },
    token: { type: 'string', default: 'sim-token' },
    client: { type: 'string', default: 'sim-client:sim-secret' },
    'fail-planet': { type: 'string', multiple: true, default: [] },
    'token-seconds': { type: 'string', default: '3600' },
    health: { type: 'string', default: 'UP' },
    quiet: { type: 'boolean', default: false },
    tenant: { type: 'string', default: 'acme' },
    'star-system': { type: 'string', default: 'pc' },
    planets: { type: 'string', default: 'dev1,dev2,qa,uat' },
    'stale-planet': { type: 'string', multiple: true, default: [] }
  }
})

const health = values.health as 'UP' | 'DOWN' | 'absent'
if (!['UP', 'DOWN', 'absent'].includes(health)) {
  console.error(`--health is "${values.health}": use UP, DOWN or absent`)
  process.exit(2)
}
const [clientId, clientSecret] = (values.client ?? '').split(':')
const simulator = new Simulator({
  tokens: [values.token ?? 'sim-token'],
  clients: [
    {
      clientId,
      clientSecret,
      scopes: ['tenant.*', 'gcc.deployments.read', 'gcc.deployments.write']
    }
  ],
  backupDurationMs: Number(values['backup-seconds']) * 1000,
  tokenLifetimeSeconds: Number(values['token-seconds']),
  failingPlanets: Object.fromEntries(
    (values['fail-planet'] ?? []).map(planet => [
      planet,
      'Simulated failure: pg_dump exited with code 1'
    ])
  ),
  health,
  known:
    values.planets === '*'
      ? undefined
      : {
          tenantId: values.tenant ?? 'acme',
          projectId: values['star-system'] ?? 'pc',
          planets: (values.planets ?? '').split(',').map(planet => planet.trim())
        },
  log: values.quiet ? undefined : line => console.log(line),
  faults: values.faults ? (JSON.parse(readFileSync(values.faults, 'utf8')) as FaultRule[]) : []
})

const url = await simulator.start(Number(values.port)).catch((error: NodeJS.ErrnoException) => {
  if (error.code !== 'EADDRINUSE') throw error
  console.error(
    `Port ${values.port} is in use: start the simulator on another with --port <number> ` +
      '(and change the port in INPUT_BASEURL and INPUT_TOKENURL of .env).'
  )
  process.exit(2)
})
console.log(`GWCP Database API simulator on ${url}
  baseUrl:     ${url}
  accessToken: ${values.token}
  tokenUrl:    ${simulator.tokenUrl}  (clientId ${clientId}, clientSecret ${clientSecret})
  tenant ${values.tenant}, star system ${values['star-system']}, planets ${values.planets}${values.planets === '*' ? ' (any)' : ' (others: 404)'}
Backups take ${values['backup-seconds']}s. Each request is logged (--quiet: none). Ctrl-C stops it.`)

// A stale planet: its only backup succeeded two days ago, so `audit` (maxAge 24h) fails on it.
for (const planetId of values['stale-planet'] ?? []) {
  simulator.seed({
    planetId,
    name: `nightly-${planetId}`,
    ageMs: 2 * 86_400_000,
    type: 'permanent'
  })
}

const stop = (): void => void simulator.stop().then(() => process.exit(0))
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
