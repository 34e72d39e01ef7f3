/**
 * Redaction at the trust edge: a secret a server echoes — plain, JSON-escaped or URL-encoded — and
 * the action's own cuts anywhere never show 8 of its characters in a row, in the summary, an
 * error reason or the debug line.
 */
import { describe, expect, it } from '@jest/globals'
import { judgeAnswer } from '../../src/api/retry-policy.js'
import { toBackup, type Backup } from '../../src/api/types.js'
import { JobSummary } from '../../src/job-summary.js'
import { redactStrings, Secrets } from '../../src/secrets.js'
import { anAnswer } from '../fixtures/answers.js'

const SECRET = 'tok3n-9f8e7d6c5b4a3f2e1d0c9b8a7f6e'
const RUN = 8

/** The runs of RUN characters of the secret that the text shows. */
function partsShown(text: string, secret = SECRET): string[] {
  const runs = Array.from({ length: secret.length - RUN + 1 }, (_, i) => secret.slice(i, i + RUN))
  return runs.filter(run => text.includes(run))
}

const jsonEscaped = (text: string): string =>
  [...text].map(char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')

function secrets(): Secrets {
  const kept = new Secrets(() => undefined)
  kept.add(SECRET)
  return kept
}

/** A GET answer the way the transport judges it: the text as it came. */
const judged = (text: string, kept: Secrets, status = 200): ReturnType<typeof judgeAnswer> =>
  judgeAnswer(anAnswer({ text, status, redact: value => kept.redact(value) }))

describe('redaction at the trust edge', () => {
  it.each([
    ['JSON-escaped', jsonEscaped(SECRET)],
    ['URL-encoded', encodeURIComponent(SECRET)],
    ['plain', SECRET]
  ])('a %s secret anywhere in an answer is gone from the parsed answer', (_, form) => {
    const kept = secrets()
    const text = `{"id":"b1","status":"x${form}","list":[{"${form}":"${form}y"}],"metadata":{"name":"${form}"}}`
    const verdict = judged(text, kept)
    expect(verdict.kind).toBe('done')
    expect(partsShown(JSON.stringify(verdict.kind === 'done' ? verdict.body : ''))).toEqual([])
  })

  it("the summary redacts every cell before it is cut, at every position of the action's cuts", async () => {
    const kept = secrets()
    for (let pad = 0; pad <= 170; pad++) {
      const echoed = `${'x'.repeat(pad)}${SECRET}`
      // Built past the edge, as if a secret reached a backup some other way.
      const backup = toBackup({
        id: 'b1',
        status: echoed,
        errorMessage: echoed,
        metadata: { name: echoed }
      }) as Backup
      let markdown = ''
      const summary = new JobSummary(
        async written => void (markdown += written),
        value => kept.redact(value)
      )
      summary.outcome('❌', [echoed])
      summary.table('Backup', [{ backup, note: echoed }])
      summary.rows('Rows', ['a'], [[echoed]])
      await summary.flush()
      expect([pad, partsShown(markdown)]).toEqual([pad, []])
    }
  })

  it('an error reason quotes the API message with the secret redacted, however it was escaped', () => {
    const kept = secrets()
    const verdict = judged(`{"message":"bad token ${jsonEscaped(SECRET)}"}`, kept, 403)
    expect(verdict.kind).toBe('fail')
    expect(partsShown(JSON.stringify(verdict))).toEqual([])
  })

  it('a shorter secret inside a longer one cuts nothing the parsed answer still had to find', () => {
    // Found by the redaction property: scrubbing "Z" from the text first left "aaaaaaaa" of a
    // secret the server had lower-cased and JSON-escaped (the \" is plain only once parsed).
    const long = 'aaaaaaaaZaaaaaa"a'
    const kept = new Secrets(() => undefined)
    kept.add('Z')
    kept.add(long)
    const echoed = JSON.stringify(long.toLowerCase())
    const verdict = judged(`{"status":${echoed},"message":${echoed}}`, kept, 200)
    expect(partsShown(JSON.stringify(verdict), long)).toEqual([])
  })

  it('a secret lower-cased and JSON-escaped at once is found in the text as well', () => {
    // Found by the redaction property (seed 1620235785): a 500's reason quotes the text, where
    // only the plain, lower-cased or escaped forms were known, not both at once; scrubbing the
    // shorter secret "a" then left 8 characters of the longer one.
    const long = `a€'8!!#{;Yaa"a`
    const kept = new Secrets(() => undefined)
    kept.add(long)
    kept.add('a')
    const echoed = JSON.stringify(long.toLowerCase())
    const verdict = judged(`{"status":${echoed},"message":${echoed}}`, kept, 500)
    expect(partsShown(JSON.stringify(verdict), long)).toEqual([])
  })

  it('finds a part where there is one (the check itself can fail)', () => {
    expect(partsShown(`…${SECRET.slice(5, 13)}…`)).toHaveLength(1)
  })
})

describe('redactStrings', () => {
  it('scrubs the strings in arrays and keys as well as in values', () => {
    const scrub = (text: string): string => text.split('s3cret').join('***')
    expect(redactStrings({ list: ['a s3cret', 2, null], s3cret: 'x' }, scrub)).toEqual({
      list: ['a ***', 2, null],
      '***': 'x'
    })
  })
})
