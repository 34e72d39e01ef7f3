/** Where the repository is, and what its action.yml declares: for tests, the demo and the bench. */
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: unknown }>
  outputs: Record<string, { description: string }>
  runs: Record<string, unknown>
  [key: string]: unknown
}

let action: ActionYml | undefined

export function actionYml(): ActionYml {
  action ??= parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml
  return action
}

/** The inputs of action.yml with their defaults ('' when none), as the runner fills them in. */
export function actionInputDefaults(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(actionYml().inputs).map(([name, input]) => [name, String(input.default ?? '')])
  )
}
