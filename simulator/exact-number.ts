/**
 * A number the simulator sends with all its digits: JSON.stringify writes a double, which rounds
 * an id above 2^53. `toJson` writes an ExactNumber as its bare digits, as a real backend may.
 */
const MARK = '\u0000exact-number:'

export class ExactNumber {
  constructor(readonly digits: string) {}

  toJSON(): string {
    return MARK + this.digits
  }

  toString(): string {
    return this.digits
  }
}

export function toJson(value: unknown): string {
  return (JSON.stringify(value) ?? '').replace(/"\\u0000exact-number:(-?\d+)"/g, '$1')
}
