/**
 * The one builder of a summary's first line, for every operation: the action's own words, and what
 * a server sent (a status, a planet name) only as code, so that server text can never read as the
 * outcome ("✅ SUCCEEDED" from a server is shown as `✅ SUCCEEDED`, never as a mark).
 */
import type { Mark } from './marks.js'
import { folded, forMarkdown, visible } from './text.js'

/** Text a server sent, shown in a code span. */
export interface Code {
  code: string
}
type Part = string | Code
/** A headline's text: the action's words and `code` parts. */
export type Words = readonly Part[]

export interface Headline {
  mark: Mark
  words: Words
}

export const code = (value: string): Code => ({ code: value })

/**
 * The headline's mark is the step's result: ❌ exactly when the step fails (a timed-out wait, a
 * prune with a refused delete); a green step shows ✅, or ⚠️ when it has something to say (a
 * backup it got that failed, a list without a good backup) — never ❌.
 */
export function stepMark(said: Mark, failed: boolean): Mark {
  if (failed) return '❌'
  return said === '✅' ? '✅' : '⚠️'
}

/** `words\`GWCP backup ${id} is ${code(status)}\``: literals and plain values are the action's own. */
export function words(
  literals: TemplateStringsArray,
  ...values: Array<Part | number | Words>
): Words {
  return literals.flatMap((literal, index): Part[] => {
    if (index >= values.length) return [literal]
    const value = values[index]
    if (Array.isArray(value)) return [literal, ...(value as Words)]
    return [literal, typeof value === 'number' ? String(value) : (value as Part)]
  })
}

/**
 * " (`COMPLETED`)": the server's status beside the action's word for it, unless it is that word
 * ("failed (failed)" says nothing twice).
 */
export const statusBeside = (status: string, word: string): Words =>
  folded(status) === word ? [] : [' (', code(status), ')']

/** The headline as plain text: an annotation's title, a log line. */
export const plainText = (text: Words | string): string =>
  typeof text === 'string'
    ? text
    : text.map(part => (typeof part === 'string' ? part : part.code)).join('')

const CODE_CHARS = 64

/** A code span that holds no backtick and nothing invisible, cut to CODE_CHARS. */
function codeSpan(text: string): string {
  const shown = visible(text).replace(/`/g, "'")
  return `\`${shown.length > CODE_CHARS ? `${shown.slice(0, CODE_CHARS - 1)}…` : shown || ' '}\``
}

/** The headline as the summary's Markdown; `redact` runs on every part before it is cut. */
export function headlineMarkdown(headline: Headline, redact: (text: string) => string): string {
  const text = headline.words
    .map(part =>
      typeof part === 'string' ? forMarkdown(redact(part), 500) : codeSpan(redact(part.code))
    )
    .join('')
  return `### ${headline.mark} ${text}`
}
