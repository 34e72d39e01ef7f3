/**
 * Real runs whose job summaries README shows as pictures (scripts/summaries.ts takes them) and
 * whose rendering npm test holds to docs/summaries/manifest.json, so the pictures cannot go stale.
 */
import { createHash } from 'node:crypto'
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'
import { Simulator, type SimulatorOptions } from '../simulator/server.js'
import { runAction } from './runner.js'

const DAY = 86_400_000

export interface SummaryCase {
  name: string
  /** What the picture shows, for README. */
  caption: string
  simulator?: SimulatorOptions
  prepare?: (simulator: Simulator) => void
  inputs: Record<string, string>
}

export const CASES: SummaryCase[] = [
  {
    name: 'create-succeeded',
    caption: 'A create that succeeded',
    simulator: { backupDurationMs: 500 },
    inputs: { operation: 'create', planetId: 'uat', metadataName: 'pre-deploy-4711' }
  },
  {
    name: 'create-failed',
    caption: 'A create whose backup failed: the reason right under the outcome',
    simulator: { backupDurationMs: 500, failingPlanets: { uat: 'pg_dump: too many connections' } },
    inputs: { operation: 'create', planetId: 'uat', metadataName: 'pre-deploy-4712' }
  },
  {
    name: 'prune',
    caption: 'A prune with one DELETE refused: every backup accounted for',
    prepare: simulator => {
      const seeds: Array<[number, string, string?]> = [
        [0.1, 'pre-deploy-4711'],
        [1, 'nightly-29'],
        [3, 'nightly-27'],
        [4, 'nightly-26', 'failed'],
        [5, 'nightly-25']
      ]
      for (const [days, name, status] of seeds) {
        simulator.seed({
          planetId: 'dev1',
          name,
          status,
          ageMs: days * DAY,
          errorMessage: 'pg_dump: too many connections'
        })
      }
      simulator.addFault({
        route: 'delete',
        action: 'status',
        status: 409,
        body: { message: 'Backup is locked by a restore' }
      })
    },
    inputs: {
      operation: 'prune',
      planetId: 'dev1',
      nameFilter: '*',
      keepLast: '2',
      olderThan: '2d',
      maxConcurrency: '1'
    }
  },
  {
    name: 'list-star-system',
    caption: "A star system's list: the newest good backup and one row per planet",
    prepare: simulator => {
      simulator.seed({ planetId: 'dev1', name: 'nightly-dev1', ageMs: 0.2 * DAY })
      simulator.seed({ planetId: 'qa', name: 'nightly-qa', ageMs: 0.3 * DAY, status: 'failed' })
      simulator.seed({ planetId: 'qa', name: 'nightly-qa-old', ageMs: 1.3 * DAY })
      simulator.seed({
        planetId: 'uat',
        name: 'pre-deploy-4711',
        ageMs: 2.2 * DAY,
        type: 'permanent'
      })
    },
    inputs: { operation: 'list' }
  },
  {
    name: 'audit',
    caption: 'An audit: one planet stale, one missing, every planet a row, violators first',
    prepare: simulator => {
      const expires = new Date(Date.now() + 5 * DAY).toISOString()
      const fields = { expirationDate: expires }
      simulator.seed({ planetId: 'dev1', name: 'nightly-dev1', ageMs: 0.2 * DAY, fields })
      simulator.seed({ planetId: 'qa', name: 'nightly-qa', ageMs: 0.1 * DAY, status: 'failed' })
      simulator.seed({ planetId: 'qa', name: 'nightly-qa-old', ageMs: 1.3 * DAY, fields })
      simulator.seed({ planetId: 'uat', name: 'pre-deploy-4711', ageMs: 0.5 * DAY, fields })
    },
    inputs: { operation: 'audit', planets: 'dev1,qa,uat,dev2' }
  }
]

/** Runs a case's step against a fresh simulator; returns its job summary. */
export async function runCase(summaryCase: SummaryCase): Promise<string> {
  const simulator = new Simulator({ tokens: ['sim-token'], ...summaryCase.simulator })
  const baseUrl = await simulator.start()
  try {
    summaryCase.prepare?.(simulator)
    const inputs = {
      baseUrl,
      tenantId: 'acme',
      projectId: 'pc',
      accessToken: 'sim-token',
      ...summaryCase.inputs
    }
    return (await runAction({ inputs })).summary
  } finally {
    await simulator.stop()
  }
}

/** The summary with what changes from run to run (times, ages, the port) put in words that do not. */
export function steady(markdown: string): string {
  return markdown
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/g, 'YYYY-MM-DDThh:mm:ssZ')
    .replace(/\b\d+(\.\d+)?(ms|s|m|h|d)( \d+(ms|s|m|h|d))?\b/g, 'N')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
}

/**
 * GitHub-flavoured Markdown as GitHub renders it (autolink literals, tables), the HTML it allows
 * in a summary (the action's own `<details>`) included.
 */
export function rendered(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()]
  })
}

export const hashOf = (html: string): string => createHash('sha256').update(html).digest('hex')

export const MANIFEST = 'docs/summaries/manifest.json'

export interface ManifestEntry {
  name: string
  caption: string
  inputs: Record<string, string>
  image: string
  /** sha256 of the rendered HTML of the steadied summary. */
  hash: string
}
