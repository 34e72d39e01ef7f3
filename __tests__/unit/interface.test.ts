import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { actionYml, ROOT } from '../../scripts/action-yml.js'
import { INPUT_NAMES, rowOf } from '../../src/input-table.js'
import { defaultScope, OPERATIONS } from '../../src/scopes.js'

// action.yml is checked here rather than by @action-validator/cli, whose newest release (0.6)
// does not know `using: node24`.
const action = actionYml()
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** The first column of the README table under `heading`. */
function tableNames(heading: string): string[] {
  const section = readme.split(`\n## ${heading}\n`)[1].split('\n## ')[0]
  return [...section.matchAll(/^\| `([A-Za-z]+)` +\|/gm)].map(match => match[1])
}

describe('action.yml, as the runner reads it', () => {
  it('has only the keys the runner knows, with a name and a description', () => {
    const known = ['name', 'description', 'author', 'branding', 'inputs', 'outputs', 'runs']
    expect(Object.keys(action).filter(key => !known.includes(key))).toEqual([])
    expect(typeof action.name).toBe('string')
    expect(typeof action.description).toBe('string')
  })

  it('runs the committed bundle on node24, and the bundle exists', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(existsSync(join(ROOT, action.runs.main as string))).toBe(true)
  })

  it('describes every input, with a boolean `required` and a string default', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      expect([name, typeof input.description, input.description.length > 0]).toEqual([
        name,
        'string',
        true
      ])
      if (input.required !== undefined)
        expect([name, typeof input.required]).toEqual([name, 'boolean'])
      if (input.default !== undefined)
        expect([name, typeof input.default]).toEqual([name, 'string'])
    }
  })

  it('describes every output', () => {
    for (const [name, output] of Object.entries(action.outputs)) {
      expect([name, typeof output.description]).toEqual([name, 'string'])
    }
  })

  it('uses a branding icon and color that the Marketplace accepts', () => {
    const branding = action.branding as { icon: string; color: string }
    expect([
      'white',
      'black',
      'yellow',
      'blue',
      'green',
      'orange',
      'red',
      'purple',
      'gray-dark'
    ]).toContain(branding.color)
    expect(branding.icon).toMatch(/^[a-z0-9-]+$/)
  })
})

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
      expect(row?.split('|')[3].trim()).toBe(`\`${String(input.default)}\``)
    }
  })
})

describe('the inputs-by-operation table (src/input-table.ts)', () => {
  const section = readme.split('\n## Inputs\n')[1].split('\n## ')[0]
  const cells = (name: string): string[] =>
    (section.split('\n').find(line => line.startsWith(`| \`${name}\` `)) ?? '')
      .split('|')
      .slice(1, -1)
      .map(cell => cell.trim())

  it('names every input of action.yml, and no other', () => {
    expect([...INPUT_NAMES].sort()).toEqual(Object.keys(action.inputs).sort())
  })

  it.each(INPUT_NAMES)("holds %s's action.yml default", name => {
    expect(rowOf(name).actionDefault).toBe(action.inputs[name].default)
  })

  it.each(INPUT_NAMES)("is what README's row of %s says: its operations and its default", name => {
    const [, operations, defaultCell] = cells(name)
    const row = rowOf(name)
    const expected = row.readBy.length === OPERATIONS.length ? 'all' : row.readBy.join(', ')
    expect(operations).toBe(expected)
    for (const [operation, value] of Object.entries(row.byOperation ?? {})) {
      expect(defaultCell).toContain(`${operation}: \`${value}\``)
    }
  })
})

describe("README's scope list (Authentication)", () => {
  it('says what each operation requests, as src/scopes.ts does', () => {
    const block = readme.split('<!-- scopes -->')[1].split('<!-- /scopes -->')[0]
    const documented = new Map<string, string>()
    for (const [, scopes, operations] of block.matchAll(/^- `([^`]+)`: (.+)$/gm)) {
      for (const operation of operations.split(', ')) documented.set(operation, scopes)
    }
    for (const operation of OPERATIONS) {
      const scope = defaultScope(operation, 'acme').replace('tenant.acme ', '')
      expect([operation, documented.get(operation)]).toEqual([operation, scope])
    }
    expect(documented.size).toBe(OPERATIONS.length)
  })
})
