import { code, statusBeside, words } from '../headline.js'
import type { CreateAnswer } from '../api/client.js'
import type { Backup, Listing } from '../api/types.js'
import { claimOwn, madeByThisStep, willNeverSucceed } from '../backups/index.js'
import { ApiError, messageOf } from '../errors.js'
import type { CreateSettings, EnsureSettings } from '../settings.js'
import { sameWord } from '../text.js'
import type { OperationContext } from './context.js'
import { failure, waitUntilSucceeded } from './wait.js'

/** A create's answer without a backup: its planet list is looked at this often, this far apart. */
const LATE_LIST_LOOKS = 4
const LATE_LIST_PAUSE_MS = 2000

/** What this step knew of its name before its first POST. */
interface Mine {
  name: string
  planetId: string
  /** The ids that already carried the name: none of them is this step's. */
  listedBefore: ReadonlySet<string>
  /** That list was one page of several: an old namesake may be on another. */
  partialBefore: boolean
}

/** `create`: POSTs a backup, names it in the outputs at once, then (with `wait`) waits for it. */
export async function createOperation(
  ctx: OperationContext,
  settings: CreateSettings
): Promise<void> {
  await createBackup(ctx, settings, { wait: settings.wait })
}

/**
 * Creates a backup and adopts, after a create that may have acted, only a backup this step can
 * have made (backups/reuse.ts, `claimOwn`); where it cannot tell, it stops rather than POST again.
 * With the action's own name, unique to this step execution, nothing can be listed before; with a
 * name the user gave, the planet is listed once first — unless the caller (ensure) has just listed
 * it and hands that list in as `listed`. Other backups this step caused are named however it ends.
 */
export async function createBackup(
  ctx: OperationContext,
  settings: CreateSettings | EnsureSettings,
  options: { wait: boolean; listed?: Listing }
): Promise<Backup> {
  const { planetId, waitPolicy } = settings
  let mine: Mine | undefined
  let created: { backup: Backup; mayHaveActed: boolean } | undefined
  try {
    created = await ctx.log.group(`Create a backup of planet ${planetId}`, async () => {
      mine = await namedBefore(ctx, settings, options.listed)
      return post(ctx, settings, mine)
    })
    const final = await settle(ctx, created.backup, { wait: options.wait, policy: waitPolicy })
    const status = final.status ? code(final.status) : 'no status'
    const how = options.wait
      ? words`created and succeeded${statusBeside(final.status, 'succeeded')}`
      : words`requested (${status}; not waited for)`
    ctx.summary.outcome('✅', words`GWCP backup ${final.id} of ${planetId} ${how}`)
    return final
  } finally {
    if (created) ctx.summary.table('Backup', [{ backup: ctx.outputs.last ?? created.backup }])
    if (mine) await nameTwins(ctx, mine, created)
  }
}

/** Waits for the backup, or (without `wait`) fails at once on one that will never succeed. */
async function settle(
  ctx: OperationContext,
  backup: Backup,
  options: { wait: boolean; policy: CreateSettings['waitPolicy'] }
): Promise<Backup> {
  if (options.wait) return waitUntilSucceeded(ctx, backup, options.policy)
  if (willNeverSucceed(backup)) throw failure(backup)
  return backup
}

/** POSTs the create and finds the backup it made. */
async function post(
  ctx: OperationContext,
  settings: CreateSettings | EnsureSettings,
  mine: Mine
): Promise<{ backup: Backup; mayHaveActed: boolean }> {
  const { planetId, request, waitPolicy } = settings
  ctx.log.info(
    `Creating a ${request.temporary ? 'temporary' : 'permanent'} ${request.mechanism} backup ` +
      `of planet ${planetId} named "${mine.name}"`
  )
  const claim = (listing: Listing): Backup | undefined => claimed(ctx, listing, mine)
  const answer = await ctx.api.createBackup(planetId, request, {
    deadline: ctx.clock.now() + waitPolicy.timeoutMs,
    claim
  })
  const backup = answer.backup ?? (await findAnswered(ctx, answer, { planetId, claim, mine }))
  ctx.outputs.backup(backup)
  ctx.log.info(`Backup ${backup.id} accepted (status "${backup.status}")`)
  return { backup, mayHaveActed: answer.mayHaveActed }
}

/** `claimOwn`, with "unsure" as an error that stops the create and names every candidate. */
function claimed(ctx: OperationContext, listing: Listing, mine: Mine): Backup | undefined {
  const claim = claimOwn(listing, mine)
  if (claim.kind === 'mine') return claim.backup
  if (claim.kind === 'none') return undefined
  nameOthers(ctx, claim.candidates, mine)
  const ids = claim.candidates.map(backup => backup.id)
  throw new ApiError(
    `The server may have acted on the create of a backup of planet ${mine.planetId}, and the ` +
      `action cannot tell which backup is this step's: ${claim.why}` +
      (ids.length > 0 ? ` (${ids.join(', ')})` : '') +
      '. It sends no further create.',
    { mayHaveActed: true }
  )
}

/**
 * The backup a create answered without (a 202 without a body): the one its `Location` names, GET
 * at the action's own URL — or this step's in the planet's list, which may show it a little late.
 */
async function findAnswered(
  ctx: OperationContext,
  answer: CreateAnswer,
  find: { planetId: string; claim: (listing: Listing) => Backup | undefined; mine: Mine }
): Promise<Backup> {
  if (answer.locationId) return ctx.api.getBackup(answer.locationId)
  for (let look = 1; look <= LATE_LIST_LOOKS; look++) {
    const found = find.claim(await ctx.api.listPlanetBackups(find.planetId))
    if (found) return found
    if (look < LATE_LIST_LOOKS) await ctx.clock.sleep(LATE_LIST_PAUSE_MS)
  }
  const waited = ((LATE_LIST_LOOKS - 1) * LATE_LIST_PAUSE_MS) / 1000
  throw new ApiError(
    `Could not create a backup of planet ${find.planetId}: HTTP ${answer.status} answered without ` +
      `a backup id, and no backup that this step made is listed on the planet (named ` +
      `"${find.mine.name}") within ${waited}s. Look for it before creating another.`,
    { status: answer.status, mayHaveActed: true }
  )
}

/** The ids that already carry the step's name, so that none of them is taken for its own. */
async function namedBefore(
  ctx: OperationContext,
  settings: CreateSettings | EnsureSettings,
  listed: Listing | undefined
): Promise<Mine> {
  const { planetId, request, nameIsUnique } = settings
  const name = request.metadata.name
  if (nameIsUnique) return { name, planetId, listedBefore: new Set(), partialBefore: false }
  const listing = listed ?? (await ctx.api.listPlanetBackups(planetId))
  const older = listing.backups.filter(backup => sameWord(backup.name, name))
  if (older.length > 0) {
    ctx.log.info(
      `Backup(s) ${older.map(backup => backup.id).join(', ')} of planet ${planetId} already carry ` +
        `the name "${name}": none of them will be taken for this step's. A name unique per run ` +
        'attempt (or the default) lets a retried create find its own backup by name.'
    )
  }
  const listedBefore = new Set(older.map(backup => backup.id))
  return { name, planetId, listedBefore, partialBefore: listing.partial }
}

/**
 * A server may act on a create after the action gave up on it and looked for it; such a second
 * backup carries this step's name and was not there before. It is not deleted (that is the user's
 * call), but it is named — in a warning, the summary and the `otherBackupIds` output — however the
 * step ends. Without `wait`, this looks right after the POST, before a late one can show.
 */
async function nameTwins(
  ctx: OperationContext,
  mine: Mine,
  created: { backup: Backup; mayHaveActed: boolean } | undefined
): Promise<void> {
  if (!created?.mayHaveActed) {
    if (created) ctx.outputs.json('otherBackupIds', [])
    return
  }
  try {
    const { backups } = await ctx.api.listPlanetBackups(mine.planetId)
    const others = madeByThisStep(backups, mine).filter(backup => backup.id !== created.backup.id)
    nameOthers(ctx, others, mine, created.backup)
  } catch (error) {
    ctx.log.warning(
      `Could not look for other backups this step may have caused: ${messageOf(error)}`
    )
  }
}

/** Names backups this step may have caused, but does not use: output, warning, summary table. */
function nameOthers(ctx: OperationContext, others: Backup[], mine: Mine, used?: Backup): void {
  ctx.outputs.listOutput(
    'otherBackupIds',
    others.map(backup => backup.id)
  )
  if (others.length === 0) return
  const ids = others.map(other => other.id).join(', ')
  ctx.log.warning(
    `The platform also made backup(s) ${ids} of planet ${mine.planetId} named "${mine.name}" for ` +
      'this step: a create it answered late or ambiguously. ' +
      (used ? `This step uses backup ${used.id}; ` : 'This step uses none of them; ') +
      'delete the other(s) if you do not need them.'
  )
  ctx.summary.table(
    'Also made by this step (a create answered late or ambiguously)',
    others.map(backup => ({ backup }))
  )
}
