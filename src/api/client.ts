import { ApiError } from '../errors.js'
import type { Reply, Request, TokenSource, Transport } from './transport.js'
import {
  morePagesHint,
  toBackup,
  toBackupList,
  type Backup,
  type CreateBackupRequest,
  type Listing
} from './types.js'
import type { Log } from '../log.js'
import { ID_RULE, isUsableId } from '../ids.js'

interface ApiLocation {
  /** Without a trailing slash. */
  baseUrl: string
  tenantId: string
  projectId: string
  /**
   * No request (nor the token it needs) waits past this moment (epoch ms) unless it names its own
   * deadline: the `waitTimeout` of create, ensure and wait.
   */
  deadline?: number
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

  /** The URL of a path under the star system; every id in it must pass the id rule. */
  private url(...segments: string[]): string {
    const { baseUrl, tenantId, projectId } = this.location
    const ids = [tenantId, projectId, ...segments]
    const unusable = ids.find(id => !isUsableId(id))
    if (unusable !== undefined) {
      throw new ApiError(
        `The action sends no request for the id ${JSON.stringify(unusable)}: ${ID_RULE}`
      )
    }
    return [baseUrl, 'api/v1/tenants', tenantId, 'starsystems', projectId, ...segments].join('/')
  }

  /** A Database API request: with the token, and this API's advice when it is unavailable. */
  private send(request: Omit<Request, 'tokens' | 'adviceFor'>): Promise<Reply> {
    return this.transport.send({
      ...request,
      deadline: request.deadline ?? this.location.deadline,
      tokens: this.tokens,
      adviceFor: this.advice
    })
  }

  private readonly advice = (status: number | undefined): string | undefined =>
    status === 503
      ? 'The Database API says it is temporarily unavailable: try again in a few minutes, and see ' +
        `its health check, GET ${new URL(this.location.baseUrl).origin}/management/health (operation "check").`
      : undefined

  private get starSystem(): string {
    return `star system ${this.location.projectId}`
  }

  /**
   * POSTs a new backup. After an attempt that may have acted without the action learning of it
   * (timeout, dropped connection, 408/424/500/502/504), and when the answer holds no backup (a 202
   * without a body), the planet's backups are listed and `claim` picks the one this step made, if
   * any (backups.ts, `madeByThisStep`): it is adopted rather than a second one created.
   * `mayHaveActed` tells the caller that such an attempt happened, so that a server that acted
   * late can still be caught.
   */
  async createBackup(
    planetId: string,
    request: CreateBackupRequest,
    options: { deadline?: number; claim: (listed: Backup[]) => Backup | undefined }
  ): Promise<{ backup: Backup; mayHaveActed: boolean }> {
    const task = `create a backup of planet ${planetId} in ${this.starSystem}`
    const findMine = async (): Promise<Backup | undefined> =>
      options.claim((await this.listPlanetBackups(planetId)).backups)
    const reply = await this.send({
      method: 'POST',
      url: this.url('planets', planetId, 'backups'),
      task,
      json: request,
      deadline: options.deadline,
      recover: async () => {
        const mine = await findMine()
        return (
          mine && { status: 200, body: mine.raw, headers: {}, earlierAttemptMayHaveActed: true }
        )
      }
    }).catch((error: unknown) => {
      if (error instanceof ApiError && error.mayHaveActed) {
        error.advise(`Look for a backup named "${request.metadata.name}" on planet ${planetId}.`)
      }
      throw error
    })
    const mayHaveActed = reply.earlierAttemptMayHaveActed
    const answered = toBackup(reply.body)
    if (answered && !isUsableId(answered.id)) {
      throw this.unusable(answered, task).advise(
        `Look for a backup named "${request.metadata.name}" on planet ${planetId}.`
      )
    }
    if (answered) return { backup: answered, mayHaveActed }
    const backup = await findMine()
    if (!backup) {
      throw new ApiError(
        `Could not ${task}: HTTP ${reply.status} answered without a backup id, and no backup that ` +
          `this step made is listed on the planet (named "${request.metadata.name}"). Look for it ` +
          'before creating another.',
        { status: reply.status, mayHaveActed: true }
      )
    }
    return { backup, mayHaveActed }
  }

  /**
   * The documented health check, `GET {baseUrl}/management/health`: asked once, without a token
   * and without retries — its answer is the point. Any status comes back as it is.
   */
  async health(): Promise<{ status: number; body: unknown }> {
    const reply = await this.transport.send({
      method: 'GET',
      url: `${this.location.baseUrl}/management/health`,
      task: 'ask the Database API health check',
      once: true,
      accept: Array.from({ length: 200 }, (_, index) => 400 + index)
    })
    return { status: reply.status, body: reply.body }
  }

  async getBackup(backupId: string, deadline?: number): Promise<Backup> {
    const task = `get backup ${backupId} in ${this.starSystem}`
    const reply = await this.send({
      method: 'GET',
      url: this.url('backups', backupId),
      task,
      deadline
    })
    const backup = toBackup(reply.body)
    if (!backup) {
      throw new ApiError(`Could not ${task}: the answer has no backup id`, { status: reply.status })
    }
    // Compared as text: an id the API sends as a number is its decimal form.
    if (backup.id !== backupId) {
      throw new ApiError(
        `Could not ${task}: the answer is about another backup, ${JSON.stringify(backup.id)}`,
        { status: reply.status }
      )
    }
    return backup
  }

  /** The error for a single answer about a backup whose id the action neither acts on nor outputs. */
  private unusable(backup: Backup, task: string): ApiError {
    return new ApiError(
      `Could not ${task}: the answer names backup ${JSON.stringify(backup.id)}, an id the action ` +
        `neither acts on nor puts in an output (${ID_RULE}).`,
      { mayHaveActed: true }
    )
  }

  async listPlanetBackups(planetId: string): Promise<Listing> {
    return this.list(
      `list the backups of planet ${planetId} in ${this.starSystem}`,
      this.url('planets', planetId, 'backups')
    )
  }

  /** Lists the star system's backups: `/backups`, falling back to the guide's `/backup` on 404. */
  async listStarSystemBackups(): Promise<Listing> {
    const task = `list the backups of ${this.starSystem}`
    for (const path of [this.starSystemListPath, otherListPath(this.starSystemListPath)]) {
      const reply = await this.send({ method: 'GET', url: this.url(path), task, accept: [404] })
      if (reply.status !== 404) {
        this.starSystemListPath = path
        return this.backupsOf(reply, task)
      }
    }
    throw new ApiError(`Could not ${task}: HTTP 404 Not Found on both …/backups and …/backup`, {
      status: 404
    })
  }

  /**
   * Deletes a backup. A 404 is an error unless `missingOk`, then "not-found" — except after an
   * attempt that may have deleted it already, which counts as "deleted".
   */
  async deleteBackup(backupId: string, missingOk: boolean): Promise<'deleted' | 'not-found'> {
    const reply = await this.send({
      method: 'DELETE',
      url: this.url('backups', backupId),
      task: `delete backup ${backupId} in ${this.starSystem}`,
      // 410 Gone is as missing as 404.
      accept: missingOk ? [404, 410] : []
    })
    return reply.status >= 400 && !reply.earlierAttemptMayHaveActed ? 'not-found' : 'deleted'
  }

  private async list(task: string, url: string): Promise<Listing> {
    const reply = await this.send({ method: 'GET', url, task })
    return this.backupsOf(reply, task)
  }

  private backupsOf(reply: Reply, task: string): Listing {
    const listed = toBackupList(reply.body)
    if (!listed) {
      throw new ApiError(`Could not ${task}: the answer holds no list of backups`, {
        status: reply.status
      })
    }
    const hint = morePagesHint(reply.body, listed.length)
    if (hint) {
      this.log.warning(
        `The answer to "${task}" looks like one page of several (${hint}); the action reads only ` +
          'this page, so backups may be missing from the result.'
      )
    }
    const unusableIds = listed.filter(backup => !isUsableId(backup.id)).map(backup => backup.id)
    return { backups: listed.filter(backup => isUsableId(backup.id)), unusableIds }
  }
}

const otherListPath = (path: 'backups' | 'backup'): 'backups' | 'backup' =>
  path === 'backups' ? 'backup' : 'backups'
