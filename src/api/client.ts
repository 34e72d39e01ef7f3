import { ApiError } from '../errors.js'
import {
  UNREACHABLE,
  type Reply,
  type Request,
  type TokenSource,
  type Transport
} from './transport.js'
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

/** What a create's answer says: the backup, or (a 202 without a body) where it may be found. */
export interface CreateAnswer {
  backup?: Backup
  /** The id the answer's `Location` names, when it has no backup. */
  locationId?: string
  status: number
  /** An attempt may have acted unseen. */
  mayHaveActed: boolean
}

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

  /** A Database API request: with the token, and this API's advice for what can go wrong. */
  private send(
    request: Omit<Request, 'tokens' | 'adviceFor'> & { planetId?: string }
  ): Promise<Reply> {
    const { planetId, ...rest } = request
    return this.transport.send({
      ...rest,
      deadline: request.deadline ?? this.location.deadline,
      tokens: this.tokens,
      adviceFor: (status, reason) => this.advice(status, reason, planetId)
    })
  }

  /** What to do: each failure that an input can cause names that input, and `check`. */
  private advice(
    status: number | undefined,
    reason: string,
    planetId?: string
  ): string | undefined {
    const { baseUrl, tenantId, projectId } = this.location
    const origin = new URL(baseUrl).origin
    if (status === 503) {
      return (
        'The Database API says it is temporarily unavailable: try again in a few minutes, and see ' +
        `its health check, GET ${origin}/management/health (operation "check").`
      )
    }
    if (status === 404 && planetId) {
      return (
        `Check tenantId "${tenantId}", projectId "${projectId}" and planetId "${planetId}", and ` +
        "that region (or baseUrl) is the one of this tenant's star system; " +
        'operation "check" tests them without changing anything.'
      )
    }
    if (status === undefined && UNREACHABLE.test(reason)) {
      return `Nothing answered at ${origin}: check baseUrl (or region); operation "check" tests it.`
    }
    return undefined
  }

  private get starSystem(): string {
    return `star system ${this.location.projectId}`
  }

  /**
   * POSTs a new backup. After an attempt that may have acted without the action learning of it
   * (timeout, dropped connection, 408/424/500/502/504), the planet's backups are listed and `claim`
   * picks the one this step made, if any (backups/reuse.ts, `claimOwn`): it is adopted rather than
   * a second one created — or `claim` throws, and nothing is sent again. An answer without a
   * backup comes back as such, with the id its `Location` names, if any; finding the backup is the
   * caller's. `mayHaveActed` tells the caller that an attempt may have acted unseen, so that a
   * server that acted late can still be caught.
   */
  async createBackup(
    planetId: string,
    request: CreateBackupRequest,
    options: { deadline?: number; claim: (listing: Listing) => Backup | undefined }
  ): Promise<CreateAnswer> {
    const task = `create a backup of planet ${planetId} in ${this.starSystem}`
    const lookFor = `Look for a backup named "${request.metadata.name}" on planet ${planetId}.`
    const reply = await this.send({
      method: 'POST',
      url: this.url('planets', planetId, 'backups'),
      task,
      planetId,
      json: request,
      deadline: options.deadline,
      recover: async () => {
        const mine = options.claim(await this.listPlanetBackups(planetId))
        return (
          mine && { status: 200, body: mine.raw, headers: {}, earlierAttemptMayHaveActed: true }
        )
      }
    }).catch((error: unknown) => {
      if (error instanceof ApiError && error.mayHaveActed) error.advise(lookFor)
      throw error
    })
    const answered = toBackup(reply.body)
    if (answered && !isUsableId(answered.id)) throw this.unusable(answered, task).advise(lookFor)
    return {
      backup: answered,
      locationId: answered ? undefined : idInLocation(reply.headers.location),
      status: reply.status,
      mayHaveActed: reply.earlierAttemptMayHaveActed || !!reply.retried
    }
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

  /** GETs one backup; `once` sends it without a retry (a look that must not hold anything up). */
  async getBackup(
    backupId: string,
    options: { deadline?: number; once?: boolean } = {}
  ): Promise<Backup> {
    const { deadline, once } = options
    const task = `get backup ${backupId} in ${this.starSystem}`
    const reply = await this.send({
      method: 'GET',
      url: this.url('backups', backupId),
      task,
      deadline,
      once
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
    const task = `list the backups of planet ${planetId} in ${this.starSystem}`
    const reply = await this.send({
      method: 'GET',
      url: this.url('planets', planetId, 'backups'),
      task,
      planetId
    })
    return this.backupsOf(reply, task)
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
    const backups = listed.filter(backup => isUsableId(backup.id))
    return { backups, unusableIds, partial: hint !== undefined }
  }
}

/**
 * The backup id a create's `Location` names: its last path segment, if it passes the id rule. The
 * action never requests the `Location` itself (it follows no redirect); it GETs its own URL.
 */
function idInLocation(location: string | string[] | undefined): string | undefined {
  const value = Array.isArray(location) ? location[0] : location
  if (!value) return undefined
  try {
    const segment = new URL(value, 'http://location.invalid').pathname
      .split('/')
      .filter(Boolean)
      .at(-1)
    const id = segment === undefined ? '' : decodeURIComponent(segment)
    return isUsableId(id) ? id : undefined
  } catch {
    return undefined
  }
}

const otherListPath = (path: 'backups' | 'backup'): 'backups' | 'backup' =>
  path === 'backups' ? 'backup' : 'backups'
