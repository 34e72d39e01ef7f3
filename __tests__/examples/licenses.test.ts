/** dist/licenses.txt names every package the bundle contains, with its license text. */
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../../scripts/action-yml.js'
import { bundledPackages } from '../../scripts/licenses.js'

describe('dist/licenses.txt', () => {
  it('lists every package that a fresh bundle contains, each with a license and its text', () => {
    const out = mkdtempSync(join(tmpdir(), 'gwcp-ncc-'))
    try {
      const ncc = join(ROOT, 'node_modules', '.bin', 'ncc')
      const stats = join(out, 'stats.json')
      execFileSync(ncc, ['build', 'src/index.ts', '--out', out, '--quiet', '--stats-out', stats], {
        cwd: ROOT
      })
      const bundled = [...bundledPackages(stats).values()]
      const listed = readFileSync(join(ROOT, 'dist', 'licenses.txt'), 'utf8')
      const entries = listed.split('\n\n---\n\n').slice(1)

      expect(bundled).toEqual(expect.arrayContaining(['@actions/core', 'undici', 'tunnel']))
      expect(bundled.length).toBeGreaterThan(15)
      for (const name of bundled) expect(listed).toContain(`\n${name}@`)
      expect(entries).toHaveLength(bundledPackages(stats).size)
      for (const entry of entries) {
        const [, license, , text] = entry.split('\n')
        expect([entry.split('\n')[0], license]).not.toContain('UNKNOWN')
        expect(text.length).toBeGreaterThan(0)
      }
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  })
})
