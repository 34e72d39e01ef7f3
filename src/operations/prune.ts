import { planPrune, type PrunePlan } from '../backups/index.js'
import { formatDuration } from '../duration.js'
import { messageOf } from '../errors.js'
import type { PruneSettings } from '../settings.js'
import { backupsInScope, unusableLine } from './backups-in-scope.js'
import type { OperationContext } from './context.js'

/** `prune`: deletes old backups of a planet or of the whole star system (backups.ts, `planPrune`). */
export async function pruneOperation(
  ctx: OperationContext,
  settings: PruneSettings
): Promise<void> {
  const { scope, backups, unusableIds } = await backupsInScope(ctx, settings)
  const plan = planPrune(backups, settings, ctx.clock.now(), settings.planetId)
  ctx.log.info(
    `${backups.length} backup(s) of ${scope}: ${plan.remove.length} to delete, ${plan.keep.length} to keep`
  )
  const failures = settings.dryRun
    ? sayWhatWouldGo(ctx, plan)
    : await deleteAll(ctx, plan, settings.maxConcurrency)
  reportPrune(ctx, { scope, plan, failures, dryRun: settings.dryRun, criteria: settings })
  const unusable = unusableLine(unusableIds)
  if (unusable) ctx.summary.text(unusable)
  if (failures.size > 0) {
    throw new Error(
      `Could not delete ${failures.size} of ${plan.remove.length} backup(s) of ${scope}: ` +
        [...failures.values()].join('; ')
    )
  }
}

/** The backups the default name rule did not let the prune touch, counted where people look. */
function sayWhatWasLeftAlone(ctx: OperationContext, scope: string, plan: PrunePlan): void {
  if (plan.unnamed === 0) return
  const line =
    `${plan.unnamed} backup(s) of ${scope} whose names this repository's workflows did not give ` +
    'were left alone — set nameFilter to manage them.'
  ctx.summary.text(line)
  if (plan.selected > 0) return ctx.log.info(line)
  ctx.log.warning(
    `The prune of ${scope} had nothing to consider: none of its ${plan.unnamed} backup(s) has a ` +
      "name this repository's workflows give (gha-<repository id>-…). Set nameFilter to manage them.",
    `Prune of ${scope}: nothing named by this repository`
  )
}

function sayWhatWouldGo(ctx: OperationContext, plan: PrunePlan): Map<string, string> {
  for (const { backup, note } of plan.remove) {
    ctx.log.info(`Dry run: would delete backup ${backup.id} (${note})`)
  }
  return new Map()
}

/** Deletes the plan's backups, `limit` at a time; returns why each that could not be was not. */
async function deleteAll(
  ctx: OperationContext,
  plan: PrunePlan,
  limit: number
): Promise<Map<string, string>> {
  const failures = new Map<string, string>()
  if (plan.remove.length === 0) return failures
  await ctx.log.group(`Delete ${plan.remove.length} backup(s)`, () =>
    forEachLimited(plan.remove, limit, async ({ backup, note }) => {
      try {
        await ctx.api.deleteBackup(backup.id, true)
        ctx.log.info(`Deleted backup ${backup.id} (${note})`)
      } catch (error) {
        failures.set(backup.id, messageOf(error))
      }
    })
  )
  return failures
}

function reportPrune(
  ctx: OperationContext,
  outcome: {
    scope: string
    plan: PrunePlan
    failures: Map<string, string>
    dryRun: boolean
    criteria: PruneSettings
  }
): void {
  const { scope, plan, failures, dryRun } = outcome
  const deleted = plan.remove.filter(({ backup }) => !failures.has(backup.id))
  const deletedIds = deleted.map(({ backup }) => backup.id)
  ctx.outputs.output('count', String(deletedIds.length))
  const { kept } = ctx.outputs.listOutput('deletedIds', deletedIds)
  if (kept < deletedIds.length) {
    ctx.log.warning(
      `"deletedIds" names ${kept} of the ${deletedIds.length} backups ${dryRun ? 'that would be ' : ''}deleted: ` +
        'the rest would take the step outputs over 1 MB ("count" has them all).'
    )
  }
  const failed = plan.remove.filter(({ backup }) => failures.has(backup.id))
  const notDeleted = failed.length > 0 ? `, ${failed.length} could not be deleted` : ''
  if (dryRun) {
    ctx.summary.outcome(
      '✅',
      `GWCP prune of ${scope} — DRY RUN: would delete ${deletedIds.length}, keep ${plan.keep.length}; nothing was deleted`
    )
  } else {
    ctx.summary.outcome(
      failed.length > 0 ? '⚠️' : '✅',
      `GWCP prune of ${scope}: deleted ${deletedIds.length}${notDeleted}, kept ${plan.keep.length}`
    )
  }
  ctx.summary.text(rulesOf(outcome.criteria))
  sayWhatWasLeftAlone(ctx, scope, plan)
  ctx.summary.table(dryRun ? 'Would delete (DRY RUN: nothing was deleted)' : 'Deleted', deleted)
  if (failed.length > 0) {
    ctx.summary.table(
      'Could not delete',
      failed.map(({ backup }) => ({ backup, note: failures.get(backup.id) ?? '' }))
    )
  }
  ctx.summary.table('Kept', plan.keep)
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

/** The rules the prune applied, as one sentence for the summary. */
function rulesOf(criteria: PruneSettings): string {
  const { keepLast, olderThanMs, types, names } = criteria
  const rules = [
    keepLast !== undefined && keepLast > 1
      ? `keep the ${keepLast} newest succeeded backup(s) of each planet`
      : 'keep the newest succeeded backup of each planet',
    olderThanMs !== undefined
      ? `delete only backups older than ${formatDuration(olderThanMs)}`
      : '',
    `types ${types.join(', ')}`,
    'glob' in names
      ? names.glob !== '*'
        ? `names matching ${names.glob}`
        : 'every name'
      : `names starting ${names.prefix} (this repository's)`,
    'failed backups count toward no limit; running, going and unclear ones are kept'
  ]
  return `Rules: ${rules.filter(Boolean).join('; ')}.`
}
