/**
 * Properties of the rules that decide what is created, reused, waited for and deleted — on random
 * inputs, not only the cases someone thought of. A failure prints fast-check's seed and path;
 * FC_SEED=<seed> replays it. FC_RUNS sets the number of runs (default 300).
 */
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseExact } from '../../src/api/exact-json.js'
import type { Backup } from '../../src/api/types.js'
import {
  auditPlanet,
  matchesWildcard,
  phaseOf,
  planPrune,
  timeOf,
  whyNotReusable,
  type PruneCriteria
} from '../../src/backups/index.js'
import { isUsableId } from '../../src/ids.js'
import { aBackup, DAY, HOUR, NOW } from '../fixtures/backups.js'

const runs = Number(process.env.FC_RUNS ?? 300)
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined
fc.configureGlobal({ numRuns: runs, ...(seed !== undefined && { seed }) })

const STATUSES = [
  'succeeded',
  'failed',
  'in_progress',
  'pending',
  'expired',
  'deleting',
  'partially_succeeded',
  'COMPLETED_WITH_ERRORS',
  'DELETION_COMPLETE',
  'restore_failed',
  'done',
  'deletion_failed',
  'whatever',
  ''
]
const PLANETS = ['dev1', 'DEV1 ', 'qa', 'uat', '']
const NAMES = ['gha-42-acme-x-1', 'GHA-42-acme-y-2', 'nightly-1', 'manual', 'gha-420-other']

const backupArb = fc
  .record({
    id: fc.integer({ min: 1, max: 60 }).map(String),
    // Mostly succeeded: what a prune may delete, and what each planet must keep.
    status: fc.oneof(
      { arbitrary: fc.constant('succeeded'), weight: 6 },
      { arbitrary: fc.constantFrom(...STATUSES), weight: 4 }
    ),
    planet: fc.constantFrom(...PLANETS),
    name: fc.constantFrom(...NAMES),
    type: fc.constantFrom('temporary', 'permanent', 'scheduled', ''),
    // Coarse ages: ties are common, and the order of the list must not break them.
    ageMs: fc.option(
      fc.integer({ min: 0, max: 8 }).map(half => (half * DAY) / 2),
      { nil: undefined }
    ),
    errorMessage: fc.constantFrom('', '', '', 'pg_dump: no space')
  })
  .map(({ ageMs, ...fields }) =>
    ageMs === undefined
      ? aBackup({ ...fields, completedAt: '', startedAt: 'unknown' })
      : aBackup({ ...fields, ageMs })
  )

/** Backups with distinct ids (a list names a backup once: toBackupList sees to it). */
const listArb = fc.uniqueArray(backupArb, { selector: backup => backup.id, maxLength: 25 })

const criteriaArb: fc.Arbitrary<PruneCriteria> = fc.record({
  keepLast: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  olderThanMs: fc.option(fc.integer({ min: HOUR, max: 20 * DAY }), { nil: undefined }),
  names: fc.constantFrom(
    { glob: '*' },
    { glob: '*' },
    { glob: 'nightly-*' },
    { prefix: 'gha-42-' }
  ),
  types: fc.subarray(['temporary', 'permanent', 'scheduled'], { minLength: 1 })
})

const planetOf = (backup: Backup): string => backup.planet.trim().toLowerCase()
const ids = (rows: Array<{ backup: Backup }>): string[] => rows.map(row => row.backup.id).sort()

describe('planPrune', () => {
  it('puts every backup in exactly one of delete and keep', () => {
    fc.assert(
      fc.property(listArb, criteriaArb, (backups, criteria) => {
        const plan = planPrune(backups, criteria, NOW)
        expect([...ids(plan.remove), ...ids(plan.keep)].sort()).toEqual(
          ids(backups.map(backup => ({ backup })))
        )
      })
    )
  })

  it("keeps each planet's newest succeeded managed backup, and deletes nothing unsafe", () => {
    fc.assert(
      fc.property(listArb, criteriaArb, (backups, criteria) => {
        const plan = planPrune(backups, criteria, NOW)
        const removed = new Set(plan.remove.map(row => row.backup))
        const selected = (backup: Backup): boolean =>
          criteria.types.includes(backup.type.trim().toLowerCase()) &&
          ('glob' in criteria.names
            ? matchesWildcard(backup.name, criteria.names.glob)
            : backup.name.trim().toLowerCase().startsWith(criteria.names.prefix))
        for (const backup of removed) {
          expect(selected(backup)).toBe(true)
          expect(['succeeded', 'failed']).toContain(phaseOf(backup))
          expect(backup.completedAt).not.toBe('')
          if (phaseOf(backup) === 'succeeded') expect(planetOf(backup)).not.toBe('')
        }
        const good = backups.filter(b => selected(b) && phaseOf(b) === 'succeeded' && b.completedAt)
        for (const planet of new Set(good.map(planetOf).filter(Boolean))) {
          const own = good.filter(b => planetOf(b) === planet)
          const newestTime = Math.max(...own.map(b => Date.parse(b.completedAt)))
          const newest = own.filter(b => Date.parse(b.completedAt) === newestTime)
          // One of the newest (a tie is broken by id) is kept.
          expect(newest.some(b => !removed.has(b))).toBe(true)
        }
      })
    )
  })

  it('decides the same whatever the order of the list', () => {
    fc.assert(
      fc.property(listArb, criteriaArb, fc.integer(), (backups, criteria, shift) => {
        const turned = backups.map((_, i) => backups[(i + Math.abs(shift)) % backups.length])
        const reversed = [...backups].reverse()
        const removed = ids(planPrune(backups, criteria, NOW).remove)
        expect(ids(planPrune(turned, criteria, NOW).remove)).toEqual(removed)
        expect(ids(planPrune(reversed, criteria, NOW).remove)).toEqual(removed)
      }),
      // Ties are what order could break: more runs find them.
      { numRuns: runs * 10 }
    )
  })
})

const DONE = ['succeeded', 'success', 'completed', 'complete', 'done', 'ready', 'finished']
const BUTS = [
  'errors',
  'error',
  'failures',
  'failed',
  'corrupt',
  'invalid',
  'incomplete',
  'partial',
  'warnings',
  'unverified',
  'not'
]
const SEPARATORS = ['_', '-', ' ', '  ', '.', '/', ' (']
const casing = fc.constantFrom(
  (word: string) => word,
  (word: string) => word.toUpperCase(),
  (word: string) => word[0].toUpperCase() + word.slice(1)
)

describe('phaseOf', () => {
  it('reads any string as exactly one phase, without throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), status => {
        expect(['succeeded', 'running', 'failed', 'gone', 'unclear']).toContain(phaseOf({ status }))
      })
    )
  })

  it('reads the same words alike in any case and joined by any separator', () => {
    const words = fc.array(
      fc.constantFrom(...DONE, ...BUTS, 'backup', 'deleted', 'in', 'progress'),
      {
        minLength: 1,
        maxLength: 4
      }
    )
    fc.assert(
      fc.property(words, fc.constantFrom(...SEPARATORS), casing, (list, separator, cased) => {
        expect(phaseOf({ status: list.map(cased).join(separator) })).toBe(
          phaseOf({ status: list.join('_') })
        )
      })
    )
  })

  it('reads a failure word, in any case and with a subject, as failed', () => {
    const failures = ['failed', 'error', 'errored', 'canceled', 'aborted', 'rejected', 'timed_out']
    fc.assert(
      fc.property(
        fc.constantFrom(...failures),
        fc.constantFrom(...SEPARATORS),
        casing,
        (word, separator, cased) => {
          expect(phaseOf({ status: word.split('_').map(cased).join(separator) })).toBe('failed')
          expect(phaseOf({ status: ['backup', word].map(cased).join(separator) })).toBe('failed')
        }
      )
    )
  })

  it('never reads a done word beside a failure word as succeeded', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DONE),
        fc.constantFrom(...BUTS),
        fc.boolean(),
        fc.constantFrom(...SEPARATORS),
        (done, but, first, separator) => {
          const status = first ? `${but}${separator}${done}` : `${done}${separator}${but}`
          expect(phaseOf({ status })).not.toBe('succeeded')
        }
      )
    )
  })
})

describe('timeOf', () => {
  it('never throws, and gives a finite time or none', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.date({ noInvalidDate: true }).map(d => d.toISOString()),
          fc.nat().map(String)
        ),
        text => {
          const time = timeOf(text)
          expect(time === undefined || Number.isFinite(time)).toBe(true)
        }
      )
    )
  })

  it('reads an ISO time back to the moment it names', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2001-01-02'), max: new Date('2100-01-01'), noInvalidDate: true }),
        date => {
          expect(timeOf(date.toISOString())).toBe(date.getTime())
        }
      )
    )
  })
})

/** A plain reference: the glob as an anchored regular expression. */
const reference = (text: string, pattern: string): boolean =>
  new RegExp(
    `^${[...pattern].map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`,
    's'
  ).test(text)

describe('matchesWildcard', () => {
  it('is the reference matcher on random names and patterns', () => {
    const alphabet = fc.constantFrom('a', 'b', '-', '.', '*', '?')
    const text = fc
      .array(fc.constantFrom('a', 'b', '-', '.'), { maxLength: 12 })
      .map(c => c.join(''))
    const pattern = fc.array(alphabet, { maxLength: 8 }).map(c => c.join(''))
    fc.assert(
      fc.property(text, pattern, (name, glob) => {
        expect(matchesWildcard(name, glob)).toBe(reference(name, glob))
      })
    )
  })
})

describe('ids', () => {
  it('a usable id is exactly one URL path segment that starts no option', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), id => {
        if (!isUsableId(id)) return
        expect(encodeURIComponent(id)).toBe(id)
        expect(['.', '..']).not.toContain(id)
        expect(id.startsWith('-')).toBe(false)
      })
    )
  })

  it('the digits of any integer survive an answer', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), n => {
        const { id } = parseExact(`{"list":[{"id": ${n} }],"id":${n}}`) as { id: unknown }
        expect(String(id)).toBe(n.toString())
      })
    )
  })
})

describe('auditPlanet', () => {
  it('is ok exactly when ensure would reuse one of the backups (any mechanism)', () => {
    const rulesArb = fc.record({
      maxAgeMs: fc.integer({ min: HOUR, max: 10 * DAY }),
      minRemainingLifetimeMs: fc.integer({ min: 0, max: 2 * DAY })
    })
    const expiring = fc.option(fc.integer({ min: -DAY, max: 10 * DAY }), { nil: undefined })
    const planetList = fc.array(fc.tuple(backupArb, expiring), { maxLength: 8 }).map(pairs =>
      pairs.map(([backup, expiresIn]) => ({
        ...backup,
        planet: 'dev1',
        expirationDate: expiresIn === undefined ? '' : new Date(NOW + expiresIn).toISOString()
      }))
    )
    fc.assert(
      fc.property(planetList, rulesArb, (backups, rules) => {
        const reuse = { ...rules, now: NOW, mechanism: undefined, permanentOnly: false }
        const reusable = backups.some(backup => whyNotReusable(backup, reuse) === undefined)
        const verdict = auditPlanet(backups, { ...rules, now: NOW, partial: false })
        expect(verdict.status === 'ok').toBe(reusable)
      })
    )
  })
})
