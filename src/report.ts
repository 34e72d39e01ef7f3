import type { Backup } from './api/types.js'
import { timeOf } from './api/types.js'

/** Where outputs and the job summary go; the runner by default, a recorder in unit tests. */
export interface ReportSink {
  setOutput(name: string, value: string): void
  writeSummary(markdown: string): Promise<void>
}

/** GitHub caps one step output at 1 MB; the `backups` output stays below that. */
const OUTPUT_LIMIT = 900_000
/** Rows beyond this are counted, not shown, so the summary stays small with huge star systems. */
const SUMMARY_ROWS = 100
const OPEN_ROWS = 10

export interface SummaryRow {
  backup: Backup
  note?: string
}

/**
 * Step outputs and the job summary. Outputs are written as soon as they are known (a create's
 * `backupId` before the wait), and rewritten whenever the backup's status changes, so they always
 * hold the last state seen, however the step ends.
 */
export class Report {
  private lastBackup: Backup | undefined
  private headline = ''
  private sections: string[] = []

  constructor(private readonly sink: ReportSink) {}

  get last(): Backup | undefined {
    return this.lastBackup
  }

  backup(backup: Backup): void {
    const previous = this.lastBackup
    this.lastBackup = backup
    if (previous?.id === backup.id && previous.status === backup.status) return
    this.sink.setOutput('backupId', backup.id)
    this.sink.setOutput('status', backup.status)
    this.sink.setOutput('displayStatus', backup.displayStatus)
    this.sink.setOutput('backup', JSON.stringify(backup.raw))
  }

  output(name: string, value: string): void {
    this.sink.setOutput(name, value)
  }

  /** Sets `backups` (raw, or compact when too large for an output), `count` and `latestBackupId`. */
  backups(backups: Backup[]): { truncated: boolean } {
    let json = JSON.stringify(backups.map(backup => backup.raw))
    let truncated = false
    if (json.length > OUTPUT_LIMIT) {
      const compact = newestFirst(backups).map(compactOf)
      let kept = compact.length
      json = JSON.stringify(compact)
      while (json.length > OUTPUT_LIMIT) {
        kept = Math.floor((kept * OUTPUT_LIMIT) / json.length) - 1
        json = JSON.stringify(compact.slice(0, kept))
        truncated = true
      }
    }
    this.sink.setOutput('backups', json)
    this.sink.setOutput('count', String(backups.length))
    this.sink.setOutput('latestBackupId', latestSucceeded(backups)?.id ?? '')
    return { truncated }
  }

  title(markdown: string): void {
    this.headline = markdown
  }

  table(caption: string, rows: SummaryRow[]): void {
    this.sections.push(summaryTable(caption, rows))
  }

  text(markdown: string): void {
    this.sections.push(markdown)
  }

  async flush(): Promise<void> {
    if (!this.headline && this.sections.length === 0) return
    const headline = this.headline || 'failed'
    const body = [`### GWCP database backup: ${headline}`, ...this.sections].join('\n\n')
    await this.sink.writeSummary(`${body}\n`)
  }
}

export function newestFirst(backups: Backup[]): Backup[] {
  const started = (backup: Backup): number =>
    timeOf(backup.completedAt) ?? timeOf(backup.startedAt) ?? 0
  return [...backups].sort((a, b) => started(b) - started(a))
}

/** The newest backup whose status is `succeeded`. */
function latestSucceeded(backups: Backup[]): Backup | undefined {
  return newestFirst(backups).find(backup => backup.status.toLowerCase() === 'succeeded')
}

function compactOf(backup: Backup): Record<string, string> {
  const { id, status, type, mechanism, planet, name, startedAt, completedAt, expirationDate } =
    backup
  return { id, status, type, mechanism, planet, name, startedAt, completedAt, expirationDate }
}

const COLUMNS = [
  'id',
  'planet',
  'status',
  'type',
  'mechanism',
  'name',
  'started',
  'completed',
  'expires'
]

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ') || '–'
}

function summaryTable(caption: string, rows: SummaryRow[]): string {
  const withNotes = rows.some(row => row.note)
  const header = withNotes ? [...COLUMNS, 'why'] : COLUMNS
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => ' --- |').join('')}`]
  for (const { backup, note } of rows.slice(0, SUMMARY_ROWS)) {
    const cells = [
      backup.id,
      backup.planet,
      backup.status,
      backup.type,
      backup.mechanism,
      backup.name,
      backup.startedAt,
      backup.completedAt,
      backup.expirationDate
    ]
    if (withNotes) cells.push(note ?? '')
    lines.push(`| ${cells.map(cell).join(' | ')} |`)
  }
  const table = lines.join('\n')
  const more = rows.length > SUMMARY_ROWS ? `\n\n…and ${rows.length - SUMMARY_ROWS} more.` : ''
  if (rows.length === 0) return `**${caption}**: none`
  if (rows.length <= OPEN_ROWS) return `**${caption}**\n\n${table}`
  return `<details><summary><b>${caption}</b> (${rows.length})</summary>\n\n${table}${more}\n\n</details>`
}
