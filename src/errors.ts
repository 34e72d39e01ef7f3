/**
 * The action's own errors. None of them needs another module of the action, so every layer can
 * throw them without an import loop.
 */

/** The facts an error message names about a backup (structurally, any backup the action reads). */
interface BackupFacts {
  id: string
  planet: string
  status: string
  errorMessage: string
}

/**
 * A remote call that did not give the action what it needed. The message always names what was
 * being done (operation, backup or planet), the HTTP status and the API's own message; `hint`
 * says what to do about it, apart from what happened.
 */
export class ApiError extends Error {
  readonly status: number | undefined
  /** The request failed in a way that may pass (network, 5xx, 429): worth trying again later. */
  readonly transient: boolean
  /** A request that must not act twice may have acted all the same. */
  readonly mayHaveActed: boolean
  hint: string
  /** What failed, without how the retries ended ("gave up after 6 attempts"): for quoting. */
  readonly reason: string

  constructor(
    message: string,
    facts: {
      status?: number
      transient?: boolean
      mayHaveActed?: boolean
      hint?: string
      reason?: string
    } = {}
  ) {
    super(message)
    this.name = 'ApiError'
    this.reason = facts.reason ?? message
    this.status = facts.status
    this.transient = facts.transient ?? false
    this.mayHaveActed = facts.mayHaveActed ?? false
    this.hint = facts.hint ?? ''
  }

  /** Adds advice after any already given. */
  advise(hint: string): this {
    this.hint = this.hint ? `${this.hint} ${hint}` : hint
    return this
  }
}

/** An input the action cannot use; the message names the input, its value and what is accepted. */
export class SettingsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SettingsError'
  }
}

/** A failure whose annotations the operation has made already (audit: one per planet). */
export class AnnotatedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AnnotatedError'
  }
}

/** A backup that will never succeed: it failed, or it is (being) deleted or expired. */
export class BackupFailedError extends Error {
  constructor(
    readonly backup: BackupFacts,
    readonly outcome: 'failed' | 'will never succeed' | 'did not clearly succeed'
  ) {
    super(
      `Backup ${backup.id}${backup.planet ? ` of planet ${backup.planet}` : ''} ${outcome} ` +
        `(status "${backup.status}"): ${backup.errorMessage || 'the API gave no error message'}. ` +
        'Next: fix what the message says (or ask Guidewire support when it names nothing you can ' +
        'change), then run the step again: the backup stays as it is, and is never reused.'
    )
    this.name = 'BackupFailedError'
  }
}

/** What a thrown value says, with the advice an ApiError carries. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError && error.hint) return `${error.message} ${error.hint}`
  return error instanceof Error ? error.message : String(error)
}

/** A wait that ran out of time: the backup goes on on the platform. */
export class WaitTimeoutError extends Error {
  constructor(
    readonly backup: BackupFacts & { displayStatus: string },
    readonly waited: string
  ) {
    const shown = `"${backup.status}"${backup.displayStatus ? `, "${backup.displayStatus}"` : ''}`
    super(
      `Backup ${backup.id} has not succeeded within waitTimeout ${waited} (last status ${shown}). ` +
        `It goes on on the platform: wait for it with operation "wait" and backupId ${backup.id}, or delete it.`
    )
    this.name = 'WaitTimeoutError'
  }
}
