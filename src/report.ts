import type { Backup } from './api/types.js'
import type { Mark } from './marks.js'
import { backupTable, textTable, type TableRow } from './summary-table.js'
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
/** What an output that holds one value may not contain (README, "Security"). */
const UNSAFE_IN_OUTPUT = /[^A-Za-z0-9._\-: /+]/g

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
  private headline: { mark: Mark; text: string } | undefined
  /** Why the step failed and what to do next: right under the headline. */
  private problems: string[] = []
  private sections: string[] = []
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
   * Sets an output that holds one value. It holds only ASCII letters, digits and `._-: /+`, so that
   * a shell or an expression can't misread it wherever a workflow pastes it; any other character
   * is written as `_`, with a warning. Empty, too, when it would take the outputs over budget.
   */
  output(name: string, text: string): void {
    const value = this.redact(text)
    const safe = value.replace(UNSAFE_IN_OUTPUT, '_')
    if (safe !== value) {
      this.sink.warning(
        `Output "${name}" held characters other than letters, digits and ._-: /+ (from the ` +
          'server): each is written as "_".'
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
  outcome(mark: Mark, text: string): void {
    this.headline = { mark, text }
  }

  /** The outcome so far; undefined before the operation has one. */
  get current(): { mark: Mark; text: string } | undefined {
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
    this.sections.push(backupTable(caption, rows, { now: this.now(), redact: this.redact }))
  }

  /** A table of plain text rows (the preflight's checks). */
  rows(caption: string, header: string[], rows: string[][]): void {
    this.sections.push(textTable(caption, header, rows, this.redact))
  }

  text(text: string): void {
    this.sections.push(forMarkdown(this.redact(text), 4000))
  }

  async flush(): Promise<void> {
    if (!this.headline && this.sections.length === 0 && this.problems.length === 0) return
    const { mark, text } = this.headline ?? { mark: '❌', text: 'GWCP backup step failed' }
    const headline = `### ${mark} ${forMarkdown(this.redact(text), 500)}`
    const sections = [...this.problems, ...this.retryLine(), ...this.sections]
    let body = [headline, ...sections].join('\n\n')
    while (Buffer.byteLength(body) > SUMMARY_MAX_BYTES && sections.length > 0) {
      sections.pop()
      body = [headline, ...sections, '_The rest of this summary was left out: over 1 MiB._'].join(
        '\n\n'
      )
    }
    await this.sink.writeSummary(`${body}\n`)
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
