const FIRST_CHECK_MS = 1000
const GROWTH = 1.5

/**
 * The gap before status check number `check` (0-based): about a second at first — a backup of a
 * small database is done in seconds — then growing by half each time up to `pollIntervalMs`.
 */
export function checkDelayMs(check: number, pollIntervalMs: number): number {
  const grown = FIRST_CHECK_MS * GROWTH ** Math.max(0, check - 1)
  return Math.min(pollIntervalMs, Math.round(grown))
}
