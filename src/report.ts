import type { Backup } from './api/types.js'
import type { Mark } from './marks.js'
import {
  backupTable,
  SHOWN_ROWS,
  textTable,
  timesBlock,
  type Cell,
  type TableRow
} from './summary-table.js'
import { headlineMarkdown, stepMark, type Headline, type Words } from './headline.js'
import { forMarkdown } from './text.js'

/** Where outputs and the job summary go; the runner by default, a recorder in unit tests. */
interface ReportSink {
  setOutput(name: string, value: string): void
  writeSummary(markdown: string): Promise<void>
  warning(message: string): void
}

/**
 * GitHub keeps at most 1 MB of outputs per job, "approximated based on UTF-16 encoding". What one
 * step sets stays under this, counted as UTF-16 (2 bytes a code unit) or UTF-8, whichever is more;
 * the rest of the 1 MB is left to the job's other steps.
 */
export const OUTPUTS_BUDGET_BYTES = 950_000
/** The runner refuses a step summary over 1 MiB. */
const SUMMARY_MAX_BYTES = 1_000_000
/** What an output that holds one value may not contain (docs/security.md). */
const UNSAFE_IN_OUTPUT = /[^A-Za-z0-9._\-: /+,]/g

export function outputBytes(name: string, value: string): number {
  const text = name + value
  return Math.max(2 * text.length, Buffer.byteLength(text, 'utf8'))
}

/**
 * Step outputs and the job summary. Outputs are written as soon as they are known (a create's
 * `backupId` before the wait), and rewritten whenever the backup changes, so they always hold the
 * last state seen, however the step ends. Everything that goes into the summary is text: the
 * report adds the only markup.
 */
export class Report {
  private lastBackup: Backup | undefined
  /** The API's object of the last backup as written to the `backup` output's source. */
  private lastRaw = ''
  private headline: Headline | undefined
  /** Why the step failed and what to do next: right under the headline. */
  private problems: string[] = []
  /** Rendered at flush, when the reason under the headline is known (it is said once). */
  private sections: Array<string | ((said: string) => string)> = []
  /** The backups the tables show, whose times go in the summary's one block. */
  private timed: Backup[] = []
  private failed = false
  /** Retries by what they followed: "HTTP 502" → 2. */
  private readonly retries = new Map<string, number>()
  private readonly outputs = new Map<string, string>()

  /** `redact` scrubs secrets from every output and summary text, before any of it is cut. */
  constructor(
    private readonly sink: ReportSink,
    private readonly redact: (text: string) => string = text => text,
    /** The moment ages in the summary are counted from. */
    private readonly now: () => number = Date.now
  ) {}

  get last(): Backup | undefined {
    return this.lastBackup
  }

  backup(backup: Backup): void {
    this.lastBackup = backup
    const raw = JSON.stringify(backup.raw)
    if (raw === this.lastRaw) return
    this.lastRaw = raw
    this.output('backupId', backup.id)
    this.output('status', backup.status)
    this.output('displayStatus', backup.displayStatus)
    this.json('backup', backup.raw)
  }

  /**
   * Sets an output that holds one value. It holds only ASCII letters, digits, commas and `._-: /+`
   * and does not begin with `-`, so that a shell, a command or an expression can't misread it
   * wherever a workflow pastes it; any other character (and a leading `-`) is written as `_`, with
   * a warning. Empty, too, when it would take the outputs over budget.
   */
  output(name: string, text: string): void {
    const value = this.redact(text)
    // A leading "-" would be read as an option by a command the value is passed to.
    const safe = value.replace(UNSAFE_IN_OUTPUT, '_').replace(/^-/, '_')
    if (safe !== value) {
      this.sink.warning(
        `Output "${name}" held characters other than letters, digits, commas and ._-: /+, or ` +
          'began with "-" (from the server): each is written as "_".'
      )
    }
    this.set(name, safe)
  }

  /** Sets an output that holds JSON (the API's own objects), or empty when over budget. */
  json(name: string, value: unknown): void {
    this.set(name, this.redact(JSON.stringify(value)))
  }

  /**
   * An output holding a JSON array: as many of `items` (in order) as the budget has room for —
   * the rest left out, never reshaped. Returns how many it holds.
   */
  listOutput(name: string, items: unknown[]): { kept: number } {
    const room = this.room(name)
    const text = (count: number): string => this.redact(JSON.stringify(items.slice(0, count)))
    const fits = (count: number): boolean => outputBytes(name, text(count)) <= room
    let kept = items.length
    if (!fits(kept)) {
      let low = 0
      while (low < kept) {
        const middle = Math.ceil((low + kept) / 2)
        if (fits(middle)) low = middle
        else kept = middle - 1
      }
    }
    this.set(name, text(kept))
    return { kept }
  }

  /** Sets `backups` (the API's objects: as many of the first as fit), `count`, `latestBackupId`. */
  backups(backups: Backup[], latest: Backup | undefined): { kept: number } {
    this.output('count', String(backups.length))
    this.output('latestBackupId', latest?.id ?? '')
    return this.listOutput(
      'backups',
      backups.map(backup => backup.raw)
    )
  }

  private set(name: string, value: string): void {
    let kept = value
    if (outputBytes(name, value) > this.room(name)) {
      kept = ''
      this.sink.warning(
        `Output "${name}" is left empty: its ${value.length} characters would take this step's ` +
          `outputs over ${OUTPUTS_BUDGET_BYTES} bytes (GitHub keeps at most 1 MB per job).`
      )
    }
    this.outputs.set(name, kept)
    this.sink.setOutput(name, kept)
  }

  /** The summary's first line: the outcome, the operation, the backup or planet, the status. */
  outcome(mark: Mark, text: Words | string): void {
    this.headline = { mark, words: typeof text === 'string' ? [text] : text }
  }

  /** The outcome so far; undefined before the operation has one. */
  get current(): Headline | undefined {
    return this.headline
  }

  /** Counts a retry, for one line in the summary. */
  retried(after: string): void {
    this.retries.set(after, (this.retries.get(after) ?? 0) + 1)
  }

  /** Why the step failed, and what to do: shown right under the headline, before any table. */
  problem(text: string): void {
    this.problems.push(forMarkdown(this.redact(text), 4000))
  }

  table(caption: string, rows: TableRow[]): void {
    const now = this.now()
    this.timed.push(...rows.slice(0, SHOWN_ROWS).map(row => row.backup))
    this.sections.push(said => backupTable(caption, rows, { now, redact: this.redact, said }))
  }

  /** The step fails: its headline's mark is ❌, whatever the operation said (headline.ts). */
  fail(): void {
    this.failed = true
  }

  /** A table of plain text rows (the preflight's checks). */
  rows(caption: string, header: string[], rows: Cell[][]): void {
    this.sections.push(textTable(caption, header, rows, this.redact))
  }

  text(text: string): void {
    this.sections.push(forMarkdown(this.redact(text), 4000))
  }

  async flush(): Promise<void> {
    if (!this.headline && this.sections.length === 0 && this.problems.length === 0) return
    const fallback: Headline = { mark: '❌', words: ['GWCP backup step failed'] }
    const { mark, words } = this.headline ?? fallback
    const headline = headlineMarkdown({ mark: stepMark(mark, this.failed), words }, this.redact)
    const lead = [headline, ...this.problems, ...this.retryLine()]
    const said = this.problems.join('\n')
    const rendered = this.sections.map(section =>
      typeof section === 'string' ? section : section(said)
    )
    const times = timesBlock(this.timed, this.redact)
    const sections = withinBudget(lead, times ? [...rendered, times] : rendered)
    await this.sink.writeSummary(`${[...lead, ...sections].join('\n\n')}\n`)
  }

  private retryLine(): string[] {
    if (this.retries.size === 0) return []
    const parts = [...this.retries].map(
      ([after, count]) => `${count} ${count > 1 ? 'retries' : 'retry'} after ${after}`
    )
    return [forMarkdown(`Retried: ${parts.join(', ')}.`)]
  }

  private room(name: string): number {
    let used = 0
    for (const [other, value] of this.outputs) if (other !== name) used += outputBytes(other, value)
    return OUTPUTS_BUDGET_BYTES - used
  }
}

const bytes = (parts: string[]): number => Buffer.byteLength(parts.join('\n\n'))

/**
 * The sections, shrunk until the summary fits SUMMARY_MAX_BYTES: the largest first, each keeping
 * its first lines (a table its caption and first rows). The headline, the reason and the retries
 * (`lead`) always stay.
 */
function withinBudget(lead: string[], sections: string[]): string[] {
  const kept = [...sections]
  while (bytes([...lead, ...kept]) > SUMMARY_MAX_BYTES) {
    const sizes = kept.map(section => (section === SHRUNK ? 0 : section.length))
    const largest = sizes.indexOf(Math.max(...sizes))
    if (largest < 0 || sizes[largest] === 0) return []
    kept[largest] = shrunk(kept[largest])
  }
  return kept
}

const SHRUNK = '_…the rest of this part was left out, to keep the summary under 1 MiB._'
const KEEP_LINES = 14

/** The first half of a section's lines (at least its caption and first rows), closed again. */
function shrunk(section: string): string {
  const lines = section.replace(`\n\n${SHRUNK}`, '').split('\n')
  if (lines.length <= KEEP_LINES) return SHRUNK
  const keep = lines.slice(0, Math.max(KEEP_LINES, Math.floor(lines.length / 2)))
  const text = keep.join('\n')
  const open = (text.match(/<details>/g) ?? []).length - (text.match(/<\/details>/g) ?? []).length
  return `${text}\n\n${SHRUNK}${'\n\n</details>'.repeat(Math.max(0, open))}`
}
