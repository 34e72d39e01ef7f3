/**
 * Every credential and token the action learns, masked in the runner's log the moment it is known
 * and scrubbed from any text the action itself writes (errors, logs, outputs, the job summary):
 * an API may echo a request header or body back in its error, and the runner's masking only covers
 * what reaches its log. The forms the action itself encodes a secret in (a URL-encoded form body,
 * a JSON string) are secrets too, and so is its lower-case form in each of them (what a URL
 * parser makes of a host name).
 */
export class Secrets {
  // Stryker disable next-line ArrayDeclaration: a made-up value in the list only ever redacts itself
  private values: string[] = []

  constructor(private readonly mask: (value: string) => void) {}

  add(value: string): string {
    for (const form of encodedForms(value)) {
      if (!form || this.values.includes(form)) continue
      this.values.push(form)
      this.mask(form)
    }
    // Longest first, so that a form that contains another is replaced whole.
    this.values.sort((a, b) => b.length - a.length)
    return value
  }

  /** Call before text is cut: a secret cut in two is no longer found. */
  redact(text: string): string {
    let result = text
    for (const value of this.values) result = result.split(value).join('***')
    return result
  }
}

/**
 * Every string of a parsed answer (keys too) redacted: a secret the server wrote with JSON escapes
 * (`\u0074\u006f…`) is plain only after parsing, and no later cut, cell or line may show a part.
 */
export function redactStrings(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value)
  if (Array.isArray(value)) return value.map(item => redactStrings(item, redact))
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [redact(key), redactStrings(item, redact)])
  )
}

function encodedForms(value: string): string[] {
  // A URL's host is written lower-cased: a secret placed in one is still found, in every encoding.
  return [value, value.toLowerCase()].flatMap(form => [
    form,
    encodeURIComponent(form),
    new URLSearchParams({ v: form }).toString().slice(2),
    JSON.stringify(form).slice(1, -1)
  ])
}
