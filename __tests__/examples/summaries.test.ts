/**
 * The pictures of job summaries in README (docs/summaries/, taken by `npm run summaries`) show
 * what the action writes today: each case is run again against the simulator, its summary
 * rendered as GitHub renders it, and compared with the manifest the pictures were taken with.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../scripts/action-yml.js'
import {
  CASES,
  hashOf,
  MANIFEST,
  rendered,
  runCase,
  steady,
  type ManifestEntry
} from '../../scripts/summary-cases.js'

const manifest = JSON.parse(readFileSync(join(ROOT, MANIFEST), 'utf8')) as ManifestEntry[]
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

describe('the pictures of job summaries', () => {
  it('has a picture of every case, and README shows three of them', () => {
    expect(manifest.map(entry => entry.name)).toEqual(CASES.map(summaryCase => summaryCase.name))
    for (const entry of manifest) expect(existsSync(join(ROOT, entry.image))).toBe(true)
    const shown = manifest.filter(entry => readme.includes(`](${entry.image})`))
    expect(shown.length).toBeGreaterThanOrEqual(3)
  })

  it.each(CASES.map(summaryCase => [summaryCase.name, summaryCase] as const))(
    '%s: the summary is still the one pictured (else run npm run summaries)',
    async (name, summaryCase) => {
      const entry = manifest.find(candidate => candidate.name === name)
      expect(entry?.inputs).toEqual(summaryCase.inputs)
      const markdown = await runCase(summaryCase)
      expect(hashOf(rendered(steady(markdown)))).toBe(entry?.hash)
    }
  )

  it('steadies what changes from run to run, and nothing else', () => {
    expect(steady('| 2h 24m ago | in 6d 21h | 1.4s ago | 2026-11-30T21:25:32Z |')).toBe(
      '| N ago | in N | N ago | YYYY-MM-DDThh:mm:ssZ |'
    )
    expect(steady('backup 1002 of uat; nightly-29; HTTP 409')).toBe(
      'backup 1002 of uat; nightly-29; HTTP 409'
    )
  })
})
