/**
 * Text that came from the network is data. These are the renderings that keep it so: in the
 * runner's log it cannot start a workflow command, and in the job summary it cannot add markup.
 */

// C0 and C1 controls, line and paragraph separators, the bidirectional marks and overrides that
// can make a line read differently from what it holds, and the invisible ones (soft hyphen, zero
// widths, word joiner, invisible operators, byte-order mark) that hide what a text holds.
const CONTROL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** Control characters shown as escapes (`\n`, `\u001b`): one line, nothing hidden. */
export function visible(text: string): string {
  return text.replace(
    CONTROL,
    char => NAMED[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
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
// need * ~ $ and an underscore at a word's edge (GitHub ignores one inside a word: in_progress).
// GitHub also makes links of bare text: `scheme://`, `mailto:`, `xmpp:`, an e-mail's `@` and
// `www.` — escaping that `:`, `@` or dot leaves no link.
const MARKDOWN =
  /[\\`*[\]!|~$<>&"'@]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|:(?=\/\/)|(?<=mailto|xmpp):|(?<=www)\./gi
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

/** "create, ensure and wait". */
export function listOf(names: readonly string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join('')
}
