/**
 * A spoofed or compromised endpoint, a second server on another port, another user of the tenant
 * who names a backup: what a server sends is data, never a command. One test per class of issue 9;
 * each fails against the bundle of commit b30142a (run with GWCP_ACTION_DIST=<its dist/>).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ActionRun } from '../../scripts/runner.js'
import { Simulator, TOKEN_PATH } from '../../simulator/server.js'
import {
  encodings,
  failure,
  startSimulator,
  TOKEN,
  act,
  clientCredentials
} from '../helpers/e2e.js'

let simulator: Simulator
let elsewhere: Simulator | undefined
afterEach(async () => {
  await simulator?.stop()
  await elsewhere?.stop()
  elsewhere = undefined
})

/** Lines of stdout that the runner would read as a workflow command, but for the masks. */
const commandLines = (run: ActionRun): string[] =>
  run.stdout
    .split('\n')
    .filter(line => /^\s*::/.test(line) || line.includes('##['))
    .filter(
      line =>
        !/^::(add-mask|debug|group|endgroup|set-output)::/.test(line) &&
        !/^::(error|warning)( title=[^:]*)?::/.test(line)
    )

/** A second server, as an attacker's, that records whatever reaches it. */
async function attackerServer(): Promise<Simulator> {
  elsewhere = new Simulator({ tokens: [] })
  await elsewhere.start()
  return elsewhere
}

describe('1. redirects carry no credential away', () => {
  it('a 307 from the token endpoint to another port is not followed: the secret stays home', async () => {
    simulator = await startSimulator()
    const attacker = await attackerServer()
    simulator.addFault({
      route: 'token',
      action: 'status',
      status: 307,
      headers: { Location: `${attacker.url}${TOKEN_PATH}` },
      body: {}
    })
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      operation: 'list',
      planetId: 'dev1'
    })

    expect(attacker.requests).toEqual([])
    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain(
      `HTTP 307 Temporary Redirect to ${attacker.url}: the action follows no redirect`
    )
    expect(simulator.count('token')).toBe(1)
  })

  it('a 308 from the API to another port of the same host gets no bearer token', async () => {
    simulator = await startSimulator()
    const attacker = await attackerServer()
    const seeded = simulator.seed({ planetId: 'dev1' })
    simulator.addFault({
      route: 'get',
      action: 'status',
      status: 308,
      headers: { Location: `${attacker.url}/api/v1/tenants/acme/starsystems/pc/backups/1` },
      body: {}
    })
    const run = await act(simulator, { operation: 'get', backupId: seeded.id })

    expect(attacker.requests).toEqual([])
    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain('HTTP 308 Permanent Redirect to http://127.0.0.1:')
    expect(simulator.count('get')).toBe(1)
  })
})

describe('2. server text starts no runner command', () => {
  it('statuses, names and error bodies with line breaks and :: stay text in the log', async () => {
    simulator = await startSimulator()
    const injected = 'in_progress\n::error::forged annotation\n::stop-commands::pwned\n##[error]old'
    const seeded = simulator.seed({ planetId: 'dev1', status: injected })
    simulator.addFault({
      route: 'get',
      action: 'status',
      status: 503,
      retryAfter: '0',
      body: { message: 'busy\n::add-mask::everything\n::warning::forged warning' }
    })
    const run = await act(simulator, { operation: 'get', backupId: seeded.id })

    expect(run.exitCode).toBe(0)
    expect(commandLines(run)).toEqual([])
    expect(run.errors).toEqual([])
    expect(run.warnings).toEqual(
      ['status', 'displayStatus'].map(
        name =>
          `Output "${name}" held characters other than letters, digits, commas and ._-: /+, or began with "-" (from the server): each is written as "_".`
      )
    )
    expect(run.stdout).not.toMatch(/^::(add-mask|stop-commands)::(everything|pwned)/m)
    // Shown, escaped, on one line.
    expect(run.stdout).toContain(
      `Backup ${seeded.id}: in_progress\\n::error::forged annotation\\n::stop-commands::pwned\\n##\\[error]old`
    )
    expect(run.outputs.status).toBe(
      'in_progress_::error::forged annotation_::stop-commands::pwned____error_old'
    )
  })
})

describe('3. server text adds no markup to the job summary', () => {
  it('names with HTML, links, images and line breaks are shown as text', async () => {
    simulator = await startSimulator()
    for (const name of [
      '<img src=x onerror=alert(1)>',
      '[click](javascript:alert(1))',
      '![beacon](https://evil.example/pixel.png)',
      '</details><script>alert(1)</script>',
      'two\n# lines'
    ]) {
      simulator.seed({ planetId: 'dev1', name })
    }
    const run = await act(simulator, { operation: 'list', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    for (const markup of ['<img', '<script', '</details><script']) {
      expect(run.summary).not.toContain(markup)
    }
    expect(run.summary).toContain('&lt;/details&gt;&lt;script&gt;')
    // A link or an image needs an unescaped ] ( or ![.
    expect(run.summary).not.toMatch(/(?<!\\)\]\(|(?<!\\)!(?<!\\)\[/)
    expect(run.summary).toContain('\\!\\[beacon\\](https\\://evil.example/…')
    expect(run.summary).not.toMatch(/^# lines/m)
    expect(run.summary).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(run.summary).toContain('two\\\\n\\# lines')
  })
})

describe('4. server ids build no URL the inputs could not', () => {
  it('prune sends no DELETE for ".", ".." or "a/b", warns once and never reports them deleted', async () => {
    simulator = await startSimulator()
    const DAY = 86_400_000
    void ['.', '..', 'a/b', '%2e%2e'].map(
      (id, i) => simulator.seed({ planetId: 'dev1', id, ageMs: (10 + i) * DAY }).id
    )
    simulator.seed({ planetId: 'dev1', ageMs: 2 * DAY })
    const usable = simulator.seed({ planetId: 'dev1', ageMs: 9 * DAY }).id
    const run = await act(simulator, {
      operation: 'prune',
      nameFilter: '*',
      planetId: 'dev1',
      olderThan: '1d'
    })

    expect(run.exitCode).toBe(0)
    const deletes = simulator.requests.filter(request => request.method === 'DELETE')
    expect(deletes.map(request => request.path)).toEqual([
      `/api/v1/tenants/acme/starsystems/pc/backups/${usable}`
    ])
    expect(JSON.parse(run.outputs.deletedIds)).toEqual([usable])
    expect(run.warnings).toHaveLength(1)
    expect(run.warnings[0]).toContain(
      `4 backup(s) of planet dev1 have an id the action neither acts on nor puts in an output`
    )
    // Counted in one line; the odd ids are in no table and no output.
    expect(run.summary).toContain('4 not touched — id not usable')
  })
})

describe('5. sizes: answers, outputs and the summary are capped', () => {
  it('an answer over 32 MiB fails at once, without a retry, with an annotation and a summary', async () => {
    simulator = await startSimulator()
    simulator.addFault({ route: 'get', action: 'huge-body', bytes: 40 * 1024 * 1024 })
    const run = await act(simulator, { operation: 'get', backupId: '1000' })

    expect(run.exitCode).toBe(1)
    expect(simulator.count('get')).toBe(1)
    expect(failure(run)).toBe(
      'Could not get backup 1000 in star system pc: the answer is larger than 32 MiB, the most the action reads'
    )
    expect(run.stderr).toBe('')
    expect(run.summary).toContain('### ❌ GWCP get of backup 1000 failed')
  })

  const utf16OrUtf8 = (outputs: Record<string, string>): number =>
    Object.entries(outputs).reduce(
      (sum, [name, value]) =>
        sum + Math.max(2 * (name + value).length, Buffer.byteLength(name + value)),
      0
    )

  it('3,000 backups with non-Latin names: the outputs stay under 1 MB, counted as GitHub does', async () => {
    simulator = await startSimulator()
    for (let i = 0; i < 3000; i++) {
      simulator.seed({
        planetId: 'dev1',
        ageMs: i * 60_000,
        name: `東京のバックアップ-${i}-${'夜'.repeat(40)}`
      })
    }
    const run = await act(simulator, { operation: 'list', planetId: 'dev1' })

    expect(run.exitCode).toBe(0)
    expect(run.outputs.count).toBe('3000')
    expect(utf16OrUtf8(run.outputs)).toBeLessThan(1_000_000)
    expect(run.warnings.join('\n')).toMatch(
      /The "backups" output holds the newest \d+ of the 3000 backups of planet dev1, whole; the \d+ oldest are left out/
    )
    // Whole items, as the API sent them: a workflow's fromJSON(…)[0].metadata.name still works.
    const [first] = JSON.parse(run.outputs.backups) as Array<{ metadata: { name: string } }>
    expect(first.metadata.name).toEqual(expect.any(String))
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024)
  })

  it('a 5 MB backup object does not go whole into the backup output', async () => {
    simulator = await startSimulator()
    const seeded = simulator.seed({
      planetId: 'dev1',
      fields: { databaseToApplicationBuilds: { padding: 'x'.repeat(5_000_000) } }
    })
    const run = await act(simulator, { operation: 'get', backupId: seeded.id })

    expect(run.exitCode).toBe(0)
    expect(utf16OrUtf8(run.outputs)).toBeLessThan(1_000_000)
    // Left empty, never reshaped: a workflow reading backup.metadata.name gets nothing, not a lie.
    expect(run.outputs.backup).toBe('')
    expect(run.outputs).toMatchObject({ backupId: seeded.id, status: 'succeeded' })
    expect(run.warnings.join('\n')).toContain('Output "backup" is left empty')
  })
})

describe('every failure ends in one error annotation and a summary, never a stack trace', () => {
  it('an output file the runner cannot write (an unexpected exception)', async () => {
    simulator = await startSimulator()
    const seeded = simulator.seed({ planetId: 'dev1' })
    const run = await act(
      simulator,
      { operation: 'get', backupId: seeded.id },
      { env: { GITHUB_OUTPUT: '/nonexistent-dir/output' } }
    )

    expect(run.exitCode).toBe(1)
    expect(run.errors).toHaveLength(1)
    expect(run.errors[0]).toContain('/nonexistent-dir/output')
    expect(run.stderr).toBe('')
    expect(run.stdout).not.toMatch(/^\s+at /m)
    expect(run.summary).toMatch(/^### ❌ GWCP get of backup \d+ failed/)
  })
})

describe('6. secrets are scrubbed before anything is cut, in every form the action makes', () => {
  it('a token that straddles the 300-character cut of an error body shows no part of itself', async () => {
    simulator = await startSimulator()
    simulator.addFault({
      route: 'get',
      action: 'status',
      status: 404,
      body: `${'x'.repeat(290)}${TOKEN} end`
    })
    const run = await act(simulator, { operation: 'get', backupId: '1000' })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain('xxx***')
    expect(failure(run)).not.toContain(TOKEN.slice(0, 6))
  })

  it('a client secret echoed back form-encoded by the token endpoint is scrubbed', async () => {
    simulator = await startSimulator({ echoRequests: true })
    const secret = 'p@ss w/rd+&=?"é'
    const run = await act(simulator, {
      ...clientCredentials(simulator),
      clientSecret: secret,
      operation: 'list',
      planetId: 'dev1'
    })

    expect(run.exitCode).toBe(1)
    expect(failure(run)).toContain('invalid_client')
    expect(failure(run)).toContain('client_secret=***')
    const visible = [run.stdout.replace(/^::add-mask::.*$/gm, ''), run.summary].join('\n')
    for (const form of encodings(secret)) expect(visible).not.toContain(form)
  })
})

describe('7. mixed schemes', () => {
  let dir: string
  let tls: { key: string; cert: string; ca: string }
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gwcp-ca-'))
    const openssl = (...args: string[]): void =>
      void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' })
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '1',
      '-subj',
      '/CN=gwcp throwaway test CA'
    )
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=localhost'
    )
    writeFileSync(
      join(dir, 'ext.cnf'),
      'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n'
    )
    openssl(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.pem',
      '-days',
      '1',
      '-extfile',
      'ext.cnf'
    )
    const read = (file: string): string => readFileSync(join(dir, file), 'utf8')
    tls = { key: read('server.key'), cert: read('server.pem'), ca: join(dir, 'ca.pem') }
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('an https token URL (private CA) with an http base URL works', async () => {
    simulator = await startSimulator({ backupDurationMs: 500 })
    await simulator.startTls(tls)
    const run = await act(
      simulator,
      {
        ...clientCredentials(simulator, `${simulator.tlsUrl}${TOKEN_PATH}`),
        operation: 'create',
        planetId: 'dev1'
      },
      { env: { NODE_EXTRA_CA_CERTS: tls.ca } }
    )

    expect(failure(run)).toBe('')
    expect(run.exitCode).toBe(0)
    expect(simulator.count('token')).toBe(1)
    expect(run.outputs.status).toBe('succeeded')
  })
})
