/**
 * Reads one input at a time into a typed value. Every refusal names the input, its value and what
 * is accepted; the defaults are the reader's (input-table.ts, for the operation that asked).
 */
import { parseDuration } from './duration.js'
import { SettingsError } from './errors.js'
import { ID_RULE, isUsableId } from './ids.js'

export const quoted = (value: string): string => JSON.stringify(value)

/** Reads one input at a time; every refusal names the input, its value and what is accepted. */
export class Inputs {
  constructor(private readonly read: (name: string) => string) {}

  text(name: string, fallback = ''): string {
    return this.read(name) || fallback
  }

  required(name: string, why = ''): string {
    const value = this.read(name)
    if (!value) throw new SettingsError(`Input "${name}" is required${why}.`)
    return value
  }

  id(name: string, why = ''): string {
    return this.checkId(name, this.required(name, why))
  }

  optionalId(name: string): string | undefined {
    const value = this.read(name)
    return value ? this.checkId(name, value) : undefined
  }

  boolean(name: string): boolean {
    const value = this.read(name)
    if (!value) return false
    if (['true', 'True', 'TRUE'].includes(value)) return true
    if (['false', 'False', 'FALSE'].includes(value)) return false
    throw new SettingsError(`Input "${name}" is ${quoted(value)}: use true or false.`)
  }

  integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const value = this.read(name)
    if (!value) return undefined
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`
      throw new SettingsError(`Input "${name}" is ${quoted(value)}: use a whole number ${range}.`)
    }
    return Number(value)
  }

  duration(name: string, minMs: number): number {
    const value = this.read(name)
    const ms = parseDuration(value)
    if (ms === undefined || ms < minMs) {
      throw new SettingsError(
        `Input "${name}" is ${quoted(value)}: use a duration of at least ${minMs / 1000}s such as 90s, 45m, 2h, 1h30m or 7d (a bare number means minutes).`
      )
    }
    return ms
  }

  /** An age that decides what is deleted or reused must say its unit: is "olderThan: 7" days? */
  age(name: string): number {
    const value = this.read(name)
    const ms = /\d\s*[a-z]+\s*$/i.test(value) ? parseDuration(value) : undefined
    if (ms === undefined || ms <= 0) {
      throw new SettingsError(
        `Input "${name}" is ${quoted(value)}: use a duration with its unit, such as 36h, 7d or 1d12h.`
      )
    }
    return ms
  }

  private checkId(name: string, value: string): string {
    if (!isUsableId(value))
      throw new SettingsError(`Input "${name}" is ${quoted(value)}: ${ID_RULE}.`)
    return value
  }
}

/** An https URL, or http to this machine (the simulator); without a trailing slash. */
export function serviceUrl(name: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new SettingsError(
      `Input "${name}" is ${quoted(withoutSecrets(value))}: not a URL; use https://host[/path].`
    )
  }
  const loopback = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/.test(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new SettingsError(
      `Input "${name}" is ${quoted(withoutSecrets(value))}: use https:// (plain http is accepted only for localhost).`
    )
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new SettingsError(
      `Input "${name}" is ${quoted(withoutSecrets(value))}: use a URL without query, fragment or credentials.`
    )
  }
  return url.href.replace(/\/+$/, '')
}

/**
 * A URL as messages quote it: without user name, password, query or fragment, which may hold a
 * credential ("https://svc:P4ss@host" is quoted "https://***@host").
 */
function withoutSecrets(url: string): string {
  return url.replace(/\/\/[^/]*@/, '//***@').replace(/[?#].*$/s, '?…')
}
