import type { Backup } from '../api/types.js'
import { ageOf, auditPlanet, selects, type PlanetAudit } from '../backups/index.js'
import { formatDuration } from '../duration.js'
import { AnnotatedError } from '../errors.js'
import { code, words, type Words } from '../headline.js'
import { markOf } from '../marks.js'
import { expiry } from '../summary-table.js'
import type { AuditSettings } from '../settings.js'
import { folded } from '../text.js'
import type { OperationContext } from './context.js'
import { backupsInScope, unusableLine } from './backups-in-scope.js'

interface PlanetRow extends PlanetAudit {
  planet: string
}

/** Where the audit's evidence came from, and what it could not use. */
interface Evidence {
  scope: string
  /** Each audited planet (as named) with its selected backups. */
  planets: Array<{ planet: string; backups: Backup[] }>
  notAudited: number
  unknownPlanet: number
  partial: boolean
  unusable?: string
}

const ANNOTATED_PLANETS = 10
const HEADLINE_PLANETS = 5

/**
 * `audit`: can every planet be restored right now? Only reads: one list (the planet's, or the
 * star system's), no GET per backup. Each planet gets one verdict (backups/audit.ts); the step
 * fails, one annotation per planet, when any is not ok.
 */
export async function auditOperation(
  ctx: OperationContext,
  settings: AuditSettings
): Promise<void> {
  const evidence = await gather(ctx, settings)
  const rules = { ...settings, now: ctx.clock.now(), partial: evidence.partial }
  const rows: PlanetRow[] = evidence.planets
    .map(({ planet, backups }) => ({ planet, ...auditPlanet(backups, rules) }))
    .sort((a, b) => Number(a.status === 'ok') - Number(b.status === 'ok'))
  const violators = rows.filter(row => row.status !== 'ok')
  setOutputs(ctx, rows, violators, rules.now)
  summarize(ctx, { settings, evidence, rows, violators })
  annotate(ctx, rows, violators)
  if (rows.length === 0) {
    throw new Error(
      `No planet of ${evidence.scope} has a backup to audit: name the planets in "planets" so that one without any backup counts as missing.`
    )
  }
  if (violators.length > 0) {
    const named = violators.map(row => `${row.planet} (${row.status})`).join(', ')
    throw new AnnotatedError(
      `${violators.length} of ${rows.length} planet(s) of ${evidence.scope} not recoverable within ${formatDuration(settings.maxAgeMs)}: ${named}.`
    )
  }
}

async function gather(ctx: OperationContext, settings: AuditSettings): Promise<Evidence> {
  const { scope, backups, unusableIds, partial } = await backupsInScope(ctx, settings)
  const chosen = backups.filter(backup => selects(settings, backup))
  const unusable = unusableLine(unusableIds)
  if (settings.planetId) {
    const planets = [{ planet: settings.planetId, backups: chosen }]
    return { scope, planets, notAudited: 0, unknownPlanet: 0, partial, unusable }
  }
  const byPlanet = new Map<string, { planet: string; backups: Backup[] }>()
  let unknownPlanet = 0
  for (const backup of chosen) {
    if (!backup.planet.trim()) unknownPlanet++
    else {
      const key = folded(backup.planet)
      const group = byPlanet.get(key)
      if (group) group.backups.push(backup)
      else byPlanet.set(key, { planet: backup.planet.trim(), backups: [backup] })
    }
  }
  const named = settings.planets
  const planets = named
    ? named.map(planet => byPlanet.get(folded(planet)) ?? { planet, backups: [] })
    : [...byPlanet.values()]
  const notAudited = named ? byPlanet.size - planets.filter(p => p.backups.length).length : 0
  return { scope, planets, notAudited, unknownPlanet, partial, unusable }
}

/** Age in whole seconds by the rules' own reading of its times; null when unknown. */
const ageSeconds = (backup: Backup | undefined, now: number): number | null => {
  const age = backup && ageOf(backup, now)
  return age === undefined ? null : Math.round(age / 1000)
}

function setOutputs(
  ctx: OperationContext,
  rows: PlanetRow[],
  violators: PlanetRow[],
  now: number
): void {
  const report = rows.map(row => ({
    planet: row.planet,
    status: row.status,
    backupId: row.newestGood?.id ?? null,
    completedAt: row.newestGood?.completedAt || null,
    expirationDate: row.newestGood?.expirationDate || null,
    ageSeconds: ageSeconds(row.newestGood, now),
    newestAttemptId: row.newestAttempt?.id ?? null,
    newestAttemptStatus: row.newestAttempt?.status ?? null,
    note: row.note || null
  }))
  ctx.outputs.output('count', String(rows.length))
  ctx.outputs.output('violations', String(violators.length))
  ctx.outputs.output('violatingPlanets', violators.map(row => row.planet).join(','))
  const { kept } = ctx.outputs.listOutput('report', report)
  if (kept < report.length) {
    ctx.log.warning(
      `"report" holds ${kept} of the ${report.length} planets, violators first: the rest would take the step outputs over 1 MB.`
    )
  }
}

/** "newest good backup 30h ago", "no good backup (1 failed, 1 running)". */
function whyNot(row: PlanetRow, now: number): string {
  const age = ageSeconds(row.newestGood, now)
  const ago = age === null ? '' : `newest good backup ${formatDuration(age * 1000)} ago`
  if (row.status === 'stale') return ago
  if (row.status === 'expiring') return `${ago}, ${row.note}`
  if (row.status === 'unknown') return row.note
  if (!row.newestAttempt) return row.note
  return `no good backup${row.note ? ` (${row.note})` : ''}`
}

function headline(
  settings: AuditSettings,
  evidence: Evidence,
  rows: PlanetRow[],
  violators: PlanetRow[],
  now: number
): Words {
  const within = formatDuration(settings.maxAgeMs)
  const lead = words`GWCP audit of ${evidence.scope}: `
  if (rows.length === 0) return words`${lead}no planet to audit`
  if (violators.length === 0) {
    return words`${lead}all ${rows.length} planet(s) have a good backup within ${within}`
  }
  const shown = violators
    .slice(0, HEADLINE_PLANETS)
    .flatMap((row, index): Words => [
      index > 0 ? '; ' : '',
      code(row.planet),
      ` (${whyNot(row, now)})`
    ])
  const more =
    violators.length > HEADLINE_PLANETS ? `; ${violators.length - HEADLINE_PLANETS} more` : ''
  return words`${lead}${violators.length} of ${rows.length} planet(s) not recoverable within ${within} — ${shown}${more}`
}

function summarize(
  ctx: OperationContext,
  audit: { settings: AuditSettings; evidence: Evidence; rows: PlanetRow[]; violators: PlanetRow[] }
): void {
  const { settings, evidence, rows, violators } = audit
  const now = ctx.clock.now()
  const mark =
    violators.length > 0 || rows.length === 0 ? '❌' : rows.some(row => row.warns) ? '⚠️' : '✅'
  ctx.summary.outcome(mark, headline(settings, evidence, rows, violators, now))
  for (const line of evidenceLines(settings, evidence)) ctx.summary.text(line)
  const ago = (backup: Backup | undefined): string => {
    const age = ageSeconds(backup, now)
    return age === null ? '' : `${formatDuration(age * 1000)} ago`
  }
  ctx.summary.rows(
    'Planets, violators first',
    ['planet', 'status', 'newest good backup', 'expires', 'newest attempt', 'note'],
    rows.map(row => [
      row.planet,
      {
        markup:
          row.status === 'ok'
            ? '✅ ok'
            : row.status === 'expiring'
              ? '⚠️ expiring'
              : `❌ ${row.status}`
      },
      row.newestGood ? `${row.newestGood.id}, ${ago(row.newestGood)}` : 'none',
      row.newestGood ? expiry(row.newestGood, now) : '–',
      row.newestAttempt
        ? `${markOf(row.newestAttempt)} ${row.newestAttempt.id} ${row.newestAttempt.status}, ${ago(row.newestAttempt)}`
        : 'none',
      row.note
    ])
  )
}

/** What the audit could not see, said where people look. */
function evidenceLines(settings: AuditSettings, evidence: Evidence): string[] {
  const lines: string[] = []
  if (evidence.partial) {
    lines.push(
      'The list looks like one page of several: a planet without a backup in it reads unknown, not missing.'
    )
  }
  if (!settings.planetId && !settings.planets) {
    lines.push(
      'Every planet seen in the list was audited; a planet with no backup at all cannot be seen — name the planets in "planets" to audit it too.'
    )
  }
  if (evidence.notAudited > 0)
    lines.push(`${evidence.notAudited} planet(s) seen but not named in "planets" were not audited.`)
  if (evidence.unknownPlanet > 0)
    lines.push(`${evidence.unknownPlanet} backup(s) name no planet: evidence for none.`)
  if (evidence.unusable) lines.push(evidence.unusable)
  return lines
}

/** One annotation per violating planet (at most ANNOTATED_PLANETS, then one for the rest). */
function annotate(ctx: OperationContext, rows: PlanetRow[], violators: PlanetRow[]): void {
  const now = ctx.clock.now()
  for (const row of violators.slice(0, ANNOTATED_PLANETS)) {
    ctx.log.error(
      `Planet ${row.planet} is ${row.status}: ${whyNot(row, now)}.`,
      `GWCP audit: planet ${row.planet}`
    )
  }
  if (violators.length > ANNOTATED_PLANETS) {
    const rest = violators.slice(ANNOTATED_PLANETS).map(row => row.planet)
    ctx.log.error(
      `${rest.length} more planet(s) not recoverable: ${rest.join(', ')}.`,
      'GWCP audit: more planets'
    )
  }
  for (const row of rows.filter(row => row.status === 'ok' && row.warns)) {
    ctx.log.warning(`Planet ${row.planet}: ${row.note}.`, `GWCP audit: planet ${row.planet}`)
  }
}
