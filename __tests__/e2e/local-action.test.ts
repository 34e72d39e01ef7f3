/**
 * `cp .env.example .env && npm run local-action` against the simulator: GitHub's own local runner
 * (@github/local-action) runs src/main.ts with the inputs of .env.example. Here the simulator
 * listens on a free port, so the example's 8080 is swapped for it.
 */
import { afterEach, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ROOT } from '../../scripts/action-yml.js'
import { Simulator } from '../../simulator/server.js'

let simulator: Simulator
let dir: string
afterEach(async () => {
  await simulator?.stop()
  rmSync(dir, { recursive: true, force: true })
})

it('runs the action from .env.example with the simulator’s default credentials', async () => {
  // The simulator's defaults, as `npm run simulator` starts it.
  simulator = new Simulator({
    tokens: ['sim-token'],
    clients: [
      {
        clientId: 'sim-client',
        clientSecret: 'sim-secret',
        scopes: ['tenant.*', 'gcc.deployments.read', 'gcc.deployments.write']
      }
    ]
  })
  const url = await simulator.start()
  dir = mkdtempSync(join(tmpdir(), 'gwcp-local-action-'))
  const env = join(dir, '.env')
  writeFileSync(
    env,
    readFileSync(join(ROOT, '.env.example'), 'utf8').replaceAll('http://127.0.0.1:8080', url)
  )
  const { stdout } = await promisify(execFile)(
    join(ROOT, 'node_modules', '.bin', 'local-action'),
    ['run', ROOT, 'src/main.ts', env],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: dir }, timeout: 90_000 }
  )

  expect(stdout).toContain('::set-output name=ready::true')
  expect(stdout).toContain('✅ access to planet dev1')
  expect(simulator.count('token')).toBe(1)
  expect(simulator.count('listPlanet')).toBe(1)
})
