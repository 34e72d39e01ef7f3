/**
 * JSON as the action reads an answer: exactly, also where JSON.parse would round. An integer of 16
 * or more digits (a double keeps every integer only up to 2^53, 16 digits) is read as the string
 * of its digits, so an id above 2^53 names the backup it names in URLs, outputs and messages.
 * `JSON.parse`'s `context.source` would do it too, but Node 20 has none; a lossless JSON library
 * costs ten times the time and memory of one pass and JSON.parse.
 */

// A whole string (skipped as it is), or an integer literal of 16+ digits outside strings: not the
// fraction or exponent of another number, and not itself followed by one.
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g

/** The answer's text with every long integer literal quoted; other text unchanged. */
export function quoteLongIntegers(text: string): string {
  // Stryker disable next-line ConditionalExpression,Regex: a shortcut only; the replace below gives the same text
  if (!/\d{16}/.test(text)) return text
  return text.replace(STRING_OR_LONG_INTEGER, token => (token[0] === '"' ? token : `"${token}"`))
}

/** JSON.parse, with long integers kept as strings of their digits. */
export function parseExact(text: string): unknown {
  return JSON.parse(quoteLongIntegers(text))
}
