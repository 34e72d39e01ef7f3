import { describe, expect, it } from '@jest/globals'
import {
  ageOf,
  latestSucceeded,
  madeAt,
  matchesWildcard,
  claimOwn,
  madeByThisStep,
  newestFirst,
  ofPlanet,
  phaseOf,
  timeOf,
  whyNotReusable,
  willNeverSucceed,
  auditPlanet,
  type Phase,
  type ReuseRules
} from '../../src/backups/index.js'
import { DONE_WORDS } from '../../src/backups/status.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../../scripts/action-yml.js'
import { aBackup, DAY, HOUR, NOW } from '../fixtures/backups.js'

/** The table in docs/api.md, "Status words": every word there, and how the rules read it. */
const STATUS_TABLE: Array<[string, Phase]> = [
  ['pending', 'running'],
  ['queued', 'running'],
  ['scheduled', 'running'],
  ['in_progress', 'running'],
  ['IN PROGRESS', 'running'],
  ['running', 'running'],
  ['creating', 'running'],
  ['backing_up', 'running'],
  ['uploading', 'running'],
  ['verifying', 'running'],
  ['restoring', 'running'],
  ['incomplete', 'running'],
  ['succeeded', 'succeeded'],
  ['SUCCESS', 'succeeded'],
  ['completed', 'succeeded'],
  ['COMPLETED', 'succeeded'],
  ['done', 'succeeded'],
  ['ready', 'succeeded'],
  ['available', 'succeeded'],
  ['BACKUP_SUCCEEDED', 'succeeded'],
  ['completed successfully', 'succeeded'],
  ['partially_succeeded', 'unclear'],
  ['COMPLETED_WITH_ERRORS', 'unclear'],
  ['SUCCEEDED_WITH_FAILURES', 'unclear'],
  ['DONE_WITH_ERRORS', 'unclear'],
  ['completed (2 errors)', 'unclear'],
  ['COMPLETE_BUT_CORRUPT', 'unclear'],
  ['SUCCEEDED_NOT_VERIFIED', 'unclear'],
  ['succeeded_with_warnings', 'unclear'],
  ['restore_completed', 'unclear'],
  ['failed', 'failed'],
  ['FAILED', 'failed'],
  ['error', 'failed'],
  ['errored', 'failed'],
  ['canceled', 'failed'],
  ['cancelled', 'failed'],
  ['aborted', 'failed'],
  ['rejected', 'failed'],
  ['timed_out', 'failed'],
  ['expired', 'gone'],
  ['expiring', 'running'],
  ['deleting', 'gone'],
  ['deleted', 'gone'],
  ['DELETION_COMPLETE', 'gone'],
  ['DELETE_COMPLETED', 'gone'],
  ['PURGE_COMPLETE', 'gone'],
  ['READY_FOR_DELETION', 'gone'],
  ['EXPIRATION_COMPLETE', 'gone'],
  ['deletion_failed', 'failed'],
  ['restore_failed', 'unclear'],
  ['not_failed', 'running'],
  ['error_free', 'running'],
  ['NONFATAL_ERROR', 'running'],
  ['', 'running'],
  ['null', 'running'],
  ['42', 'running']
]

describe('phaseOf: whole status words', () => {
  it.each(STATUS_TABLE)('status %j is %s', (status, phase) =>
    expect(phaseOf({ status })).toBe(phase)
  )

  it.each([
    [' Succeeded ', 'succeeded'],
    ['inProgress', 'running'],
    ['Timed Out', 'failed'],
    ['in-progress', 'running'],
    ['NON_FATAL_ERROR', 'running'],
    ['BACKUP-FAILED', 'failed']
  ] as const)('status %j is %s', (status, phase) => expect(phaseOf({ status })).toBe(phase))

  it('reads a done status with an errorMessage as unclear: no restore point with a but', () => {
    const read = aBackup({
      status: 'succeeded',
      errorMessage: 'pg_dump: 14 tables could not be read'
    })
    expect(phaseOf(read)).toBe('unclear')
    expect(phaseOf({ ...read, errorMessage: '  ' })).toBe('succeeded')
  })

  it.each([
    'error',
    'fail',
    'corrupt',
    'invalid',
    'incomplet',
    'partial',
    'warn',
    'unverif',
    'not'
  ])('never reads a done word beside %s… as succeeded, in any case or separator', word => {
    for (const status of [
      `completed_${word}x`,
      `${word.toUpperCase()}X-DONE`,
      `Succeeded ${word}`
    ]) {
      expect([status, phaseOf({ status })]).toEqual([status, 'unclear'])
    }
  })

  it('lets no errorMessage decide: an uploading backup that reports a retry is still running', () => {
    const uploading = aBackup({ status: 'uploading', errorMessage: 'chunk 3 throttled, retrying' })
    expect(phaseOf(uploading)).toBe('running')
  })

  it('is the table docs/api.md shows, word for word', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8')
    const section = docs.slice(docs.indexOf('## Status words'))
    const rows = [
      ...section.matchAll(/^\| (.+?) +\| (running|succeeded|failed|gone|unclear) +\|/gm)
    ]
    const documented = rows.flatMap(([, words, phase]) =>
      words
        .replace('empty', '``')
        .replace('a number', '`42`')
        .split(', ')
        .map(word => [word.replace(/^`|`$/g, ''), phase])
    )
    expect(documented.sort()).toEqual([...STATUS_TABLE].sort())
  })

  it('says which words mean done', () =>
    expect(DONE_WORDS).toEqual(expect.arrayContaining(['succeeded', 'completed', 'done', 'ready'])))
})

describe('timeOf: time without guessing', () => {
  const utc = Date.parse('2026-11-29T05:00:00Z')
  it.each([
    ['2026-11-29T05:00:00Z', utc],
    ['2026-11-29T05:00:00', utc],
    ['2026-11-29 05:00:00', utc],
    ['2026-11-29T05:00:00.000+00:00', utc],
    ['2026-11-29T14:00:00+09:00', utc],
    ['2026-11-29T10:00:00+05', utc],
    ['2026-11-29T10:30:00+0530', utc],
    ['2026-11-29T10:30:00+05:30', utc],
    ['2026-11-29T01:00:00-04', utc],
    [String(utc / 1000), utc],
    [String(utc), utc],
    [String(utc * 1000), utc],
    [String(utc * 1_000_000), utc],
    ['Sun, 29 Nov 2026 05:00:00 GMT', utc]
  ])('reads %j', (text, expected) => expect(timeOf(text)).toBe(expected))

  it.each([
    '',
    'soon',
    'Monday',
    'null',
    '29/11/2026',
    '2026-13-45T99:00:00Z',
    '2024-02-30',
    '2023-02-29T00:00:00Z'
  ])('does not guess %j', text => expect(timeOf(text)).toBeUndefined())

  it('reads 29 February of a leap year', () =>
    expect(timeOf('2024-02-29')).toBe(Date.parse('2024-02-29T00:00:00Z')))

  it.each([
    ['the last second of a day', '2026-12-31T23:59:59Z', Date.UTC(2026, 11, 31, 23, 59, 59)],
    ['the first of a month', '2026-01-01T00:00:00Z', Date.UTC(2026, 0, 1)],
    ['the last day of a 31-day month', '2026-12-31', Date.UTC(2026, 11, 31)],
    ['a fraction of a second', '2026-11-29T05:00:00.250Z', Date.parse('2026-11-29T05:00:00.250Z')],
    ['a lower-case zone', '2026-11-29t05:00:00z', Date.parse('2026-11-29T05:00:00Z')],
    [
      'a negative offset with minutes',
      '2026-11-28T23:30:00-05:30',
      Date.parse('2026-11-29T05:00:00Z')
    ],
    ['surrounding blanks', ' 2026-11-29T05:00:00Z ', Date.parse('2026-11-29T05:00:00Z')],
    ['epoch seconds with a fraction', '1795928400.5', 1795928400500],
    ['epoch seconds with two decimals', '1795928400.25', 1795928400250],
    ['a fraction of a second in two digits', '2026-11-29T05:00:00.25Z', utc + 250],
    ['a time without seconds', '2026-11-29T05:00Z', utc],
    ['the largest epoch in seconds', String(1e11 - 1), (1e11 - 1) * 1000],
    ['the smallest epoch in milliseconds', String(1e11), 1e11],
    ['the largest epoch in milliseconds', String(1e14 - 1), 1e14 - 1],
    ['the smallest epoch in microseconds', String(1e14), 1e11],
    ['the smallest epoch in nanoseconds', String(1e17), 1e11]
  ])('reads %s: %j', (_, text, expected) => expect(timeOf(text)).toBe(expected))

  it.each([
    ['hour 24', '2026-11-29T24:00:00Z'],
    ['minute 60', '2026-11-29T05:60:00Z'],
    ['second 60', '2026-11-29T05:00:60Z'],
    ['month 0', '2026-00-10'],
    ['day 0', '2026-11-00'],
    ['31 April', '2026-04-31'],
    ['a negative number', '-1795928400'],
    ['a date with text after it', '2026-11-29T05:00:00Z later'],
    ['a date with text before it', 'on 2026-11-29T05:00:00Z'],
    ['an HTTP date with text before it', 'x Sun, 29 Nov 2026 05:00:00 GMT'],
    ['an HTTP date with an offset after GMT', 'Sun, 29 Nov 2026 05:00:00 GMT+1'],
    ['an HTTP date of a five-digit year', 'Sun, 29 Nov 20260 05:00:00 GMT'],
    ['a number with text after it', '1795928400 s'],
    ['month 13', '2026-13-01']
  ])('does not read %s: %j', (_, text) => expect(timeOf(text)).toBeUndefined())
})

describe('madeAt: the edges of a trusted time', () => {
  const at = (completedAt: string, startedAt = ''): number | undefined =>
    madeAt(aBackup({ completedAt, startedAt }), NOW)
  const iso = (ms: number): string => new Date(ms).toISOString()
  const SENTINEL = Date.UTC(2001, 0, 1)
  it.each([
    ['1 January 2001 is a real time', iso(SENTINEL), SENTINEL],
    ['a millisecond before it is a sentinel', iso(SENTINEL - 1), undefined],
    ['exactly a day ahead counts', iso(NOW + DAY), NOW + DAY],
    ['a millisecond more does not', iso(NOW + DAY + 1), undefined]
  ])('%s', (_, completedAt, expected) => expect(at(completedAt)).toBe(expected))

  it('a completedAt equal to startedAt is trusted; one a millisecond before it is not', () => {
    expect(at(iso(NOW - HOUR), iso(NOW - HOUR))).toBe(NOW - HOUR)
    expect(at(iso(NOW - HOUR - 1), iso(NOW - HOUR))).toBe(NOW - HOUR)
    expect(at(iso(NOW - 2 * HOUR), iso(NOW - HOUR))).toBe(NOW - HOUR)
  })

  it('a completedAt with an untrusted startedAt is used; neither trusted is unknown', () => {
    expect(at(iso(NOW - HOUR), '0')).toBe(NOW - HOUR)
    expect(at('0', '0')).toBeUndefined()
    expect(at(iso(NOW + 2 * DAY), iso(NOW - HOUR))).toBe(NOW - HOUR)
  })
})

describe('madeAt and ageOf: times the rules can trust', () => {
  const tenMinutesAgo = new Date(NOW - 10 * 60_000).toISOString()
  it.each([
    ["Go's zero time", '0001-01-01T00:00:00Z'],
    ['the epoch', '0'],
    ['the year 2099', '2099-01-01T00:00:00Z'],
    ['a compact date read as milliseconds (the year 2611)', '20240129095309'],
    ['before the backup started', new Date(NOW - 20 * 60_000).toISOString()]
  ])('falls back from a completedAt that is %s to startedAt', (_, completedAt) => {
    const backup = aBackup({ startedAt: new Date(NOW - 15 * 60_000).toISOString(), completedAt })
    expect(madeAt(backup, NOW)).toBe(NOW - 15 * 60_000)
  })

  it('reads epoch microseconds as what they are: two days ago, not the year 56047', () => {
    const twoDaysAgo = String((NOW - 2 * DAY) * 1000)
    expect(ageOf(aBackup({ completedAt: twoDaysAgo, startedAt: '' }), NOW)).toBe(2 * DAY)
  })

  it('counts a time up to a day ahead as now, and one further ahead as unknown', () => {
    const soon = new Date(NOW + 30 * 60_000).toISOString()
    const far = new Date(NOW + 2 * DAY).toISOString()
    expect(ageOf(aBackup({ completedAt: soon, startedAt: '' }), NOW)).toBe(0)
    expect(ageOf(aBackup({ completedAt: far, startedAt: '' }), NOW)).toBeUndefined()
    expect(ageOf(aBackup({ completedAt: '', startedAt: '' }), NOW)).toBeUndefined()
    expect(ageOf(aBackup({ completedAt: '0', startedAt: tenMinutesAgo }), NOW)).toBe(10 * 60_000)
  })
})

describe('order and the latest', () => {
  it('puts backups of unknown time last, never first', () => {
    const unknown = aBackup({ id: 'unknown', completedAt: 'n/a', startedAt: '' })
    const old = aBackup({ id: 'old', ageMs: 2 * DAY })
    const fresh = aBackup({ id: 'fresh', ageMs: HOUR })
    expect(newestFirst([unknown, old, fresh], NOW).map(b => b.id)).toEqual([
      'fresh',
      'old',
      'unknown'
    ])
  })

  it('names the newest succeeded backup, or none', () => {
    const backups = [
      aBackup({ id: 'failed-newest', status: 'failed', ageMs: HOUR }),
      aBackup({ id: 'good', status: ' Succeeded ', ageMs: 2 * HOUR }),
      aBackup({ id: 'older', ageMs: 3 * HOUR })
    ]
    expect(latestSucceeded(backups, NOW)).toEqual({ backup: backups[1], unknownTimes: 0 })
    expect(latestSucceeded([aBackup({ status: 'in_progress' })], NOW).backup).toBeUndefined()
  })

  it('does not guess the latest when a succeeded backup has no readable time', () => {
    const backups = [aBackup({ id: 'timeless', completedAt: '', startedAt: '' }), aBackup()]
    expect(latestSucceeded(backups, NOW)).toEqual({ unknownTimes: 1 })
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
    expect(split.planetIgnored).toBe(false)
  })

  it.each([
    ['an empty list', []],
    ['a list whose items name no planet', ['', '  ']],
    ['its own planet named in another case, padded', [' DEV1 ']]
  ])('takes %s for what it is, not for a server that ignores the planet', (_, planets) => {
    const backups = planets.map(planet => aBackup({ planet }))
    expect(ofPlanet(backups, 'dev1')).toEqual({ mine: backups, others: [], planetIgnored: false })
    expect(ofPlanet(backups, ' dev1 ').mine).toEqual(backups)
  })

  it('reads a blank planet as none: beside only other planets, the planet looks ignored', () => {
    const backups = [aBackup({ planet: 'dev2' }), aBackup({ planet: '  ' })]
    expect(ofPlanet(backups, 'dev1')).toMatchObject({ mine: [], planetIgnored: true })
  })

  it('takes nothing for this planet when the list names only other planets', () => {
    const backups = [aBackup({ planet: 'dev1' }), aBackup({ planet: '' })]
    expect(ofPlanet(backups, 'dev2')).toEqual({
      mine: [],
      others: [backups[0]],
      planetIgnored: true
    })
  })
})

describe('whyNotReusable: a restore point that will outlive the deploy', () => {
  const rules: ReuseRules = {
    mechanism: 'logical',
    maxAgeMs: 6 * HOUR,
    minRemainingLifetimeMs: HOUR,
    permanentOnly: false,
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
    ['failed', { status: 'failed', expirationDate: expiresIn(DAY) }, 'status "failed"'],
    ['exactly maxAge old', { ageMs: 6 * HOUR, expirationDate: expiresIn(DAY) }, undefined],
    [
      'expiring exactly minRemainingLifetime from now',
      { expirationDate: expiresIn(HOUR) },
      undefined
    ],
    ['permanent in another case, padded', { type: ' Permanent ', expirationDate: '' }, undefined]
  ] as const)('%s: %s', (_, fields, why) =>
    expect(whyNotReusable(aBackup({ ...fields }), rules)).toBe(why)
  )

  it('reuses only a permanent backup when a permanent one is asked for', () => {
    const permanentOnly = { ...rules, permanentOnly: true }
    const temporary = aBackup({ type: 'temporary', expirationDate: expiresIn(DAY) })
    const permanent = aBackup({ type: 'PERMANENT', expirationDate: '' })
    expect(whyNotReusable(temporary, permanentOnly)).toBe('type "temporary", not permanent')
    expect(whyNotReusable(permanent, permanentOnly)).toBeUndefined()
    expect(whyNotReusable(temporary, rules)).toBeUndefined()
  })
})

describe('madeByThisStep: a backup this step did not make is never taken for its own', () => {
  const step = { name: 'Pre-Deploy', planetId: 'dev1', listedBefore: new Set<string>() }

  it('takes only backups of its name, in any case, that were not listed before its first POST', () => {
    const old = aBackup({ id: 'old', name: 'pre-deploy' })
    const mine = aBackup({ id: 'mine', name: ' PRE-DEPLOY ' })
    const other = aBackup({ id: 'other', name: 'nightly' })
    const before = { ...step, listedBefore: new Set(['old']) }
    expect(madeByThisStep([old, mine, other], before)).toEqual([mine])
    expect(madeByThisStep([old, mine], step)).toEqual([old, mine])
  })

  it("never takes another planet's namesake", () => {
    const theirs = aBackup({ id: 'theirs', name: 'Pre-Deploy', planet: 'dev2' })
    const unnamed = aBackup({ id: 'unnamed', name: 'Pre-Deploy', planet: '' })
    expect(madeByThisStep([theirs, unnamed], step)).toEqual([unnamed])
  })
})

describe('claimOwn: adopt, POST again, or stop', () => {
  const step = {
    name: 'pre-deploy',
    planetId: 'dev1',
    listedBefore: new Set<string>(),
    partialBefore: false
  }
  const listing = (backups: ReturnType<typeof aBackup>[], partial = false) => ({ backups, partial })
  const a = aBackup({ id: 'a', name: 'pre-deploy' })
  const b = aBackup({ id: 'b', name: 'pre-deploy' })

  it('adopts the one new namesake', () =>
    expect(claimOwn(listing([a]), step)).toEqual({ kind: 'mine', backup: a }))

  it('says none when a whole list shows none', () =>
    expect(claimOwn(listing([]), step)).toEqual({ kind: 'none' }))

  it('is unsure with two new namesakes', () =>
    expect(claimOwn(listing([a, b]), step)).toMatchObject({ kind: 'unsure', candidates: [a, b] }))

  it('is unsure when the list before the POST was one page of several, even with one candidate', () =>
    expect(claimOwn(listing([a]), { ...step, partialBefore: true })).toMatchObject({
      kind: 'unsure',
      why: 'the list before the create was one page of several'
    }))

  it('is unsure when a partial list shows none', () =>
    expect(claimOwn(listing([], true), step)).toMatchObject({ kind: 'unsure' }))
})

describe('auditPlanet: can the planet be restored right now?', () => {
  const rules = { maxAgeMs: DAY, minRemainingLifetimeMs: HOUR, now: NOW, partial: false }
  const expiresIn = (ms: number): string => new Date(NOW + ms).toISOString()

  it.each([
    ['ok: a good backup', [aBackup({ ageMs: HOUR, expirationDate: expiresIn(DAY) })], 'ok'],
    [
      'ok: any mechanism, and a permanent one never expires',
      [aBackup({ ageMs: HOUR, mechanism: 'snapshot', type: 'permanent' })],
      'ok'
    ],
    [
      'expiring: good, but gone within minRemainingLifetime',
      [aBackup({ ageMs: HOUR, expirationDate: expiresIn(HOUR / 2) })],
      'expiring'
    ],
    ['stale: the newest succeeded one is too old', [aBackup({ ageMs: 30 * HOUR })], 'stale'],
    [
      'missing: failed and running are no evidence',
      [aBackup({ status: 'failed', ageMs: HOUR }), aBackup({ status: 'in_progress', ageMs: 0 })],
      'missing'
    ],
    ['missing: nothing at all', [], 'missing'],
    [
      'unknown: succeeded, but when is unknown',
      [aBackup({ completedAt: '', startedAt: 'soon' })],
      'unknown'
    ],
    [
      'unclear is no evidence',
      [aBackup({ status: 'COMPLETED_WITH_ERRORS', ageMs: HOUR })],
      'missing'
    ]
  ] as const)('%s', (_, backups, status) => {
    expect(auditPlanet([...backups], rules).status).toBe(status)
  })

  it('reads a planet without evidence in one page of several as unknown, not missing', () => {
    expect(auditPlanet([], { ...rules, partial: true }).status).toBe('unknown')
  })

  it('says what there is instead, and warns of failures since the newest good backup', () => {
    const failedTwice = [
      aBackup({ id: 'f1', status: 'failed', ageMs: HOUR, errorMessage: 'pg_dump: no space' }),
      aBackup({ id: 'f2', status: 'failed', ageMs: 2 * HOUR }),
      aBackup({ id: 'good', ageMs: 3 * HOUR, type: 'permanent' })
    ]
    const verdict = auditPlanet(failedTwice, rules)
    expect(verdict).toMatchObject({ status: 'ok', warns: true })
    expect(verdict.note).toBe('the last 2 attempts failed, the newest 1h ago: pg_dump: no space')
    expect(verdict.newestGood?.id).toBe('good')
    expect(verdict.newestAttempt?.id).toBe('f1')
    const missing = auditPlanet(
      [aBackup({ status: 'failed' }), aBackup({ status: 'running' })],
      rules
    )
    expect(missing.note).toBe('1 failed, 1 running')
  })

  it('is ok exactly when ensure would reuse one of the backups, whatever their mechanism', () => {
    const cases = [
      [aBackup({ ageMs: 2 * HOUR }), aBackup({ status: 'failed', ageMs: HOUR })],
      [aBackup({ ageMs: 25 * HOUR })],
      [aBackup({ ageMs: HOUR, expirationDate: expiresIn(10 * 60_000) })],
      [aBackup({ ageMs: HOUR, type: 'permanent', expirationDate: '' })],
      [aBackup({ ageMs: HOUR, type: 'temporary', expirationDate: '' })]
    ]
    for (const backups of cases) {
      const reuse = { ...rules, mechanism: undefined, permanentOnly: false }
      const reusable = backups.some(backup => whyNotReusable(backup, reuse) === undefined)
      expect(auditPlanet(backups, rules).status === 'ok').toBe(reusable)
    }
  })
})

describe('auditPlanet: what each row says', () => {
  const rules = { maxAgeMs: DAY, minRemainingLifetimeMs: HOUR, now: NOW, partial: false }
  const lasting = new Date(NOW + 5 * DAY).toISOString()
  const good = (ageMs: number): ReturnType<typeof aBackup> =>
    aBackup({ id: `g${ageMs}`, ageMs, expirationDate: lasting })
  const failed = (ageMs: number, errorMessage = ''): ReturnType<typeof aBackup> =>
    aBackup({ id: `f${ageMs}`, ageMs, status: 'failed', errorMessage })

  it.each([
    ['a good backup alone', [good(HOUR)], 'ok', '', false],
    [
      'one failed attempt since',
      [failed(HOUR), good(2 * HOUR)],
      'ok',
      'the last attempt failed, the newest 1h ago',
      true
    ],
    [
      'a failure, then one running',
      [aBackup({ status: 'in_progress', ageMs: 0 }), failed(HOUR), good(2 * HOUR)],
      'ok',
      '',
      false
    ],
    [
      'good but expiring',
      [aBackup({ ageMs: HOUR, expirationDate: new Date(NOW + 60_000).toISOString() })],
      'expiring',
      'expires too soon',
      false
    ],
    [
      'exactly maxAge old and expiring',
      [aBackup({ ageMs: DAY, expirationDate: new Date(NOW + 60_000).toISOString() })],
      'expiring',
      'expires too soon',
      false
    ],
    [
      'succeeded at an unknown time',
      [aBackup({ completedAt: '', startedAt: '' })],
      'unknown',
      'succeeded, but when is unknown',
      false
    ],
    ['nothing at all', [], 'missing', 'no backup at all', false],
    [
      'one of each but good',
      [
        aBackup({ status: 'expired' }),
        aBackup({ status: 'partially_succeeded' }),
        aBackup({ status: 'running' }),
        failed(HOUR)
      ],
      'missing',
      '1 failed, 1 running, 1 unclear, 1 gone',
      false
    ]
  ] as const)('%s', (_, backups, status, note, warns) => {
    expect(auditPlanet([...backups], rules)).toMatchObject({ status, note, warns })
  })

  it('counts what there is instead of a good backup, in a fixed order', () => {
    const backups = [
      aBackup({ status: 'expired', ageMs: HOUR }),
      aBackup({ status: 'partially_succeeded', ageMs: 2 * HOUR }),
      aBackup({ status: 'running', ageMs: 3 * HOUR }),
      aBackup({ status: 'in_progress', ageMs: 4 * HOUR })
    ]
    expect(auditPlanet(backups, rules).note).toBe('2 running, 1 unclear, 1 gone')
  })

  it('names two failed attempts since the good one and their message; says none in one page of several', () => {
    const since = [failed(HOUR, 'pg_dump: x'), failed(2 * HOUR), good(3 * HOUR)]
    expect(auditPlanet(since, rules).note).toBe(
      'the last 2 attempts failed, the newest 1h ago: pg_dump: x'
    )
    expect(auditPlanet(since.slice(0, 2), rules)).toMatchObject({ note: '2 failed', warns: true })
    expect(auditPlanet([], { ...rules, partial: true })).toMatchObject({
      status: 'unknown',
      note: 'none in this page of the list'
    })
  })

  it('matches trailing stars of a glob to nothing', () => {
    expect(matchesWildcard('a', 'a**')).toBe(true)
    expect(matchesWildcard('ab', 'a*?')).toBe(true)
  })
})

describe('phaseOf: every word of each kind counts', () => {
  it.each([
    ...['finished', 'success', 'successful', 'complete'].map(w => [w, 'succeeded'] as const),
    ...[
      'fail',
      'failure',
      'cancel',
      'abort',
      'reject',
      'invalid',
      'terminated',
      'killed',
      'denied'
    ].map(w => [w, 'failed'] as const),
    ...['restore', 'restoring', 'restored', 'copy', 'export', 'download'].map(
      w => [`${w}_failed`, 'unclear'] as const
    ),
    ...['removing', 'purged', 'removed', 'purging', 'destroyed', 'gone'].map(
      w => [w, 'gone'] as const
    ),
    ...['status', 'state', 'is', 'has', 'been', 'now', 'ok', 'db', 'database', 'job'].map(
      w => [`done ${w}`, 'succeeded'] as const
    ),
    ['partial', 'unclear'],
    ['partially', 'unclear'],
    ['backupFailed', 'failed'],
    ['BACKUP__TIMED__OUT', 'failed'],
    ['ANONYMOUS_ERROR', 'failed'],
    ['NONFATAL2_ERROR', 'running'],
    ['NONCE_ERROR', 'failed']
  ])('%j is %s', (status, phase) => expect(phaseOf({ status })).toBe(phase))

  it('lets an errorMessage turn only a succeeded reading unclear: gone stays gone', () => {
    const errorMessage = 'retention reached'
    expect(phaseOf({ status: 'completed_deleting', errorMessage })).toBe('gone')
    expect(phaseOf({ status: 'deleted', errorMessage })).toBe('gone')
    expect(phaseOf({ status: 'failed', errorMessage })).toBe('failed')
  })
})

describe('willNeverSucceed: when waiting is pointless', () => {
  it.each([
    ['failed', true],
    ['deleted', true],
    ['partially_succeeded', true],
    ['in_progress', false],
    ['succeeded', false]
  ])('%j: %s', (status, expected) => expect(willNeverSucceed({ status })).toBe(expected))
})
