/**
 * Every credential and token the action learns, masked in the runner's log the moment it is known
 * and scrubbed from any text the action itself writes (errors, logs, outputs, the job summary):
 * an API may echo a request header back in its error body, and the runner's masking only covers
 * what reaches its log.
 */
export class Secrets {
  private readonly values = new Set<string>()

  constructor(private readonly mask: (value: string) => void) {}

  add(value: string): string {
    if (value && !this.values.has(value)) {
      this.values.add(value)
      this.mask(value)
    }
    return value
  }

  redact(text: string): string {
    let result = text
    for (const value of this.values) result = result.split(value).join('***')
    return result
  }
}
