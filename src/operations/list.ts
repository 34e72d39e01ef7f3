import type { ListSettings } from '../settings.js'
import { newestFirst } from '../report.js'
import type { OperationContext } from './context.js'

/** `list`: a planet's backups, or the whole star system's when no planet is given. */
export async function listOperation(ctx: OperationContext, settings: ListSettings): Promise<void> {
  const { planetId, projectId } = settings
  const scope = planetId ? `planet ${planetId}` : `star system ${projectId}`
  const backups = newestFirst(
    await ctx.log.group(`List the backups of ${scope}`, () =>
      planetId ? ctx.api.listPlanetBackups(planetId) : ctx.api.listStarSystemBackups()
    )
  )
  const { truncated } = ctx.report.backups(backups)
  if (truncated) {
    ctx.log.warning(
      `The ${backups.length} backups of ${scope} do not fit in one step output (1 MB): ` +
        'the "backups" output holds the newest ones, with their main fields only.'
    )
  }
  ctx.log.info(`${backups.length} backup(s) of ${scope}`)
  ctx.report.title(`${backups.length} backup(s) of ${scope}`)
  ctx.report.table(
    'Backups, newest first',
    backups.map(backup => ({ backup }))
  )
}
