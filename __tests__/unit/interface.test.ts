import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from '../../scripts/runner.js'

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** The first column of the README table under `heading`. */
function tableNames(heading: string): string[] {
  const section = readme.split(`\n## ${heading}\n`)[1].split('\n## ')[0]
  return [...section.matchAll(/^\| `([A-Za-z]+)` +\|/gm)].map(match => match[1])
}

describe('the public interface', () => {
  it('documents every input of action.yml in the README, and no other', () => {
    expect(tableNames('Inputs').sort()).toEqual(Object.keys(action.inputs).sort())
  })

  it('documents every output of action.yml in the README, and no other', () => {
    expect(tableNames('Outputs').sort()).toEqual(Object.keys(action.outputs).sort())
  })

  it('gives the same defaults in action.yml and the README', () => {
    const section = readme.split('\n## Inputs\n')[1].split('\n## ')[0]
    for (const [name, input] of Object.entries(action.inputs)) {
      if (input.default === undefined) continue
      const row = section.split('\n').find(line => line.startsWith(`| \`${name}\` `))
      expect(row?.split('|')[2].trim()).toBe(`\`${input.default}\``)
    }
  })

  it('runs the committed bundle on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })
})
