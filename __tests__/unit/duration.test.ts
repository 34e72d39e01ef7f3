import { describe, expect, it } from '@jest/globals'
import { formatDuration, parseDuration } from '../../src/duration.js'

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['45m', 2_700_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['7d', 604_800_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['15', 900_000],
    [' 2H ', 7_200_000],
    ['1d12h', 129_600_000]
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms))

  it.each(['', 'an hour', '1 h', '-5m', 'h', '5x', '1h-30m', '1e3s'])('rejects %j', text =>
    expect(parseDuration(text)).toBeUndefined()
  )
})

describe('formatDuration', () => {
  it.each([
    [850, '850ms'],
    [4_200, '4.2s'],
    [42_000, '42s'],
    [725_000, '12m 5s'],
    [3_600_000, '1h'],
    [12_000_000, '3h 20m'],
    [216_000_000, '2d 12h'],
    [604_800_000, '7d']
  ])('%d ms reads %s', (ms, text) => expect(formatDuration(ms)).toBe(text))
})

describe('durations at the edges of their forms', () => {
  it('reads fractions of any length, bare (minutes) and with a unit', () => {
    expect(parseDuration('1.5')).toBe(90_000)
    expect(parseDuration('1.25')).toBe(75_000)
    expect(parseDuration('1.25h')).toBe(4_500_000)
    expect(parseDuration('1.25h30m')).toBe(6_300_000)
  })
  it('reads nothing before the number', () => expect(parseDuration('x5')).toBeUndefined())
  it('shows a whole second and a whole minute in the larger unit', () => {
    expect(formatDuration(1000)).toBe('1.0s')
    expect(formatDuration(60_000)).toBe('1m')
  })
})
