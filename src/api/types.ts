/** The create body, exactly as the Database API takes it: only the fields that apply are present. */
export interface CreateBackupRequest {
  mechanism: string
  planetClass?: string
  temporary: boolean
  retentionPeriodInDays?: number
  metadata: { name: string; description: string }
}

/**
 * A backup as the action reads it. The API's own object is kept whole in `raw` (it is what the
 * `backup` output carries); the fields below are the ones the action reasons about, with `id`
 * as an opaque string whatever type the API uses.
 */
export interface Backup {
  id: string
  status: string
  displayStatus: string
  errorMessage: string
  type: string
  mechanism: string
  planet: string
  name: string
  startedAt: string
  completedAt: string
  expirationDate: string
  raw: Record<string, unknown>
}

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''

/**
 * An id as text. A number id is exact only as a safe integer (long ones arrive as strings of
 * their digits, exact-json.ts): a fraction or a rounded one could name another backup, so it
 * gets a `~` that fails the id rule — counted as "id not usable", never acted on.
 */
const idText = (value: unknown): string =>
  typeof value === 'number' && !Number.isSafeInteger(value) ? `~${value}` : text(value)

const firstText = (...values: unknown[]): string =>
  values.map(text).find(value => value.trim() !== '') ?? ''

/** Reads a backup object from the API; undefined when it has no id. */
export function toBackup(value: unknown): Backup | undefined {
  if (!isObject(value)) return undefined
  const id = idText(value.id ?? value.backupId)
  if (!id) return undefined
  const environment = isObject(value.environment) ? value.environment : {}
  const metadata = isObject(value.metadata) ? value.metadata : {}
  return {
    id,
    status: text(value.status),
    displayStatus: text(value.displayStatus),
    errorMessage: text(value.errorMessage),
    type: text(value.type),
    mechanism: text(value.mechanism),
    // The guide's example names the planet only in environment.name; other shapes are guesses,
    // and an empty or non-text field does not hide one that names it.
    planet: firstText(
      value.planetId,
      value.planet,
      isObject(value.planet) && (value.planet.id ?? value.planet.name),
      environment.name
    ),
    name: text(metadata.name ?? value.name),
    startedAt: text(value.startedAt),
    completedAt: text(value.completedAt),
    expirationDate: text(value.expirationDate),
    raw: value
  }
}

/** A list answer: the backups the action may act on, and the ids of those it may not. */
export interface Listing {
  backups: Backup[]
  /** Ids that fail the id rule (ids.ts): never acted on, never put in an output. */
  unusableIds: string[]
  /** The answer looks like one page of several: backups may be missing from it. */
  partial: boolean
}

const LIST_KEYS = ['backups', 'items', 'data', 'content', 'results', 'records', 'elements']

/**
 * A list answer may be a bare array or an object that wraps one (`{"backups": [...]}`, ...). A
 * list may name a backup twice; the first time counts.
 */
export function toBackupList(value: unknown): Backup[] | undefined {
  const array = Array.isArray(value)
    ? value
    : isObject(value)
      ? (LIST_KEYS.map(key => value[key]).find(Array.isArray) ??
        Object.values(value).find(Array.isArray))
      : undefined
  if (!array) return undefined
  const seen = new Set<string>()
  return array
    .map(toBackup)
    .filter((backup): backup is Backup => !!backup && !seen.has(backup.id) && !!seen.add(backup.id))
}

const NEXT_PAGE_KEYS = [
  'next',
  'nextPage',
  'nextPageToken',
  'nextToken',
  'continuationToken',
  'cursor'
]

/**
 * Pagination is not documented. When a wrapped list says there is more than it holds, this says
 * why it looks so (undefined when it does not), so the action can warn instead of staying silent.
 */
export function morePagesHint(value: unknown, listed: number): string | undefined {
  if (!isObject(value)) return undefined
  for (const key of ['total', 'totalCount', 'totalElements', 'totalItems', 'count']) {
    const total = value[key]
    if (typeof total === 'number' && total > listed) return `"${key}" is ${total}, ${listed} listed`
  }
  const next = NEXT_PAGE_KEYS.find(key => value[key]) ?? (value.hasMore === true && 'hasMore')
  if (next) return `it has "${next}"`
  if (isObject(value.links) && value.links.next) return 'it has "links.next"'
  return undefined
}
