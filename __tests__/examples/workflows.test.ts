import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import { actionInputDefaults, ROOT } from '../../scripts/action-yml.js'
import { documentedWorkflows, runScripts, runScriptsOf } from '../../scripts/workflow-sources.js'

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
