/**
 * No import loop anywhere in the repository — type-only imports counted — neither between files
 * nor when any folder is taken as one unit (api/ importing a module that imports api/ is a loop).
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { ROOT } from '../../scripts/action-yml.js'

const FOLDERS = ['src', 'simulator', 'scripts', 'bench', '__tests__']
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap(name => {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|mjs|js)$/.test(name) ? [path] : []
  })
}

/** Each file (relative to the root) and the repository files it imports. */
function importGraph(): Map<string, string[]> {
  const files = FOLDERS.flatMap(folder => sourceFiles(join(ROOT, folder)))
  const known = new Set(files.map(file => relative(ROOT, file)))
  const graph = new Map<string, string[]>()
  for (const file of files) {
    const targets = [...readFileSync(file, 'utf8').matchAll(IMPORT)]
      .map(match => match[1] ?? match[2] ?? match[3])
      .filter(target => target.startsWith('.'))
      .map(target => relative(ROOT, resolve(dirname(file), target)).replace(/\.js$/, '.ts'))
      .filter(target => known.has(target))
    graph.set(relative(ROOT, file), targets)
  }
  return graph
}

/** The loops of a graph: each strongly connected set of more than one node, or a self-import. */
function loops(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const found: string[][] = []
  const visit = (node: string): void => {
    index.set(node, index.size)
    low.set(node, index.get(node)!)
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!))
      }
    }
    if (low.get(node) !== index.get(node)) return
    const members: string[] = []
    let member: string
    do {
      member = stack.pop()!
      members.push(member)
    } while (member !== node)
    if (members.length > 1 || (graph.get(node) ?? []).includes(node)) found.push(members.sort())
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return found
}

/** The graph with every file under `folder` merged into one node, `folder/`. */
function withFolderAsUnit(graph: Map<string, string[]>, folder: string): Map<string, string[]> {
  const unit = (file: string): string => (file.startsWith(`${folder}/`) ? `${folder}/` : file)
  const merged = new Map<string, string[]>()
  for (const [file, targets] of graph) {
    const from = unit(file)
    const to = targets.map(unit).filter(target => target !== from)
    merged.set(from, [...new Set([...(merged.get(from) ?? []), ...to])])
  }
  return merged
}

describe('imports', () => {
  const graph = importGraph()
  const folders = [
    ...new Set(
      [...graph.keys()].flatMap(file => {
        const parts = dirname(file).split('/')
        return parts.map((_, depth) => parts.slice(0, depth + 1).join('/'))
      })
    )
  ]

  it('reads the whole repository', () => {
    expect(graph.size).toBeGreaterThan(60)
    expect(graph.get('src/main.ts')).toContain('src/settings.ts')
    expect(graph.get('src/api/transport.ts')).toContain('src/api/retry-policy.ts')
  })

  it('has no loop between files', () => expect(loops(graph)).toEqual([]))

  it.each(folders)('has no loop with %s/ taken as one unit', folder =>
    expect(loops(withFolderAsUnit(graph, folder))).toEqual([])
  )

  it('finds a loop where there is one', () => {
    const looped = new Map([
      ['src/api/client.ts', ['src/backups.ts']],
      ['src/backups.ts', ['src/api/types.ts']],
      ['src/api/types.ts', []]
    ])
    expect(loops(looped)).toEqual([])
    expect(loops(withFolderAsUnit(looped, 'src/api'))).toEqual([['src/api/', 'src/backups.ts']])
  })
})
