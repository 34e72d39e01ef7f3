/** The one builder of a summary's first line: the action's words, and server text only as code. */
import { describe, expect, it } from '@jest/globals'
import {
  code,
  headlineMarkdown,
  plainText,
  statusBeside,
  stepMark,
  words
} from '../../src/headline.js'
import type { Mark } from '../../src/marks.js'

const asIs = (text: string): string => text

describe('stepMark: the mark is the step’s result', () => {
  it.each([
    ['✅', true, '❌'],
    ['⚠️', true, '❌'],
    ['✅', false, '✅'],
    ['⚠️', false, '⚠️'],
    ['⏳', false, '⚠️'],
    ['❌', false, '⚠️']
  ] as Array<[Mark, boolean, Mark]>)('said %s, failed %p: %s', (said, failed, mark) => {
    expect(stepMark(said, failed)).toBe(mark)
  })
})

describe('words: a template of the action’s words and code parts', () => {
  it('keeps every literal and value in order, numbers as text, nested words flat', () => {
    const inner = words`of ${code('dev1')}`
    expect(words`backup ${code('1001')} ${inner}, ${3} left`).toEqual([
      'backup ',
      { code: '1001' },
      ' ',
      'of ',
      { code: 'dev1' },
      '',
      ', ',
      '3',
      ' left'
    ])
  })

  it('a template without values is its one literal', () => {
    expect(words`nothing to do`).toEqual(['nothing to do'])
  })
})

describe('statusBeside: the server’s status beside the action’s word for it', () => {
  it.each([' Succeeded ', 'succeeded', 'SUCCEEDED'])('%j beside "succeeded": nothing', status => {
    expect(statusBeside(status, 'succeeded')).toEqual([])
  })

  it('another word is shown in parentheses, as code', () => {
    expect(statusBeside('COMPLETED', 'succeeded')).toEqual([' (', { code: 'COMPLETED' }, ')'])
  })
})

describe('plainText', () => {
  it('joins the words and the code parts’ text', () => {
    expect(plainText(words`backup ${code('1001')} of ${code('dev1')}`)).toBe('backup 1001 of dev1')
  })

  it('a string is itself', () => expect(plainText('as said')).toBe('as said'))
})

describe('headlineMarkdown', () => {
  const markdownOf = (...parts: Parameters<typeof words>): string =>
    headlineMarkdown({ mark: '✅', words: words(...parts) }, asIs)

  it('a level-3 heading: the mark, the words, server text in code spans', () => {
    expect(markdownOf`GWCP backup ${code('1001')} of ${code('dev1')} succeeded`).toBe(
      '### ✅ GWCP backup `1001` of `dev1` succeeded'
    )
  })

  it.each([
    ['a`b', "`a'b`"],
    ['', '` `'],
    ['a\nb', '`a\\nb`'],
    ['x'.repeat(64), `\`${'x'.repeat(64)}\``],
    ['x'.repeat(65), `\`${'x'.repeat(63)}…\``]
  ])('code %j is shown as %j', (text, span) => {
    expect(markdownOf`${code(text)}`).toBe(`### ✅ ${span}`)
  })

  it('the action’s words are escaped as text and cut at 500 characters', () => {
    expect(markdownOf`*not bold*`).toBe('### ✅ \\*not bold\\*')
    expect(markdownOf`${'y'.repeat(501)}`).toBe(`### ✅ ${'y'.repeat(500)}… (1 more characters)`)
  })

  it('redacts every part before it is cut, so no fragment of a secret is left', () => {
    const redact = (text: string): string => text.replaceAll('SECRETVALUE', '***')
    const headline = {
      mark: '❌' as const,
      words: words`${code(`${'x'.repeat(60)}SECRETVALUE`)} SECRETVALUE`
    }
    expect(headlineMarkdown(headline, redact)).toBe(`### ❌ \`${'x'.repeat(60)}***\` \\*\\*\\*`)
  })
})
