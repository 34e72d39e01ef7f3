/**
 * Every `uses:` of a workflow this repository holds or shows (workflow-sources.ts) is a local path
 * or pinned by full commit SHA with its release in a comment: a tag or a branch can be moved under
 * the people who run it. Read from the raw text: a YAML parser drops the comment.
 */
import { describe, expect, it } from '@jest/globals'
import { allWorkflows, type WorkflowSource } from '../../scripts/workflow-sources.js'

const USES = /^\s*(?:-\s+)?uses:\s*(["']?)([^"'\s#]*)\1\s*(.*)$/
const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*@[0-9a-f]{40}$/
const VERSION_COMMENT = /^#\s*v\d+\.\d+\.\d+$/
/** This action, as README and the examples show it to users (README, "Versioning"). */
const THIS_ACTION = /^your-org\/gwcp-backup-action@/

/** Each `uses:` that breaks the rule, as "where: the line". */
function unpinned(source: WorkflowSource): string[] {
  return source.text.split('\n').flatMap(line => {
    const match = USES.exec(line)
    if (!match) return []
    const [, , target, rest] = match
    if (target.startsWith('./') || THIS_ACTION.test(target)) return []
    return PINNED.test(target) && VERSION_COMMENT.test(rest.trim())
      ? []
      : [`${source.where}: ${line.trim()}`]
  })
}

describe('every uses: is pinned by full SHA, its release in a comment', () => {
  const sources = allWorkflows()

  it('reads the workflows, the examples and the workflows in the docs', () => {
    const where = sources.map(source => source.where.split(':')[0])
    expect(where).toEqual(
      expect.arrayContaining(['.github/workflows/ci.yml', 'examples/nightly.yml', 'README.md'])
    )
  })

  it.each(sources.map(source => [source.where, source] as const))('%s', (_, source) => {
    expect(unpinned(source)).toEqual([])
  })

  it('finds every kind of breach', () => {
    const text = [
      '      - uses: actions/checkout@main',
      '      - uses: actions/checkout@v7',
      '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1',
      "      - uses: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1' # latest",
      '      - uses: docker://alpine:3',
      '      - uses: github/codeql-action/init@3d3c42e5aac5ba805825da76410c181273ba90b # v3.1.0',
      '      - uses: ./',
      '      - uses: ./.github/actions/setup',
      '        uses: your-org/gwcp-backup-action@v2',
      '      - uses: github/codeql-action/init@3d3c42e5aac5ba805825da76410c181273ba90b1 # v3.1.0'
    ].join('\n')
    expect(unpinned({ where: 'fixture', text }).map(line => line.split('uses: ')[1])).toEqual([
      'actions/checkout@main',
      'actions/checkout@v7',
      'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1',
      "'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1' # latest",
      'docker://alpine:3',
      'github/codeql-action/init@3d3c42e5aac5ba805825da76410c181273ba90b # v3.1.0'
    ])
  })
})
