/**
 * A table of backups for a person to read in a narrow summary pane: the status with its mark and,
 * when it failed, the API's message; ids as code; ages and time left instead of ISO times (those
 * are in a collapsed block, to copy); no column that holds one value for every row; long names
 * shortened (the outputs keep them whole). Server text is escaped here, as everywhere.
 */
import type { Backup } from './api/types.js'
import { ageOf, phaseOf, timeOf } from './backups/index.js'
import { formatDuration } from './duration.js'
import { isUsableId } from './ids.js'
import { markOf } from './marks.js'
import { forMarkdown } from './text.js'

export interface TableRow {
  backup: Backup
  note?: string
}

/** A cell is text (escaped when written) or the action's own markup. */
type Cell = string | { markup: string }

const NAME_CHARS = 32
const NOTE_CHARS = 160
/** Rows beyond this are counted, not shown, so the summary stays small with huge star systems. */
const SHOWN_ROWS = 100
const OPEN_ROWS = 10

const code = (id: string): Cell => (isUsableId(id) ? { markup: `\`${id}\`` } : id)
const shortened = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`

function statusCell(backup: Backup): Cell {
  const phase = phaseOf(backup)
  const why = phase !== 'succeeded' && phase !== 'running' ? backup.errorMessage : ''
  const text = `${backup.status || 'no status'}${why ? `: ${shortened(why, NOTE_CHARS)}` : ''}`
  return { markup: `${markOf(backup)} ${forMarkdown(text, NOTE_CHARS + 40)}` }
}

const ago = (age: number | undefined): string =>
  age === undefined ? '–' : `${formatDuration(age)} ago`

function expiry(backup: Backup, now: number): string {
  const expires = timeOf(backup.expirationDate)
  if (expires === undefined) return backup.type.toLowerCase() === 'permanent' ? 'never' : '–'
  return expires <= now ? 'expired' : `in ${formatDuration(expires - now)}`
}

interface Column {
  title: string
  cell: (row: TableRow) => Cell
  /** Left out when every row holds the same value. */
  varies?: (row: TableRow) => string
}

function columns(now: number): Column[] {
  return [
    { title: 'id', cell: ({ backup }) => code(backup.id) },
    { title: 'status', cell: ({ backup }) => statusCell(backup) },
    { title: 'name', cell: ({ backup }) => shortened(backup.name, NAME_CHARS) },
    { title: 'planet', cell: ({ backup }) => backup.planet, varies: ({ backup }) => backup.planet },
    { title: 'type', cell: ({ backup }) => backup.type, varies: ({ backup }) => backup.type },
    {
      title: 'mechanism',
      cell: ({ backup }) => backup.mechanism,
      varies: ({ backup }) => backup.mechanism
    },
    {
      title: 'made',
      cell: ({ backup }) => ago(ageOf(backup, now))
    },
    { title: 'expires', cell: ({ backup }) => expiry(backup, now) },
    {
      title: 'why',
      cell: ({ note }) => shortened(note ?? '', NOTE_CHARS),
      varies: ({ note }) => note ?? ''
    }
  ]
}

const render = (cell: Cell, redact: (text: string) => string): string =>
  typeof cell === 'string' ? forMarkdown(redact(cell), NOTE_CHARS + 40) || '–' : cell.markup

/** The table, collapsed when long, with the ISO times in a collapsed block below it. */
export function backupTable(
  caption: string,
  rows: TableRow[],
  options: { now: number; redact: (text: string) => string }
): string {
  if (rows.length === 0) return `**${forMarkdown(caption)}**: none`
  const shown = rows.slice(0, SHOWN_ROWS)
  const kept = columns(options.now).filter(
    column =>
      !column.varies ||
      new Set(shown.map(column.varies)).size > 1 ||
      (column.title === 'why' && shown.some(row => row.note))
  )
  const lines = [
    `| ${kept.map(column => column.title).join(' | ')} |`,
    `|${kept.map(() => ' --- |').join('')}`,
    ...shown.map(
      row => `| ${kept.map(column => render(column.cell(row), options.redact)).join(' | ')} |`
    )
  ]
  const more = rows.length > shown.length ? `\n\n…and ${rows.length - shown.length} more.` : ''
  const table = `${lines.join('\n')}${more}\n\n${timesBlock(shown, options.redact)}`
  const title = forMarkdown(caption)
  if (rows.length <= OPEN_ROWS) return `**${title}**\n\n${table}`
  return `<details><summary><b>${title}</b> (${rows.length})</summary>\n\n${table}\n\n</details>`
}

/** The times as the API sent them, to copy. */
function timesBlock(rows: TableRow[], redact: (text: string) => string): string {
  const lines = rows.map(
    ({ backup }) =>
      `| ${[code(backup.id), backup.startedAt, backup.completedAt, backup.expirationDate].map(cell => render(cell, redact)).join(' | ')} |`
  )
  return [
    '<details><summary>Times as the API sent them</summary>',
    '',
    '| id | started | completed | expires |',
    '| --- | --- | --- | --- |',
    ...lines,
    '',
    '</details>'
  ].join('\n')
}
