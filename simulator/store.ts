/**
 * The simulator's backups: made by a create or seeded as if made earlier, and shown as the
 * Database API shows them. Backups move pending → in_progress → succeeded (or failed, for planets
 * configured so) over a set duration. Knows nothing of HTTP.
 */
import { ExactNumber } from './exact-number.js'

export interface SimulatedBackup {
  id: string
  tenantId: string
  projectId: string
  planetId: string
  mechanism: string
  planetClass?: string
  type: string
  retentionPeriodInDays?: number
  metadata: { name: string; description?: string }
  createdAt: number
  durationMs: number
  /** Fixed outcome for seeded backups; created ones follow the clock. */
  fixedStatus?: string
  completedAt?: number
  failWith?: string
  /** Fields that replace those of the API's view of the backup (other answer shapes). */
  fields?: Record<string, unknown>
}

export interface SeededBackup {
  tenantId?: string
  projectId?: string
  planetId: string
  id?: string
  status?: string
  type?: string
  mechanism?: string
  name?: string
  ageMs?: number
  errorMessage?: string
  fields?: Record<string, unknown>
}

/** What a create settles by the store's settings: how long it takes, whether it fails. */
export interface StoreSettings {
  backupDurationMs: number
  now: () => number
  /** Planets whose backups fail, with the error message they fail with. */
  failingPlanets: Record<string, string>
}

export class BackupStore {
  private readonly backups = new Map<string, SimulatedBackup>()
  /** A bigint: ids beyond 2^53 stay exact (`firstId`). */
  private nextId = 1000n

  constructor(private readonly settings: () => StoreSettings) {}

  /** The id the next backup gets, and those after it one more each. */
  startIdsAt(id: string): void {
    this.nextId = BigInt(id)
  }

  /** Adds a backup as if made earlier; `ageMs` back from now, finished with `status`. */
  seed(backup: SeededBackup): SimulatedBackup {
    const completedAt = this.settings().now() - (backup.ageMs ?? 0)
    const status = backup.status ?? 'succeeded'
    const seeded: SimulatedBackup = {
      id: backup.id ?? String(this.nextId++),
      tenantId: backup.tenantId ?? 'acme',
      projectId: backup.projectId ?? 'pc',
      planetId: backup.planetId,
      mechanism: backup.mechanism ?? 'logical',
      type: backup.type ?? 'temporary',
      metadata: { name: backup.name ?? `seeded-${this.nextId}` },
      createdAt: completedAt - 60_000,
      durationMs: 60_000,
      fixedStatus: status,
      completedAt: ['succeeded', 'failed'].includes(status) ? completedAt : undefined,
      failWith:
        status === 'failed' ? (backup.errorMessage ?? 'pg_dump exited with code 1') : undefined,
      fields: backup.fields
    }
    this.backups.set(seeded.id, seeded)
    return seeded
  }

  /** Makes a backup as a create does. */
  create(create: {
    tenantId: string
    projectId: string
    planetId: string
    request: Record<string, unknown>
  }): SimulatedBackup {
    const { request } = create
    const { backupDurationMs, failingPlanets } = this.settings()
    const backup: SimulatedBackup = {
      id: String(this.nextId++),
      tenantId: create.tenantId,
      projectId: create.projectId,
      planetId: create.planetId,
      mechanism: request.mechanism as string,
      planetClass: request.planetClass as string | undefined,
      type: request.temporary === false ? 'permanent' : 'temporary',
      retentionPeriodInDays: request.retentionPeriodInDays as number | undefined,
      metadata: request.metadata as { name: string; description?: string },
      createdAt: this.settings().now(),
      durationMs: backupDurationMs,
      failWith: failingPlanets[create.planetId]
    }
    this.backups.set(backup.id, backup)
    return backup
  }

  remove(id: string): void {
    this.backups.delete(id)
  }

  all(): SimulatedBackup[] {
    return [...this.backups.values()]
  }

  /** The backups of one star system. */
  inStarSystem(tenantId: string, projectId: string): SimulatedBackup[] {
    return this.all().filter(
      backup => backup.tenantId === tenantId && backup.projectId === projectId
    )
  }

  /** The moment a created backup reached `succeeded` (or will). */
  succeededAt(id: string): number | undefined {
    const backup = this.backups.get(id)
    return backup && backup.createdAt + backup.durationMs
  }

  /** A backup as the API shows it (the guide's one example answer, plus `fields`). */
  view(backup: SimulatedBackup): Record<string, unknown> {
    const status = statusOf(backup, this.settings().now())
    const done = status === 'succeeded' || status === 'failed'
    const completedAt = backup.completedAt ?? backup.createdAt + backup.durationMs
    const retentionDays = backup.retentionPeriodInDays ?? 7
    return {
      id: /^\d+$/.test(backup.id) ? new ExactNumber(backup.id) : backup.id,
      mechanism: backup.mechanism,
      type: backup.type,
      environment: {
        tenant: backup.tenantId,
        project: backup.projectId,
        stage: backup.planetClass ?? 'dev',
        name: backup.planetId
      },
      metadata: backup.metadata,
      status,
      displayStatus: DISPLAY[status] ?? status,
      errorMessage: status === 'failed' ? backup.failWith : null,
      startedAt: iso(backup.createdAt),
      completedAt: done ? iso(completedAt) : null,
      expirationDate:
        backup.type === 'permanent' ? null : iso(backup.createdAt + retentionDays * 86_400_000),
      databaseToApplicationBuilds: {},
      ...backup.fields
    }
  }
}

function statusOf(backup: SimulatedBackup, now: number): string {
  if (backup.fixedStatus) return backup.fixedStatus
  const elapsed = now - backup.createdAt
  if (elapsed >= backup.durationMs) return backup.failWith ? 'failed' : 'succeeded'
  return elapsed < backup.durationMs / 4 ? 'pending' : 'in_progress'
}

const DISPLAY: Record<string, string> = {
  pending: 'queued',
  in_progress: 'in progress',
  succeeded: 'ready',
  failed: 'failed'
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
