import { describe, expect, it } from '@jest/globals'
import {
  ageOf,
  latestSucceeded,
  madeByThisStep,
  newestFirst,
  ofPlanet,
  phaseOf,
  timeOf,
  whyNotReusable,
  type ReuseRules
} from '../../src/backups.js'
import { aBackup, DAY, HOUR, NOW } from '../fixtures/backups.js'

describe('phaseOf: one status rule, trimmed and case-blind', () => {
  it.each([
    ['succeeded', '', 'succeeded'],
    [' Succeeded ', '', 'succeeded'],
    ['SUCCEEDED', '', 'succeeded'],
    ['failed', '', 'failed'],
    ['FAILED', 'disk full', 'failed'],
    ['error', '', 'failed'],
    ['cancelled', '', 'failed'],
    ['canceled', '', 'failed'],
    ['aborted', '', 'failed'],
    ['rejected', '', 'failed'],
    ['timeout', '', 'failed'],
    ['timed_out', '', 'failed'],
    ['Timed Out', '', 'failed'],
    ['unsuccessful', '', 'failed'],
    ['done', 'pg_dump failed', 'failed'],
    ['deleted', '', 'gone'],
    ['deleting', '', 'gone'],
    ['expired', '', 'gone'],
    ['purged', '', 'gone'],
    ['pending', '', 'running'],
    ['in_progress', '', 'running'],
    ['IN PROGRESS', '', 'running'],
    ['in-progress', '', 'running'],
    ['running', 'retrying after a transient error', 'running'],
    ['queued', '', 'running'],
    ['', '', 'running'],
    ['ready', '', 'running'],
    ['some-new-status', '', 'running']
  ])('status %j with errorMessage %j is %s', (status, errorMessage, phase) =>
    expect(phaseOf({ status, errorMessage })).toBe(phase)
  )
})

describe('timeOf: time without guessing', () => {
  const utc = Date.parse('2026-11-29T05:00:00Z')
  it.each([
    ['2026-11-29T05:00:00Z', utc],
    ['2026-11-29T05:00:00', utc],
    ['2026-11-29 05:00:00', utc],
    ['2026-11-29T05:00:00.000+00:00', utc],
    ['2026-11-29T14:00:00+09:00', utc],
    [String(utc / 1000), utc],
    [String(utc), utc],
    ['Sun, 29 Nov 2026 05:00:00 GMT', utc]
  ])('reads %j', (text, expected) => expect(timeOf(text)).toBe(expected))

  it.each(['', 'soon', 'Monday', 'null', '29/11/2026', '2026-13-45T99:00:00Z'])(
    'does not guess %j',
    text => expect(timeOf(text)).toBeUndefined()
  )

  it('counts a time in the future as now', () => {
    expect(ageOf(aBackup({ ageMs: -30 * 60_000 }), NOW)).toBe(0)
    expect(ageOf(aBackup({ completedAt: '', startedAt: '' }), NOW)).toBeUndefined()
  })
})

describe('order and the latest', () => {
  it('puts backups of unknown time last, never first', () => {
    const unknown = aBackup({ id: 'unknown', completedAt: 'n/a', startedAt: '' })
    const old = aBackup({ id: 'old', ageMs: 2 * DAY })
    const fresh = aBackup({ id: 'fresh', ageMs: HOUR })
    expect(newestFirst([unknown, old, fresh]).map(b => b.id)).toEqual(['fresh', 'old', 'unknown'])
  })

  it('names the newest succeeded backup, or none', () => {
    const backups = [
      aBackup({ id: 'failed-newest', status: 'failed', ageMs: HOUR }),
      aBackup({ id: 'good', status: ' Succeeded ', ageMs: 2 * HOUR }),
      aBackup({ id: 'older', ageMs: 3 * HOUR })
    ]
    expect(latestSucceeded(backups)).toEqual({ backup: backups[1], unknownTimes: 0 })
    expect(latestSucceeded([aBackup({ status: 'in_progress' })]).backup).toBeUndefined()
  })

  it('does not guess the latest when a succeeded backup has no readable time', () => {
    const backups = [aBackup({ id: 'timeless', completedAt: '', startedAt: '' }), aBackup()]
    expect(latestSucceeded(backups)).toEqual({ unknownTimes: 1 })
  })
})

describe('ofPlanet: whose a backup is', () => {
  it("leaves out another planet's backup; one that names no planet is the list's planet's", () => {
    const own = aBackup({ id: 'own', planet: 'dev1' })
    const unnamed = aBackup({ id: 'unnamed', planet: '' })
    const foreign = aBackup({ id: 'foreign', planet: 'dev2' })
    const split = ofPlanet([own, unnamed, foreign], 'DEV1')
    expect(split.mine.map(b => b.id)).toEqual(['own', 'unnamed'])
    expect(split.others.map(b => b.id)).toEqual(['foreign'])
    expect(split.fieldIgnored).toBe(false)
  })

  it('takes the field to mean something else when no item names the planet asked for', () => {
    const backups = [aBackup({ planet: 'testbackup' }), aBackup({ planet: 'testbackup' })]
    expect(ofPlanet(backups, 'dev1')).toEqual({ mine: backups, others: [], fieldIgnored: true })
  })
})

describe('whyNotReusable: a restore point that will outlive the deploy', () => {
  const rules: ReuseRules = {
    mechanism: 'logical',
    maxAgeMs: 6 * HOUR,
    minRemainingLifetimeMs: HOUR,
    now: NOW
  }
  const expiresIn = (ms: number): string => new Date(NOW + ms).toISOString()

  it.each([
    ['a fresh one that expires in 2 days', { expirationDate: expiresIn(2 * DAY) }, undefined],
    [
      'mechanism in another case',
      { mechanism: 'Logical', expirationDate: expiresIn(DAY) },
      undefined
    ],
    ['permanent, without expiry', { type: 'permanent', expirationDate: '' }, undefined],
    ['expired', { expirationDate: expiresIn(-HOUR) }, 'expires too soon'],
    ['expiring in 15 minutes', { expirationDate: expiresIn(15 * 60_000) }, 'expires too soon'],
    ['temporary without expiry', { expirationDate: '' }, 'no expirationDate, not permanent'],
    ['no mechanism', { mechanism: '', expirationDate: expiresIn(DAY) }, 'mechanism ""'],
    ['too old', { ageMs: 7 * HOUR, expirationDate: expiresIn(DAY) }, 'too old'],
    [
      'of unknown time',
      { completedAt: '', startedAt: '', expirationDate: expiresIn(DAY) },
      'when it was made is unknown'
    ],
    ['failed', { status: 'failed', expirationDate: expiresIn(DAY) }, 'status "failed"']
  ] as const)('%s: %s', (_, fields, why) =>
    expect(whyNotReusable(aBackup({ ...fields }), rules)).toBe(why)
  )
})

describe('madeByThisStep: a backup this step did not make is never taken for its own', () => {
  it('takes only backups of its name that were not listed before its first POST', () => {
    const old = aBackup({ id: 'old', name: 'pre-deploy' })
    const mine = aBackup({ id: 'mine', name: 'pre-deploy' })
    const other = aBackup({ id: 'other', name: 'nightly' })
    expect(madeByThisStep([old, mine, other], 'pre-deploy', new Set(['old']))).toEqual([mine])
    expect(madeByThisStep([old, mine], 'pre-deploy', new Set())).toEqual([old, mine])
  })
})
