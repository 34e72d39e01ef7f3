import { ApiError } from './errors.js'
import type { Reply, TokenSource, Transport } from './transport.js'
import {
  morePagesHint,
  toBackup,
  toBackupList,
  type Backup,
  type CreateBackupRequest
} from './types.js'
import type { Log } from '../log.js'

export interface ApiLocation {
  /** Without a trailing slash. */
  baseUrl: string
  tenantId: string
  projectId: string
}

/** The GWCP Database API: one method per endpoint. */
export class DatabaseApi {
  /** The star-system list path that answered last; the guide spells it `/backup`. */
  private starSystemListPath: 'backups' | 'backup' = 'backups'

  constructor(
    private readonly transport: Transport,
    private readonly tokens: TokenSource,
    private readonly location: ApiLocation,
    private readonly log: Pick<Log, 'warning'>
  ) {}

  private url(...segments: string[]): string {
    const { baseUrl, tenantId, projectId } = this.location
    return [baseUrl, 'api/v1/tenants', tenantId, 'starsystems', projectId, ...segments]
      .map((segment, index) => (index < 2 ? segment : encodeURIComponent(segment)))
      .join('/')
  }

  private get starSystem(): string {
    return `star system ${this.location.projectId}`
  }

  /**
   * POSTs a new backup. After an attempt that may have created the backup without the action
   * learning of it (timeout, dropped connection, 500/502/504), the planet's backups are searched
   * for this request's `metadata.name` before trying again, and a backup found is adopted instead
   * of creating a second one. `afterAmbiguousAttempt` tells the caller that such an attempt
   * happened, so a server that acted late can still be caught.
   */
  async createBackup(
    planetId: string,
    request: CreateBackupRequest,
    deadline?: number
  ): Promise<{ backup: Backup; afterAmbiguousAttempt: boolean }> {
    const what = `create a backup of planet ${planetId} in ${this.starSystem}`
    const findExisting = async (): Promise<Backup | undefined> =>
      (await this.listPlanetBackups(planetId)).find(backup => backup.name === request.metadata.name)
    const reply = await this.transport
      .send({
        method: 'POST',
        url: this.url('planets', planetId, 'backups'),
        what,
        json: request,
        tokens: this.tokens,
        deadline,
        recover: async () => {
          const mine = await findExisting()
          return mine && { status: 200, body: mine.raw, headers: {}, afterAmbiguousAttempt: true }
        }
      })
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.mayHaveActed) {
          error.message += ` Look for a backup named "${request.metadata.name}" on planet ${planetId}.`
        }
        throw error
      })
    const { afterAmbiguousAttempt } = reply
    // The API may answer without the backup (a 202 with no body, say): find it by its name.
    const backup = toBackup(reply.body) ?? (await findExisting())
    if (!backup) {
      throw new ApiError(
        `Could not ${what}: HTTP ${reply.status} answered without a backup id, and no backup named ` +
          `"${request.metadata.name}" is listed on the planet`,
        reply.status,
        false
      )
    }
    return { backup, afterAmbiguousAttempt }
  }

  async getBackup(backupId: string, deadline?: number): Promise<Backup> {
    const what = `get backup ${backupId} in ${this.starSystem}`
    const reply = await this.transport.send({
      method: 'GET',
      url: this.url('backups', backupId),
      what,
      tokens: this.tokens,
      deadline
    })
    const backup = toBackup(reply.body)
    if (!backup) {
      throw new ApiError(`Could not ${what}: the answer has no backup id`, reply.status, false)
    }
    return backup
  }

  async listPlanetBackups(planetId: string): Promise<Backup[]> {
    return this.list(
      `list the backups of planet ${planetId} in ${this.starSystem}`,
      this.url('planets', planetId, 'backups')
    )
  }

  /** Lists the star system's backups: `/backups`, falling back to the guide's `/backup` on 404. */
  async listStarSystemBackups(): Promise<Backup[]> {
    const what = `list the backups of ${this.starSystem}`
    for (const path of [this.starSystemListPath, otherListPath(this.starSystemListPath)]) {
      const reply = await this.transport.send({
        method: 'GET',
        url: this.url(path),
        what,
        tokens: this.tokens,
        accept: [404]
      })
      if (reply.status !== 404) {
        this.starSystemListPath = path
        return this.backupsOf(reply, what)
      }
    }
    throw new ApiError(
      `Could not ${what}: HTTP 404 Not Found on both …/backups and …/backup`,
      404,
      false
    )
  }

  /**
   * Deletes a backup. A 404 is an error unless `missingOk`, then "not-found" — except after an
   * attempt that may have deleted it already, which counts as "deleted".
   */
  async deleteBackup(backupId: string, missingOk: boolean): Promise<'deleted' | 'not-found'> {
    const reply = await this.transport.send({
      method: 'DELETE',
      url: this.url('backups', backupId),
      what: `delete backup ${backupId} in ${this.starSystem}`,
      tokens: this.tokens,
      accept: missingOk ? [404] : []
    })
    return reply.status === 404 && !reply.afterAmbiguousAttempt ? 'not-found' : 'deleted'
  }

  private async list(what: string, url: string): Promise<Backup[]> {
    const reply = await this.transport.send({ method: 'GET', url, what, tokens: this.tokens })
    return this.backupsOf(reply, what)
  }

  private backupsOf(reply: Reply, what: string): Backup[] {
    const backups = toBackupList(reply.body)
    if (!backups) {
      throw new ApiError(
        `Could not ${what}: the answer holds no list of backups`,
        reply.status,
        false
      )
    }
    const hint = morePagesHint(reply.body, backups.length)
    if (hint) {
      this.log.warning(
        `The answer to "${what}" looks like one page of several (${hint}); the action reads only ` +
          'this page, so backups may be missing from the result.'
      )
    }
    return backups
  }
}

const otherListPath = (path: 'backups' | 'backup'): 'backups' | 'backup' =>
  path === 'backups' ? 'backup' : 'backups'
