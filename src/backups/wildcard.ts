import { folded } from '../text.js'

/**
 * Whether `text` matches `pattern`, where `*` is any run of characters and `?` any one. Greedy,
 * going back only to the last `*`: at most length × pattern steps whatever a server sends (a
 * backtracking regex takes minutes on a long name against `*-*-*-*-prod`).
 */
export function matchesWildcard(text: string, pattern: string): boolean {
  const chars = [...text]
  const wanted = [...pattern]
  let t = 0
  let p = 0
  let star = -1
  let resumeAt = 0
  while (t < chars.length) {
    // Past the pattern's end wanted[p] is undefined: it is neither '?', a character nor '*'.
    if (wanted[p] === '?' || wanted[p] === chars[t]) {
      t++
      p++
    } else if (wanted[p] === '*') {
      star = p++
      resumeAt = t
    } else if (star >= 0) {
      p = star + 1
      t = ++resumeAt
    } else {
      return false
    }
  }
  while (wanted[p] === '*') p++
  return p === wanted.length
}

/**
 * The names a prune manages: those `glob` matches, or — the default — those that start with
 * `prefix`, the start of the names this repository's workflows give (trimmed and case-blind:
 * servers may lower-case names).
 */
export type NameRule = { glob: string } | { prefix: string }

export function matchesNameRule(name: string, rule: NameRule): boolean {
  if ('glob' in rule) return matchesWildcard(name, rule.glob)
  return folded(name).startsWith(rule.prefix.toLowerCase())
}
