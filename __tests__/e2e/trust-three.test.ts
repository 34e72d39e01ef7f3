import { afterEach, describe, expect, it } from '@jest/globals'
import { visibleText } from '../../scripts/runner.js'
import type { Simulator } from '../../simulator/server.js'
import { act, startSimulator, TOKEN } from '../helpers/e2e.js'

const HOUR = 3_600_000
let simulator: Simulator
afterEach(async () => simulator?.stop())

/** Every run of 8 characters of `secret` that `text` shows. */
function partsShown(text: string, secret: string): string[] {
  return Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8)).filter(run =>
    text.includes(run)
  )
}

const jsonEscaped = (text: string): string =>
  [...text].map(char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')

describe('1. redaction at every edge', () => {
  it('a \\u-escaped token echoed in names, messages and statuses shows no 8 characters of it', async () => {
    simulator = await startSimulator()
    const echoed = (pad: number): string => `${'p'.repeat(pad)}${jsonEscaped(TOKEN)}`
    const items = Array.from({ length: 40 }, (_, pad) => ({
      id: 2000 + pad,
      status: `succeeded ${echoed(pad)}`,
      errorMessage: `${'m'.repeat(140)}${echoed(pad)}`,
      metadata: { name: echoed(pad) },
      environment: { name: 'dev1' },
      completedAt: new Date(Date.now() - (pad + 1) * HOUR).toISOString()
    }))
    const rawBody = JSON.stringify(items).replace(/\\\\u/g, '\\u')
    simulator.addFault({ route: 'listPlanet', action: 'status', status: 200, rawBody })
    const run = await act(simulator, { operation: 'list', planetId: 'dev1' }, { debug: true })

    expect(run.exitCode).toBe(0)
    expect(rawBody).toContain('\\u0073\\u0069\\u006d')
    expect(partsShown(visibleText(run), TOKEN)).toEqual([])
    expect(run.summary).toContain('\\*\\*\\*')
  })
})

describe('2. every invisible character shows as an escape', () => {
  const classes: Array<[string, string, string]> = [
    ['a tag character', '\u{E0041}', '\\u{e0041}'],
    ['U+206A (inhibit symmetric swapping)', '\u206A', '\\u206a'],
    ['U+FFF9 (interlinear annotation)', '\uFFF9', '\\ufff9'],
    ['U+180E (Mongolian vowel separator)', '\u180E', '\\u180e'],
    ['U+034F (combining grapheme joiner)', '\u034F', '\\u034f'],
    ['a Hangul filler, U+3164', '\u3164', '\\u3164'],
    ['a Hangul filler, U+115F', '\u115F', '\\u115f'],
    ['a variation selector, U+FE0F', '\uFE0F', '\\ufe0f'],
    ['U+2800 (braille blank)', '\u2800', '\\u2800'],
    ['a no-break space', '\u00A0', '\\u00a0']
  ]

  it.each(classes)('%s, in a status and a name, in log and summary', async (_, char, escape) => {
    simulator = await startSimulator()
    const id = simulator.seed({
      planetId: 'dev1',
      ageMs: HOUR,
      fields: { status: `pend${char}ing`, metadata: { name: `night${char}ly` } }
    }).id
    const run = await act(simulator, { operation: 'get', backupId: id })

    // The action's own ⚠️ mark holds U+FE0F: it is markup, not server text.
    const shown = [run.stdout, run.summary].join('\n').replaceAll('⚠️', '')
    expect(shown.includes(char)).toBe(false)
    expect(run.summary).toContain(`pend${escape}ing`)
    expect(run.stdout).toContain(`pend${escape}ing`)
  })
})

describe('3. no id and no scalar output starts an option', () => {
  it('a status that begins with "-" is written with "_", and an id "--delete-all" is never latest', async () => {
    simulator = await startSimulator()
    simulator.seed({ planetId: 'dev1', id: '--delete-all', ageMs: 60_000 })
    const older = simulator.seed({ planetId: 'dev1', ageMs: 2 * HOUR }).id
    const listed = await act(simulator, { operation: 'list', planetId: 'dev1' })
    expect(listed.outputs.latestBackupId).toBe(older)
    expect(listed.summary).toContain('1 not touched — id not usable')

    const id = simulator.seed({ planetId: 'dev1', ageMs: HOUR, fields: { status: '-rf' } }).id
    const got = await act(simulator, { operation: 'get', backupId: id })
    expect(got.outputs.status).toBe('_rf')
    for (const run of [listed, got]) {
      const scalars = Object.entries(run.outputs).filter(([, value]) => !/^[[{]/.test(value))
      expect(scalars.filter(([, value]) => value.startsWith('-'))).toEqual([])
    }
  })
})

describe('5. a huge star system keeps its overview', () => {
  it('a list of 15,000 planets keeps at least 10 rows of each table and stays under 1 MB', async () => {
    simulator = await startSimulator({
      known: { tenantId: 'acme', projectId: 'pc', planets: ['*'] }
    })
    for (let i = 0; i < 15_000; i++)
      simulator.seed({ planetId: `planet-${i}`, ageMs: (i + 1) * 1000 })
    const run = await act(simulator, { operation: 'list' }, { debug: false })

    expect(run.exitCode).toBe(0)
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1_000_000)
    const byPlanet = run.summary.split('By planet')[1] ?? ''
    expect(byPlanet.match(/^\| planet-\d+ \|/gm)?.length ?? 0).toBeGreaterThanOrEqual(10)
    expect(run.summary).toContain('more rows, not shown')
    const backups = run.summary.split('Backups, newest first')[1] ?? ''
    expect(backups.match(/^\| `\d+` \|/gm)?.length ?? 0).toBeGreaterThanOrEqual(10)
  })
})

describe('6. markup server text cannot add', () => {
  it('a status "✅ SUCCEEDED #12 :tada:" is a code span in the headline, escaped in a table', async () => {
    simulator = await startSimulator()
    const id = simulator.seed({
      planetId: 'dev1',
      ageMs: HOUR,
      fields: { status: '✅ SUCCEEDED #12 :tada:', metadata: { name: 'see #12 :tada:' } }
    }).id
    const run = await act(simulator, { operation: 'get', backupId: id })

    const [headline] = run.summary.split('\n')
    // A green get: its mark is the step's, ⚠️ for a backup that is not good.
    expect(headline).toBe(`### ⚠️ GWCP backup ${id} of \`dev1\` is \`✅ SUCCEEDED #12 :tada:\``)
    expect(run.summary).toContain('see \\#12 \\:tada:')
  })
})
