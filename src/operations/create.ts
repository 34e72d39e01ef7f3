import type { Backup } from '../api/types.js'
import { madeByThisStep, willNeverSucceed } from '../backups/index.js'
import type { CreateSettings, EnsureSettings } from '../settings.js'
import type { OperationContext } from './context.js'
import { failure, waitUntilSucceeded } from './wait.js'

/** `create`: POSTs a backup, names it in the outputs at once, then (with `wait`) waits for it. */
export async function createOperation(
  ctx: OperationContext,
  settings: CreateSettings
): Promise<void> {
  await createBackup(ctx, settings, { wait: settings.wait })
}

/**
 * Creates a backup and adopts, after a create that may have acted, only a backup this step can
 * have made (backups.ts, `madeByThisStep`): one that carries its name and was not listed before
 * the first POST. With the action's own name, unique to this step execution, nothing can be listed
 * before; with a name the user gave, the planet is listed once first — unless the caller (ensure)
 * has just listed it and hands that list in as `listed`.
 */
export async function createBackup(
  ctx: OperationContext,
  settings: CreateSettings | EnsureSettings,
  options: { wait: boolean; listed?: Backup[] }
): Promise<Backup> {
  const { planetId, request, waitPolicy } = settings
  const name = request.metadata.name
  const {
    backup: created,
    mayHaveActed,
    listedBefore
  } = await ctx.log.group(`Create a backup of planet ${planetId}`, async () => {
    const listedBefore = await namedBefore(ctx, settings, options.listed)
    ctx.log.info(
      `Creating a ${request.temporary ? 'temporary' : 'permanent'} ${request.mechanism} backup ` +
        `of planet ${planetId} named "${name}"`
    )
    const answer = await ctx.api.createBackup(planetId, request, {
      deadline: ctx.clock.now() + waitPolicy.timeoutMs,
      claim: listed => {
        const candidates = madeByThisStep(listed, name, listedBefore)
        // Two new backups of this name, neither known to be this step's: adopt neither.
        return candidates.length === 1 ? candidates[0] : undefined
      }
    })
    ctx.report.backup(answer.backup)
    ctx.log.info(`Backup ${answer.backup.id} accepted (status "${answer.backup.status}")`)
    return { ...answer, listedBefore }
  })
  ctx.report.title(
    `${options.wait ? 'created' : 'requested'} backup ${created.id} of planet ${planetId}`
  )
  let final = created
  try {
    if (options.wait) final = await waitUntilSucceeded(ctx, created, waitPolicy)
    else if (willNeverSucceed(created)) throw failure(created)
  } finally {
    ctx.report.table('Backup', [{ backup: ctx.report.last ?? created }])
  }
  if (mayHaveActed) await nameOtherBackupsOfThisStep(ctx, planetId, final, listedBefore)
  else ctx.report.json('otherBackupIds', [])
  return final
}

/** The ids that already carry the step's name, so that none of them is taken for its own. */
async function namedBefore(
  ctx: OperationContext,
  settings: CreateSettings | EnsureSettings,
  listed: Backup[] | undefined
): Promise<ReadonlySet<string>> {
  if (settings.nameIsUnique) return new Set()
  const { planetId, request } = settings
  const backups = listed ?? (await ctx.api.listPlanetBackups(planetId)).backups
  const older = backups.filter(backup => backup.name === request.metadata.name)
  if (older.length > 0) {
    ctx.log.info(
      `Backup(s) ${older.map(backup => backup.id).join(', ')} of planet ${planetId} already carry ` +
        `the name "${request.metadata.name}": none of them will be taken for this step's. A name ` +
        'unique per run attempt (or the default) lets a retried create find its own backup by name.'
    )
  }
  return new Set(older.map(backup => backup.id))
}

/**
 * A server may act on a create after the action gave up on it and looked for it; such a late
 * second backup carries this step's name and was not there before. It is not deleted (that is the
 * user's call), but it is named — in a warning, the summary and the `otherBackupIds` output — so
 * that no backup this step caused goes unnoticed.
 */
async function nameOtherBackupsOfThisStep(
  ctx: OperationContext,
  planetId: string,
  mine: Backup,
  listedBefore: ReadonlySet<string>
): Promise<void> {
  const { backups: listed } = await ctx.api.listPlanetBackups(planetId)
  const others = madeByThisStep(listed, mine.name, listedBefore).filter(
    backup => backup.id !== mine.id
  )
  ctx.report.listOutput(
    'otherBackupIds',
    others.map(backup => backup.id)
  )
  if (others.length === 0) return
  const ids = others.map(other => other.id).join(', ')
  ctx.log.warning(
    `The platform also made backup(s) ${ids} of planet ${planetId} named "${mine.name}" for this ` +
      `step: a create it answered late was sent again. This step uses backup ${mine.id}; ` +
      `delete the other(s) if you do not need them.`
  )
  ctx.report.table(
    'Also made by this step (a late answer to a retried create)',
    others.map(backup => ({ backup }))
  )
}
