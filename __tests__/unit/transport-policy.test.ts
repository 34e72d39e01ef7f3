import { describe, expect, it } from '@jest/globals'
import { backoffMs, RETRY_AFTER_CAP_MS, retryAfterMs } from '../../src/api/transport.js'

describe('backoffMs', () => {
  it('doubles from 0.5 s up to 10 s, jittered between half and all of it', () => {
    const lowest = [1, 2, 3, 4, 5, 6, 7].map(retry => backoffMs(retry, () => 0))
    const highest = [1, 2, 3, 4, 5, 6, 7].map(retry => backoffMs(retry, () => 1))
    expect(lowest).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000])
    expect(highest).toEqual([500, 1000, 2000, 4000, 8000, 10000, 10000])
  })
})

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-28T12:00:00Z')
  it('reads seconds', () => expect(retryAfterMs('2', now)).toBe(2000))
  it('reads an HTTP date', () =>
    expect(retryAfterMs('Sat, 28 Nov 2026 12:00:05 GMT', now)).toBe(5000))
  it('treats a past date as now', () =>
    expect(retryAfterMs('Sat, 28 Nov 2026 11:00:00 GMT', now)).toBe(0))
  it('caps what it is asked to wait', () =>
    expect(retryAfterMs('86400', now)).toBe(RETRY_AFTER_CAP_MS))
  it('ignores what it cannot read', () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined()
    expect(retryAfterMs('soon', now)).toBeUndefined()
  })
})
