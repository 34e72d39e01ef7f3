import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import { actionInputDefaults, ROOT } from '../../scripts/action-yml.js'
import {
  allWorkflows,
  documentedWorkflows,
  runScripts,
  runScriptsOf
} from '../../scripts/workflow-sources.js'
import { parseDuration } from '../../src/duration.js'

const run = promisify(execFile)
const examples = readdirSync(join(ROOT, 'examples')).map(file => join('examples', file))
const workflows = readdirSync(join(ROOT, '.github', 'workflows')).map(file =>
  join('.github', 'workflows', file)
)

interface Step {
  uses?: string
  with?: Record<string, unknown>
}

/** Steps that use this action, whether by its published name or as `./`. */
function ourSteps(file: string): Step[] {
  const workflow = parse(readFileSync(join(ROOT, file), 'utf8')) as {
    jobs: Record<string, { steps?: Step[] }>
  }
  return Object.values(workflow.jobs)
    .flatMap(job => job.steps ?? [])
    .filter(step => step.uses === './' || step.uses?.startsWith('your-org/gwcp-backup-action@'))
}

describe.each([...examples, ...workflows])('%s', file => {
  it('is a valid workflow (@action-validator/cli)', async () => {
    const validator = join(ROOT, 'node_modules', '.bin', 'action-validator')
    await expect(run(validator, [join(ROOT, file)])).resolves.toBeDefined()
  })

  it('uses the action, if at all, with declared inputs only, and the required ones', () => {
    const declared = Object.keys(actionInputDefaults())
    const steps = ourSteps(file)
    if (file.startsWith('examples')) expect(steps.length).toBeGreaterThan(0)
    for (const step of steps) {
      const given = Object.keys(step.with ?? {})
      expect(given.filter(name => !declared.includes(name))).toEqual([])
      expect(given).toEqual(expect.arrayContaining(['operation', 'tenantId', 'projectId']))
    }
  })

  it('sets a timeout on every job', () => {
    const workflow = parse(readFileSync(join(ROOT, file), 'utf8')) as {
      jobs: Record<string, { 'timeout-minutes'?: number }>
    }
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect([name, typeof job['timeout-minutes']]).toEqual([name, 'number'])
    }
  })
})

const shown = documentedWorkflows()

describe('values reach scripts through env:, never as ${{ }} inside run:', () => {
  it.each([...examples, ...workflows])('%s', file => {
    const scripts = runScripts(parse(readFileSync(join(ROOT, file), 'utf8')))
    expect(scripts.filter(script => script.includes('${{'))).toEqual([])
  })

  it("in the docs' YAML (README, CONTRIBUTING, docs/)", () => {
    expect(shown.length).toBeGreaterThan(5)
    const scripts = shown.flatMap(runScriptsOf)
    expect(scripts.length).toBeGreaterThan(2)
    expect(scripts.filter(script => script.includes('${{'))).toEqual([])
  })

  it('finds an expression inside run: where there is one', () => {
    const steps = parse('- run: echo ${{ steps.b.outputs.backupId }}\n- env: { A: "${{ x }}" }')
    expect(runScripts(steps)).toEqual(['echo ${{ steps.b.outputs.backupId }}'])
  })
})

interface ActionStep {
  uses?: string
  with?: Record<string, unknown>
}
interface Jobs {
  jobs?: Record<string, { 'timeout-minutes'?: number; steps?: ActionStep[] }>
}

/** Minutes the steps of a job may wait: create (unless wait: false), ensure and wait. */
function waitingMinutes(steps: ActionStep[]): number {
  return steps
    .filter(step => step.uses === './' || step.uses?.startsWith('your-org/gwcp-backup-action@'))
    .filter(step => {
      const operation = String(step.with?.operation)
      const waits = step.with?.wait === undefined || String(step.with.wait) !== 'false'
      return operation === 'ensure' || operation === 'wait' || (operation === 'create' && waits)
    })
    .reduce(
      (sum, step) => sum + (parseDuration(String(step.with?.waitTimeout ?? '60m')) ?? 0) / 60_000,
      0
    )
}

/** Jobs whose timeout-minutes is not above their waiting steps' waitTimeout plus 10 minutes. */
function tooShort(yaml: string): string[] {
  const { jobs = {} } = parse(yaml) as Jobs
  return Object.entries(jobs)
    .filter(([, job]) => {
      const needed = waitingMinutes(job.steps ?? [])
      return needed > 0 && !((job['timeout-minutes'] ?? 360) > needed + 10)
    })
    .map(([name, job]) => `${name}: timeout-minutes ${job['timeout-minutes']}`)
}

/** The secrets and variables README's setup says how to create (`gh secret/variable set NAME`). */
const created = new Set(
  [
    ...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/gh (?:secret|variable) set (\w+)/g)
  ].map(match => match[1])
)

/** `secrets.X` and `vars.X` a workflow uses that the setup does not create. */
function uncreated(yaml: string): string[] {
  const used = [...yaml.matchAll(/\b(secrets|vars)\.(\w+)/g)].map(match => match[2])
  return [...new Set(used)].filter(name => name !== 'GITHUB_TOKEN' && !created.has(name))
}

const userWorkflows = allWorkflows().filter(source => !source.where.startsWith('.github'))

describe('examples and the workflows in the docs run as written', () => {
  it.each(userWorkflows.map(source => [source.where, source] as const))(
    '%s: every job outlasts its waits, and uses only secrets the setup creates',
    (_, source) => {
      expect(tooShort(source.text)).toEqual([])
      expect(uncreated(source.text)).toEqual([])
    }
  )

  it('finds a job that GitHub would cancel first, and a secret nobody created', () => {
    const job = (minutes: number, withInputs: string): string => `
jobs:
  backup:
    timeout-minutes: ${minutes}
    steps:
      - uses: your-org/gwcp-backup-action@v2
        with: { ${withInputs} }
`
    expect(tooShort(job(90, 'operation: create, waitTimeout: 3h'))).toEqual([
      'backup: timeout-minutes 90'
    ])
    expect(tooShort(job(70, 'operation: ensure'))).toEqual(['backup: timeout-minutes 70'])
    expect(tooShort(job(71, 'operation: ensure'))).toEqual([])
    expect(tooShort(job(5, 'operation: create, wait: false'))).toEqual([])
    expect(uncreated('token: ${{ secrets.GWCP_TOKEN }} id: ${{ vars.GWCP_CLIENT_ID }}')).toEqual([
      'GWCP_TOKEN'
    ])
  })
})
