import { describe, expect, it } from '@jest/globals'
import { parseExact, quoteLongIntegers } from '../../src/api/exact-json.js'
import { toBackup } from '../../src/api/types.js'

describe('parseExact: integers keep their digits', () => {
  it.each([
    ['2^53 - 1', '9007199254740991'],
    ['2^53', '9007199254740992'],
    ['2^53 + 1', '9007199254740993'],
    ['a 30-digit one', '123456789012345678901234567890'],
    ['a negative one', '-9007199254740993']
  ])('%s, as a number literal, becomes the string of its digits', (_, digits) => {
    expect(parseExact(`{"id": ${digits}}`)).toEqual({ id: digits })
    expect(parseExact(`[${digits},${digits}]`)).toEqual([digits, digits])
  })

  it('leaves shorter integers numbers, and fractions and exponents as JSON.parse reads them', () => {
    const text = '{"a":123456789012345,"b":1234567890123456.5,"c":1.2345678901234567e20,"d":-1}'
    expect(parseExact(text)).toEqual(JSON.parse(text))
  })

  it('leaves strings as they are: digits, escapes, quotes and brackets inside them', () => {
    const text = String.raw`{"s":"12345678901234567890","t":"a\"12345678901234567\\","u":"[9007199254740993]","v":"\u0031234567890123456789"}`
    expect(parseExact(text)).toEqual(JSON.parse(text))
    expect(quoteLongIntegers(text)).toBe(text)
  })

  it('reads nesting and whitespace, and quotes only what is outside strings', () => {
    const text =
      '{ "items" : [ { "id" :\n9007199254740993 , "n": "9007199254740993" } ], "k": {"x":[12345678901234567]} }'
    expect(parseExact(text)).toEqual({
      items: [{ id: '9007199254740993', n: '9007199254740993' }],
      k: { x: ['12345678901234567'] }
    })
  })

  it('throws on what is not JSON, as JSON.parse does', () => {
    expect(() => parseExact('{"id": 90071992547409931')).toThrow()
  })
})

describe('toBackup: an id that cannot be kept exact is unusable', () => {
  it.each([1.5, 9007199254740992, 1e21])('%s gets a ~ (it fails the id rule)', id => {
    expect(toBackup({ id })?.id).toMatch(/^~/)
  })

  it('keeps a safe integer and a long one read exactly', () => {
    expect(toBackup({ id: 9007199254740991 })?.id).toBe('9007199254740991')
    expect(toBackup(parseExact('{"id":9007199254740993}'))?.id).toBe('9007199254740993')
  })
})
