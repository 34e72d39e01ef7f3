/**
 * The rules that keep the release pipeline from being turned against the people who pin this
 * action (CONTRIBUTING.md, "Workflows"), checked on every workflow in .github/workflows/.
 */
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../../scripts/action-yml.js'

interface Step {
  uses?: string
  run?: string
  with?: Record<string, unknown>
}
type Permissions = string | Record<string, string> | undefined
interface Job {
  permissions?: Permissions
  steps?: Step[]
}
interface Workflow {
  on: unknown
  permissions?: Permissions
  concurrency?: unknown
  jobs: Record<string, Job>
}

const writes = (permissions: Permissions): boolean =>
  typeof permissions === 'string'
    ? permissions === 'write-all'
    : Object.values(permissions ?? {}).includes('write')

/** Every breach of the rules in one workflow, as "job: what". */
function breaches(workflow: Workflow): string[] {
  const found: string[] = []
  const releases = JSON.stringify(workflow.on).includes('"tags"')
  if (releases && !workflow.concurrency)
    found.push('workflow: a release without a concurrency group')
  for (const [name, job] of Object.entries(workflow.jobs)) {
    const write = writes(job.permissions ?? workflow.permissions)
    for (const step of job.steps ?? []) {
      if (step.run?.includes('${{')) found.push(`${name}: \${{ }} inside run:`)
      if (write && /\b(npm|npx|yarn|pnpm)\b/.test(step.run ?? '')) {
        found.push(`${name}: runs package code with a write permission`)
      }
      if (write && step.uses?.startsWith('actions/setup-node') && step.with?.cache) {
        found.push(`${name}: restores a package cache with a write permission`)
      }
      const persisted = step.with?.['persist-credentials'] !== false
      if (!write && step.uses?.startsWith('actions/checkout') && persisted) {
        found.push(`${name}: a checkout that keeps its credentials in a job that does not push`)
      }
    }
  }
  return found
}

const files = readdirSync(join(ROOT, '.github', 'workflows'))

describe('workflow rules', () => {
  it.each(files)('.github/workflows/%s keeps them', file => {
    const workflow = parse(
      readFileSync(join(ROOT, '.github', 'workflows', file), 'utf8')
    ) as Workflow
    expect(breaches(workflow)).toEqual([])
  })

  it('finds each breach where there is one', () => {
    const bad = parse(`
on: { push: { tags: ['v*'] } }
permissions: { contents: read }
jobs:
  publish:
    permissions: { contents: write }
    steps:
      - uses: actions/setup-node@x
        with: { cache: npm }
      - run: npm ci && echo "\${{ github.event.pull_request.head.ref }}"
  test:
    steps:
      - uses: actions/checkout@x
`) as Workflow
    expect(breaches(bad)).toEqual([
      'workflow: a release without a concurrency group',
      'publish: restores a package cache with a write permission',
      'publish: ${{ }} inside run:',
      'publish: runs package code with a write permission',
      'test: a checkout that keeps its credentials in a job that does not push'
    ])
  })

  it('has code owners for dist/, the workflows and action.yml', () => {
    const owners = readFileSync(join(ROOT, '.github', 'CODEOWNERS'), 'utf8')
    for (const path of ['/dist/', '/.github/', '/action.yml']) {
      expect(owners).toMatch(new RegExp(`^${path.replace(/[.]/g, '\\.')}\\s+@\\S+`, 'm'))
    }
  })

  it('lets Dependabot propose only releases at least a few days old', () => {
    const config = parse(readFileSync(join(ROOT, '.github', 'dependabot.yml'), 'utf8')) as {
      updates: Array<{ cooldown?: { 'default-days'?: number } }>
    }
    for (const update of config.updates) {
      expect(update.cooldown?.['default-days']).toBeGreaterThanOrEqual(3)
    }
  })
})
