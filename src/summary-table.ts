/**
 * A table of backups for a person to read in a narrow summary pane: the status with its mark and,
 * when it failed, the API's message; ids as code; ages and time left instead of ISO times (those
 * are in a collapsed block, to copy); no column that holds one value for every row; long names
 * shortened (the outputs keep them whole). Server text is escaped here, as everywhere.
 */
import type { Backup } from './api/types.js'
import { ageOf, timeOf } from './backups/index.js'
import { formatDuration } from './duration.js'
import { isUsableId } from './ids.js'
import { markOf } from './marks.js'
import { forMarkdown } from './text.js'

export interface TableRow {
  backup: Backup
  note?: string
}

/** A cell is text (escaped when written) or the action's own markup. */
/** Text (escaped, cut) or the action's own markup (a mark, a code span). */
export type Cell = string | { markup: string }

const NAME_CHARS = 32
const NOTE_CHARS = 160
/** Rows beyond this are counted, not shown, so the summary stays small with huge star systems. */
export const SHOWN_ROWS = 100
const OPEN_ROWS = 10

type Redact = (text: string) => string

const code = (id: string): Cell => (isUsableId(id) ? { markup: `\`${id}\`` } : id)
const shortened = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`

function statusCell(backup: Backup, { redact, said }: TableOptions): Cell {
  // Whatever the status: a backup that says it succeeded and reports an error is no restore point
  // — unless the reason under the headline says it already.
  const message = redact(backup.errorMessage.trim())
  const why = message && !said.includes(message) ? message : ''
  const status = redact(backup.status) || 'no status'
  const text = `${status}${why ? `: ${shortened(why, NOTE_CHARS)}` : ''}`
  return { markup: `${markOf(backup)} ${forMarkdown(text, NOTE_CHARS + 40)}` }
}

/** "4d 2h ago", kept on one line (a no-break space is the action's own markup). */
const ago = (age: number | undefined): Cell =>
  age === undefined ? '–' : { markup: `${formatDuration(age)} ago`.replace(/ /g, '&nbsp;') }

/** "in 3d", "expired", "never" (permanent, no expirationDate), or "–" (unknown). */
export function expiry(backup: Backup, now: number): string {
  const expires = timeOf(backup.expirationDate)
  if (expires === undefined) return backup.type.toLowerCase() === 'permanent' ? 'never' : '–'
  return expires <= now ? 'expired' : `in ${formatDuration(expires - now)}`
}

interface Column {
  title: string
  cell: (row: TableRow) => Cell
  /** Whether the column is worth showing for these rows (default: always). */
  shows?: (rows: TableRow[]) => boolean
}

/** A column that holds one value for every row says nothing a row needs. */
const varies =
  (value: (row: TableRow) => string) =>
  (rows: TableRow[]): boolean =>
    new Set(rows.map(value)).size > 1

/** Every cell is redacted before it is shortened: a secret cut in two is no longer found. */
function columns(options: TableOptions): Column[] {
  const { now, redact } = options
  const planet = ({ backup }: TableRow): string => backup.planet
  const type = ({ backup }: TableRow): string => backup.type
  const mechanism = ({ backup }: TableRow): string => backup.mechanism
  return [
    { title: 'id', cell: ({ backup }) => code(backup.id) },
    { title: 'status', cell: ({ backup }) => statusCell(backup, options) },
    { title: 'name', cell: ({ backup }) => shortened(redact(backup.name), NAME_CHARS) },
    { title: 'planet', cell: planet, shows: varies(planet) },
    { title: 'type', cell: type, shows: varies(type) },
    { title: 'mechanism', cell: mechanism, shows: varies(mechanism) },
    { title: 'made', cell: ({ backup }) => ago(ageOf(backup, now)) },
    { title: 'expires', cell: ({ backup }) => expiry(backup, now) },
    {
      title: 'why',
      cell: ({ note }) => shortened(redact(note ?? ''), NOTE_CHARS),
      shows: rows => rows.some(row => row.note)
    }
  ]
}

/**
 * The lines of a Markdown table: the header, then each row, its text cells escaped (server text
 * is data) and cut to `cellChars`, its markup cells as the action wrote them.
 */
function markdownTable(
  header: string[],
  rows: Cell[][],
  options: { redact: (text: string) => string; cellChars?: number }
): string {
  const { redact, cellChars = NOTE_CHARS + 40 } = options
  const render = (cell: Cell): string =>
    typeof cell === 'string' ? forMarkdown(redact(cell), cellChars) || '–' : cell.markup
  return [
    `| ${header.map(title => forMarkdown(title)).join(' | ')} |`,
    `|${header.map(() => ' --- |').join('')}`,
    ...rows.map(row => `| ${row.map(render).join(' | ')} |`)
  ].join('\n')
}

/** A table under its caption; over OPEN_ROWS rows, collapsed. `total` counts rows not shown too. */
function captioned(caption: string, table: string, total: number): string {
  const title = forMarkdown(caption)
  if (total === 0) return `**${title}**: none`
  const more = total > SHOWN_ROWS ? `\n\n…and ${total - SHOWN_ROWS} more rows, not shown.` : ''
  if (total <= OPEN_ROWS) return `**${title}**\n\n${table}${more}`
  return `<details><summary><b>${title}</b> (${total})</summary>\n\n${table}${more}\n\n</details>`
}

interface TableOptions {
  now: number
  redact: Redact
  /** What the summary says already (the reason under the headline): not said again in a cell. */
  said: string
}

/** The backups, at most SHOWN_ROWS of them (their ISO times go in the summary's one block). */
export function backupTable(caption: string, rows: TableRow[], options: TableOptions): string {
  const shown = rows.slice(0, SHOWN_ROWS)
  const kept = columns(options).filter(column => !column.shows || column.shows(shown))
  const table = markdownTable(
    kept.map(column => column.title),
    shown.map(row => kept.map(column => column.cell(row))),
    options
  )
  return captioned(caption, table, rows.length)
}

/** The one collapsed block of the times the API sent, for every backup the tables show. */
export function timesBlock(backups: Backup[], redact: Redact): string {
  const seen = new Set<string>()
  const unique = backups.filter(backup => !seen.has(backup.id) && !!seen.add(backup.id))
  if (unique.length === 0) return ''
  const times = markdownTable(
    ['id', 'started', 'completed', 'expires'],
    unique
      .slice(0, SHOWN_ROWS)
      .map(backup => [
        code(backup.id),
        backup.startedAt,
        backup.completedAt,
        backup.expirationDate
      ]),
    { redact }
  )
  return `<details><summary>Times as the API sent them</summary>\n\n${times}\n\n</details>`
}

/** Rows of text or markup (the preflight's checks, a list's planets), at most SHOWN_ROWS. */
export function textTable(
  caption: string,
  header: string[],
  rows: Cell[][],
  redact: (text: string) => string
): string {
  const shown = rows.slice(0, SHOWN_ROWS)
  return captioned(caption, markdownTable(header, shown, { redact, cellChars: 1000 }), rows.length)
}
