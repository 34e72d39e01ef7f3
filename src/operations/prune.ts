import type { Backup } from '../api/types.js'
import { ageOf, distinctById, newestFirst, phaseOf } from '../backups.js'
import { formatDuration } from '../duration.js'
import { isUsableId } from '../ids.js'
import type { SummaryRow } from '../report.js'
import type { PruneSettings } from '../settings.js'
import type { OperationContext } from './context.js'
import { planetBackups } from './planet.js'

export interface PruneCriteria {
  keepLast?: number
  olderThanMs?: number
  nameFilter: string
  types: string[]
}

interface PrunePlan {
  remove: SummaryRow[]
  keep: SummaryRow[]
}

const UNUSABLE_ID_NOTE = 'not touched — id not usable'

/**
 * Decides which backups to delete. A backup is deleted only when every given criterion allows it
 * (beyond the `keepLast` newest succeeded of its planet, older than `olderThan`). Never deleted:
 * a backup still running or already gone, one not selected by `types` and `nameFilter`, one of
 * unknown age, one whose id the action would not put in a URL, the newest succeeded one of each
 * planet unless `keepLast` is 0 — and, by a per-planet rule, one whose planet is unknown (`planetId`
 * is the planet of a planet's own list; without it, each backup's own). Failed backups never count
 * toward `keepLast`, and a backup listed twice counts once.
 */
export function planPrune(
  backups: Backup[],
  criteria: PruneCriteria,
  now: number,
  planetId?: string
): PrunePlan {
  const plan: PrunePlan = { remove: [], keep: [] }
  const keep = (backup: Backup, note: string): number => plan.keep.push({ backup, note })
  const remove = (backup: Backup, note: string): number => plan.remove.push({ backup, note })
  const nameMatches = globToRegExp(criteria.nameFilter)
  const succeededSoFar = new Map<string, number>()
  const { keepLast, olderThanMs: olderThan } = criteria
  const perPlanetRule = keepLast !== 0

  for (const backup of newestFirst(distinctById(backups))) {
    const phase = phaseOf(backup)
    const age = ageOf(backup, now)
    const type = backup.type.trim().toLowerCase()
    const planet = (planetId ?? backup.planet).trim().toLowerCase()
    if (!isUsableId(backup.id)) {
      keep(backup, UNUSABLE_ID_NOTE)
    } else if (!criteria.types.includes(type)) {
      keep(backup, `type ${type || 'unknown'} not selected`)
    } else if (!nameMatches.test(backup.name)) {
      keep(backup, 'name does not match')
    } else if (phase === 'running') {
      keep(backup, 'still running')
    } else if (phase === 'gone') {
      keep(backup, `already going or gone (status ${backup.status})`)
    } else if (age === undefined) {
      keep(backup, 'age unknown')
    } else if (phase === 'failed') {
      if (olderThan === undefined || age > olderThan) remove(backup, 'failed')
      else keep(backup, `failed, but younger than ${formatDuration(olderThan)}`)
    } else if (!planet && perPlanetRule) {
      keep(backup, 'planet unknown: per-planet rules keep it')
    } else {
      const rank = succeededSoFar.get(planet) ?? 0
      succeededSoFar.set(planet, rank + 1)
      if (keepLast !== undefined && rank < keepLast) keep(backup, `one of the ${keepLast} newest`)
      else if (keepLast === undefined && rank === 0) keep(backup, 'newest succeeded of its planet')
      else if (olderThan !== undefined && age <= olderThan) {
        keep(backup, `younger than ${formatDuration(olderThan)}`)
      } else {
        const reasons = [
          keepLast !== undefined ? `beyond the ${keepLast} newest` : '',
          olderThan !== undefined ? `older than ${formatDuration(olderThan)}` : ''
        ]
        remove(backup, reasons.filter(Boolean).join(', '))
      }
    }
  }
  return plan
}

function globToRegExp(glob: string): RegExp {
  const pattern = glob
    .split('')
    .map(char =>
      char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')
    )
    .join('')
  return new RegExp(`^${pattern}$`, 's')
}

/** Runs `task` over `items`, at most `limit` at a time. */
async function forEachLimited<T>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<void>
): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) await task(items[next++])
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** `prune`: deletes old backups of a planet or of the whole star system. */
export async function pruneOperation(
  ctx: OperationContext,
  settings: PruneSettings
): Promise<void> {
  const { planetId, projectId, dryRun, maxConcurrency } = settings
  const scope = planetId ? `planet ${planetId}` : `star system ${projectId}`
  const backups = await ctx.log.group(`List the backups of ${scope}`, async () =>
    planetId ? (await planetBackups(ctx, planetId)).mine : ctx.api.listStarSystemBackups()
  )
  const plan = planPrune(backups, settings, ctx.clock.now(), planetId)
  const unusable = plan.keep.filter(({ note }) => note === UNUSABLE_ID_NOTE)
  if (unusable.length > 0) {
    ctx.log.warning(
      `${unusable.length} backup(s) of ${scope} have an id the action does not put in a URL ` +
        `(${unusable.map(({ backup }) => JSON.stringify(backup.id)).join(', ')}): not touched.`
    )
  }
  ctx.log.info(
    `${backups.length} backup(s) of ${scope}: ${plan.remove.length} to delete, ${plan.keep.length} to keep`
  )

  /** Why each backup that could not be deleted was not. */
  const failures = new Map<string, string>()
  if (dryRun) {
    for (const { backup, note } of plan.remove) {
      ctx.log.info(`Dry run: would delete backup ${backup.id} (${note})`)
    }
  } else if (plan.remove.length > 0) {
    await ctx.log.group(`Delete ${plan.remove.length} backup(s)`, () =>
      forEachLimited(plan.remove, maxConcurrency, async ({ backup, note }) => {
        try {
          await ctx.api.deleteBackup(backup.id, true)
          ctx.log.info(`Deleted backup ${backup.id} (${note})`)
        } catch (error) {
          failures.set(backup.id, error instanceof Error ? error.message : String(error))
        }
      })
    )
  }

  const deleted = plan.remove.filter(({ backup }) => !failures.has(backup.id))
  const deletedIds = deleted.map(({ backup }) => backup.id)
  ctx.report.output('count', String(deletedIds.length))
  const { kept } = ctx.report.listOutput('deletedIds', deletedIds)
  if (kept < deletedIds.length) {
    ctx.log.warning(
      `"deletedIds" names ${kept} of the ${deletedIds.length} backups ${dryRun ? 'that would be ' : ''}deleted: ` +
        'the rest would take the step outputs over 1 MB ("count" has them all).'
    )
  }
  const verb = dryRun ? 'would delete' : 'deleted'
  ctx.report.title(`prune of ${scope}: ${verb} ${deletedIds.length}, kept ${plan.keep.length}`)
  ctx.report.table(dryRun ? 'Would delete (dry run)' : 'Deleted', deleted)
  ctx.report.table('Kept', plan.keep)
  if (failures.size > 0) {
    throw new Error(
      `Could not delete ${failures.size} of ${plan.remove.length} backup(s) of ${scope}: ` +
        [...failures.values()].join('; ')
    )
  }
}
