/**
 * Every workflow this repository holds or shows: the files in .github/workflows/ and examples/,
 * and each YAML block of README.md, CONTRIBUTING.md and docs/. The pin test, the examples' tests
 * and the shellcheck lint read them from here, so a workflow shown in the docs is held to the same
 * rules as one that runs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from './action-yml.js'

export interface WorkflowSource {
  /** "examples/nightly.yml", or "README.md:153" for a block that starts on that line. */
  where: string
  text: string
}

const filesIn = (dir: string, ending: RegExp): string[] =>
  existsSync(join(ROOT, dir))
    ? readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
        .filter(file => ending.test(file))
        .map(file => join(dir, file))
    : []

/** The YAML blocks of a Markdown file, each with the line it starts on. */
function yamlBlocks(file: string): WorkflowSource[] {
  const text = readFileSync(join(ROOT, file), 'utf8')
  return [...text.matchAll(/^```ya?ml\n(.*?)^```/gms)].map(match => ({
    where: `${file}:${text.slice(0, match.index).split('\n').length + 1}`,
    text: match[1]
  }))
}

export function workflowFiles(): WorkflowSource[] {
  return [...filesIn('.github/workflows', /\.ya?ml$/), ...filesIn('examples', /\.ya?ml$/)].map(
    where => ({ where, text: readFileSync(join(ROOT, where), 'utf8') })
  )
}

export function documentedWorkflows(): WorkflowSource[] {
  return ['README.md', 'CONTRIBUTING.md', ...filesIn('docs', /\.md$/)].flatMap(yamlBlocks)
}

export const allWorkflows = (): WorkflowSource[] => [...workflowFiles(), ...documentedWorkflows()]

/** Every `run:` script in a YAML document, wherever it stands (a workflow, a job, a list of steps). */
export function runScripts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(runScripts)
  if (typeof node !== 'object' || node === null) return []
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'run' && typeof value === 'string' ? [value] : runScripts(value)
  )
}

export const runScriptsOf = (source: WorkflowSource): string[] => runScripts(parse(source.text))
