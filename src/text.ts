/**
 * Text that came from the network is data. These are the renderings that keep it so: in the
 * runner's log it cannot start a workflow command, and in the job summary it cannot add markup.
 */

/**
 * What a person must not see unseen, by code point (Unicode's own properties, not a hand list):
 * controls (Cc), format characters (Cf: bidi marks, zero widths, tags, invisible operators), line
 * and paragraph separators (Zl, Zp), every Default_Ignorable_Code_Point (variation selectors,
 * Hangul fillers, U+034F, U+180E, U+FFF9–FFFB), the Bidi_Control set, U+2800 (the blank braille
 * pattern) and every space but U+0020. Each is shown as an escape.
 */
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\u2800]|(?! )\p{Zs}/gu
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

const escapeOf = (char: string): string => {
  const point = char.codePointAt(0) ?? 0
  // Stryker disable next-line EqualityOperator: U+FFFF is no invisible character, so it never gets here
  return point > 0xffff ? `\\u{${point.toString(16)}}` : `\\u${point.toString(16).padStart(4, '0')}`
}

/** Invisible characters shown as escapes (`\n`, `\u001b`, `\u{e0041}`): one line, nothing hidden. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, char => NAMED[char] ?? escapeOf(char))
}

/** Cuts text to `max` characters, saying how much was left out. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`
}

const LOG_LINE_MAX = 16_000

/**
 * One line for the runner's log that starts no workflow command: `::` at its start and the old
 * `##[` form anywhere are the runner's command markers.
 */
export function forLog(text: string): string {
  const line = cut(visible(text), LOG_LINE_MAX).replace(/##\[/g, '##\\[')
  return /^\s*::/.test(line) ? `» ${line}` : line
}

// Links and images need [ ] and !; HTML needs < > &; tables break on |; emphasis, strike and math
// need * ~ $ and an underscore at a word's edge (GitHub ignores one inside a word: in_progress);
// headings and issue references (`#123`) need #; emoji shortcodes (`:white_check_mark:`) a colon
// before a word with a letter and another colon (a time's `23:38:04` is left alone). GitHub also makes links of bare text: `scheme://`, `mailto:`,
// `xmpp:`, an e-mail's `@` and `www.` — escaping that `:`, `@` or dot leaves no link.
const MARKDOWN =
  /[\\`*[\]!|~$<>&"'@#]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|:(?=\/\/|[A-Za-z0-9_+-]*[A-Za-z+][A-Za-z0-9_+-]*:)|(?<=mailto|xmpp):|(?<=www)\./gi
const ENTITIES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  '"': '&quot;',
  "'": '&#39;'
}

/** Plain text for the job summary: no HTML, no markdown (links, autolinks, images, emphasis), one line. */
export function forMarkdown(text: string, max = 300): string {
  return cut(visible(text), max).replace(MARKDOWN, char => ENTITIES[char] ?? `\\${char}`)
}

/** One spelling for comparing words a server sends: it may trim them or change their case. */
export const folded = (text: string): string => text.trim().toLowerCase()

/** The same word as a server may send it back: a planet, a name. */
export const sameWord = (a: string, b: string): boolean => folded(a) === folded(b)

/** "create, ensure and wait". */
export function listOf(names: readonly string[]): string {
  return names.length > 1
    ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
    : (names[0] ?? '')
}
