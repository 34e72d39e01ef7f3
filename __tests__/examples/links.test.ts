/**
 * Every relative link of README, CONTRIBUTING, SECURITY and docs/ goes somewhere: the file exists,
 * and an anchor (#…) names a heading of it, as GitHub makes anchors of headings.
 */
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { ROOT } from '../../scripts/action-yml.js'

const PAGES = [
  'README.md',
  'CONTRIBUTING.md',
  'SECURITY.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter(file => file.endsWith('.md'))
    .map(file => `docs/${file}`)
]

/** GitHub's anchor of a heading: lower case, punctuation but - and _ dropped, spaces as -. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

function anchorsIn(file: string): Set<string> {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/^```.*?^```/gms, '')
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  for (const [, heading] of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = anchorOf(heading)
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  }
  for (const [, id] of text.matchAll(/<a id="([^"]+)"><\/a>/g)) anchors.add(id)
  return anchors
}

/** The relative links of a page (inline and reference style), outside code. */
function linksIn(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
    .replace(/^```.*?^```/gms, '')
    .replace(/`[^`\n]*`/g, '')
  const inline = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map(match => match[1])
  const reference = [...text.matchAll(/^\[[^\]]+\]: (\S+)/gm)].map(match => match[1])
  return [...inline, ...reference].filter(link => !/^[a-z]+:/i.test(link))
}

/** Why a link of `file` goes nowhere, or undefined when it resolves. */
function broken(file: string, link: string): string | undefined {
  const [path, anchor] = link.split('#')
  const target = path ? normalize(join(dirname(file), path)) : file
  if (!existsSync(join(ROOT, target))) return `${file}: ${link} (no ${target})`
  if (anchor && target.endsWith('.md') && !anchorsIn(target).has(anchor)) {
    return `${file}: ${link} (no heading #${anchor} in ${target})`
  }
  return undefined
}

describe('relative links resolve', () => {
  it.each(PAGES)('%s', file => {
    const links = linksIn(file)
    expect(links.map(link => broken(file, link)).filter(Boolean)).toEqual([])
  })

  it('finds a broken file and a broken anchor (the check itself can fail)', () => {
    expect(broken('README.md', 'docs/nowhere.md')).toContain('no docs/nowhere.md')
    expect(broken('README.md', '#no-such-heading')).toContain('no heading #no-such-heading')
    expect(broken('README.md', 'docs/api.md#status-words')).toBeUndefined()
    expect(anchorOf('What is not known about the API, and how the action copes')).toBe(
      'what-is-not-known-about-the-api-and-how-the-action-copes'
    )
  })
})
