import { describe, expect, it } from '@jest/globals'
import { isUsableId } from '../../src/ids.js'
import { Secrets } from '../../src/secrets.js'
import { cut, forLog, forMarkdown, listOf, sameWord, visible } from '../../src/text.js'

describe('visible: one line, nothing hidden', () => {
  it.each([
    ['a\nb', 'a\\nb'],
    ['a\r\nb', 'a\\r\\nb'],
    ['tab\there', 'tab\\there'],
    ['\u001b[31mred', '\\u001b[31mred'],
    ['line\u2028sep', 'line\\u2028sep'],
    ['bidi\u202eevil', 'bidi\\u202eevil'],
    ['plain é 東京', 'plain é 東京'],
    ['tag\u{e0041}', 'tag\\u{e0041}'],
    ['\u{1d173}music', '\\u{1d173}music']
  ])('%j → %j', (text, shown) => expect(visible(text)).toBe(shown))
})

describe('forLog: starts no workflow command', () => {
  it.each([
    ['::error::forged', '» ::error::forged'],
    ['  ::add-mask::x', '»   ::add-mask::x'],
    ['ok\n::stop-commands::t', 'ok\\n::stop-commands::t'],
    ['old ##[error]form', 'old ##\\[error]form'],
    ['Backup 1: in_progress', 'Backup 1: in_progress']
  ])('%j → %j', (text, line) => expect(forLog(text)).toBe(line))

  it('cuts a very long line, saying how much was left out', () => {
    expect(forLog('x'.repeat(20_000))).toMatch(/^x{16000}… \(4000 more characters\)$/)
    expect(cut('abc', 2)).toBe('ab… (1 more characters)')
    expect(cut('abc', 3)).toBe('abc')
  })
})

describe('forMarkdown: text, never markup', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['[click](javascript:alert(1))', '\\[click\\](javascript:alert(1))'],
    ['![x](https://evil/p.png)', '\\!\\[x\\](https\\://evil/p.png)'],
    ['a|b', 'a\\|b'],
    ['*bold* ~strike~ $x$', '\\*bold\\* \\~strike\\~ \\$x\\$'],
    ['_em_ in_progress', '\\_em\\_ in_progress'],
    ['two\nlines', 'two\\\\nlines'],
    ['"quoted" & \'single\'', '&quot;quoted&quot; &amp; &#39;single&#39;'],
    // Emoji shortcodes: one letter, a leading digit, a digit after the last letter, a plus.
    [':x: done', '\\:x: done'],
    [':1st_place_medal:', '\\:1st_place_medal:'],
    [':u5272:', '\\:u5272:'],
    [':+1:', '\\:+1:'],
    ['at 23:38:04', 'at 23:38:04'],
    ['mailto:a xmpp:b www.c', 'mailto\\:a xmpp\\:b www\\.c'],
    ['a@b #12', 'a\\@b \\#12']
  ])('%j → %j', (text, markdown) => expect(forMarkdown(text)).toBe(markdown))
})

describe('isUsableId: the one rule for an id in a URL', () => {
  it.each(['362', 'b-1', 'dev1', 'a.b_c', 'x'.repeat(128)])('uses %j', id =>
    expect(isUsableId(id)).toBe(true)
  )
  it.each(['', '.', '..', 'a/b', 'a b', '%2e%2e', 'x'.repeat(129), 'é'])('refuses %j', id =>
    expect(isUsableId(id)).toBe(false)
  )
})

describe('Secrets', () => {
  it('masks and scrubs a secret in every form the action encodes it in, longest first', () => {
    const masked: string[] = []
    const secrets = new Secrets(value => masked.push(value))
    const secret = 'p@ss w/rd+&="é'
    secrets.add(secret)
    expect(masked).toEqual([
      secret,
      encodeURIComponent(secret),
      'p%40ss+w%2Frd%2B%26%3D%22%C3%A9',
      'p@ss w/rd+&=\\"é'
    ])
    const text = `form client_secret=p%40ss+w%2Frd%2B%26%3D%22%C3%A9 json "p@ss w/rd+&=\\"é" raw ${secret}`
    expect(secrets.redact(text)).toBe('form client_secret=*** json "***" raw ***')
  })

  it('is scrubbed before a cut, so no part of it shows', () => {
    const secrets = new Secrets(() => undefined)
    secrets.add('sim-token-3f7a9c1e')
    const body = `${'x'.repeat(290)}sim-token-3f7a9c1e`
    expect(cut(secrets.redact(body), 300)).toBe(`${'x'.repeat(290)}***`)
  })
})

describe('sameWord: a planet or a name as a server may send it back', () => {
  it.each([
    ['gha-1-nightly', ' GHA-1-Nightly '],
    [' GHA-1-Nightly ', 'gha-1-nightly']
  ])('%j is %j', (a, b) => expect(sameWord(a, b)).toBe(true))

  it('tells different words apart', () => expect(sameWord('gha-1-a', 'gha-1-b')).toBe(false))
})

describe('listOf', () => {
  it.each([
    [[], ''],
    [['create'], 'create'],
    [['create', 'ensure'], 'create and ensure'],
    [['create', 'ensure', 'wait'], 'create, ensure and wait']
  ])('%j → %j', (names, listed) => expect(listOf(names)).toBe(listed))
})
