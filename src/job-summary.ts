/** The job summary: the outcome first, why it failed and what to do, then the tables. */
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

/** The runner refuses a step summary over 1 MiB. */
const SUMMARY_MAX_BYTES = 1_000_000

/**
 * Everything that goes into the summary is text: the summary adds the only markup. Written once,
 * at the end of the step (`flush`).
 */
export class JobSummary {
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

  /** `redact` scrubs secrets from every text, before any of it is cut. */
  constructor(
    private readonly write: (markdown: string) => Promise<void>,
    private readonly redact: (text: string) => string = text => text,
    /** The moment ages in the summary are counted from. */
    private readonly now: () => number = Date.now
  ) {}

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
    await this.write(`${[...lead, ...sections].join('\n\n')}\n`)
  }

  private retryLine(): string[] {
    if (this.retries.size === 0) return []
    const parts = [...this.retries].map(
      ([after, count]) => `${count} ${count > 1 ? 'retries' : 'retry'} after ${after}`
    )
    return [forMarkdown(`Retried: ${parts.join(', ')}.`)]
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
