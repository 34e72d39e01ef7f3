import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { actionYml, ROOT } from '../../scripts/action-yml.js'
import { INPUT_NAMES, rowOf } from '../../src/input-table.js'
import { defaultScope, OPERATIONS } from '../../src/scopes.js'

/**
 * The Feather icons (v4.28.0) GitHub accepts for `branding.icon`, from GitHub Docs, "Metadata
 * syntax for GitHub Actions" (branding.icon), as SchemaStore's github-action.json lists them —
 * without the brand icons GitHub leaves out (chrome, codepen, github, twitter, …).
 */
const MARKETPLACE_ICONS =
  `activity airplay alert-circle alert-octagon alert-triangle align-center align-justify align-left align-right anchor aperture archive arrow-down-circle arrow-down-left arrow-down-right arrow-down arrow-left-circle arrow-left arrow-right-circle arrow-right arrow-up-circle arrow-up-left arrow-up-right arrow-up at-sign award bar-chart-2 bar-chart battery-charging battery bell-off bell bluetooth bold book-open book bookmark box briefcase calendar camera-off camera cast check-circle check-square check chevron-down chevron-left chevron-right chevron-up chevrons-down chevrons-left chevrons-right chevrons-up circle clipboard clock cloud-drizzle cloud-lightning cloud-off cloud-rain cloud-snow cloud code command compass copy corner-down-left corner-down-right corner-left-down corner-left-up corner-right-down corner-right-up corner-up-left corner-up-right cpu credit-card crop crosshair database delete disc dollar-sign download-cloud download droplet edit-2 edit-3 edit external-link eye-off eye fast-forward feather file-minus file-plus file-text file film filter flag folder-minus folder-plus folder gift git-branch git-commit git-merge git-pull-request globe grid hard-drive hash headphones heart help-circle hexagon home image inbox info italic key layers layout life-buoy link-2 link list loader lock log-in log-out mail map-pin map maximize-2 maximize menu message-circle message-square mic-off mic minimize-2 minimize minus-circle minus-square minus monitor moon more-horizontal more-vertical mouse-pointer move music navigation-2 navigation octagon package paperclip pause-circle pause pen-tool percent phone-call phone-forwarded phone-incoming phone-missed phone-off phone-outgoing phone pie-chart play-circle play plus-circle plus-square plus pocket power printer radio refresh-ccw refresh-cw repeat rewind rotate-ccw rotate-cw rss save scissors search send server settings share-2 share shield-off shield shopping-bag shopping-cart shuffle sidebar skip-back skip-forward slash sliders smartphone smile speaker square star stop-circle sun sunrise sunset tablet tag target terminal thermometer thumbs-down thumbs-up toggle-left toggle-right tool trash-2 trash trending-down trending-up triangle truck tv type umbrella underline unlock upload-cloud upload user-check user-minus user-plus user-x user users video-off video voicemail volume-1 volume-2 volume-x volume watch wifi-off wifi wind x-circle x-octagon x-square x zap-off zap zoom-in zoom-out`.split(
    ' '
  )

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

  it('has a description the Marketplace accepts (under 125 characters) and an author', () => {
    const description = action.description as string
    expect(description.length).toBeLessThanOrEqual(124)
    for (const operation of OPERATIONS)
      expect(description.toLowerCase()).toContain(operation === 'ensure' ? 'reuse' : operation)
    expect(typeof action.author).toBe('string')
    expect(action.author).not.toBe('gwcp-backup-action')
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
    expect(MARKETPLACE_ICONS).toContain(branding.icon)
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
