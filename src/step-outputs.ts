/** The step's outputs: what a workflow reads back, and pastes into shells and expressions. */
import type { Backup } from './api/types.js'

/** Where the outputs go; the runner by default, a recorder in tests. */
interface OutputSink {
  setOutput(name: string, value: string): void
  warning(message: string): void
}

/**
 * GitHub keeps at most 1 MB of outputs per job, "approximated based on UTF-16 encoding". What one
 * step sets stays under this, counted as UTF-16 (2 bytes a code unit) or UTF-8, whichever is more;
 * the rest of the 1 MB is left to the job's other steps.
 */
export const OUTPUTS_BUDGET_BYTES = 950_000
/** What an output that holds one value may not contain (docs/security.md). */
const UNSAFE_IN_OUTPUT = /[^A-Za-z0-9._\-: /+,]/g

export function outputBytes(name: string, value: string): number {
  const text = name + value
  return Math.max(2 * text.length, Buffer.byteLength(text, 'utf8'))
}

/**
 * Outputs are written as soon as they are known (a create's `backupId` before the wait), and
 * rewritten whenever the backup changes, so they always hold the last state seen, however the
 * step ends.
 */
export class StepOutputs {
  private lastBackup: Backup | undefined
  /** The API's object of the last backup as written to the `backup` output's source. */
  private lastRaw = ''
  private readonly values = new Map<string, string>()

  /** `redact` scrubs secrets from every output, before any of it is cut. */
  constructor(
    private readonly sink: OutputSink,
    private readonly redact: (text: string) => string = text => text
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
    this.values.set(name, kept)
    this.sink.setOutput(name, kept)
  }

  private room(name: string): number {
    let used = 0
    for (const [other, value] of this.values) if (other !== name) used += outputBytes(other, value)
    return OUTPUTS_BUDGET_BYTES - used
  }
}
