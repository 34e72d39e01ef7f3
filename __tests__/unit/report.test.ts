import { describe, expect, it } from '@jest/globals'
import { Report } from '../../src/report.js'
import { aBackup, HOUR } from '../fixtures/backups.js'

function recorder(): { report: Report; outputs: Map<string, string>; summary: () => string } {
  const outputs = new Map<string, string>()
  let summary = ''
  const report = new Report({
    setOutput: (name, value) => outputs.set(name, value),
    writeSummary: async markdown => {
      summary += markdown
    }
  })
  return { report, outputs, summary: () => summary }
}

describe('Report', () => {
  it('keeps the backups output under GitHub’s 1 MB limit, newest first', () => {
    const { report, outputs } = recorder()
    const backups = Array.from({ length: 6000 }, (_, i) =>
      aBackup({ id: String(i), ageMs: i * HOUR, name: `nightly-${i}` })
    )
    for (const backup of backups) backup.raw = { id: backup.id, padding: 'x'.repeat(300) }

    const { truncated } = report.backups(backups)
    const listed = JSON.parse(outputs.get('backups') ?? '') as Array<{ id: string }>
    expect(truncated).toBe(true)
    expect(outputs.get('backups')?.length).toBeLessThanOrEqual(900_000)
    expect(listed[0]).toMatchObject({ id: '0', name: 'nightly-0' })
    expect(listed.length).toBeGreaterThan(1000)
    expect(outputs.get('count')).toBe('6000')
  })

  it('names the newest succeeded backup, or none', () => {
    const { report, outputs } = recorder()
    report.backups([
      aBackup({ id: 'failed-newest', status: 'failed', ageMs: HOUR }),
      aBackup({ id: 'good', ageMs: 2 * HOUR }),
      aBackup({ id: 'older', ageMs: 3 * HOUR })
    ])
    expect(outputs.get('latestBackupId')).toBe('good')
    report.backups([aBackup({ status: 'in_progress' })])
    expect(outputs.get('latestBackupId')).toBe('')
  })

  it('collapses long tables and shows at most 100 rows', async () => {
    const { report, summary } = recorder()
    report.title('300 backup(s) of star system pc')
    report.table(
      'Backups',
      Array.from({ length: 300 }, (_, i) => ({ backup: aBackup({ id: `b${i}` }) }))
    )
    await report.flush()
    expect(summary()).toContain('<details><summary><b>Backups</b> (300)</summary>')
    expect(summary().match(/^\| b\d+ \|/gm)).toHaveLength(100)
    expect(summary()).toContain('…and 200 more.')
  })

  it('escapes table cells', async () => {
    const { report, summary } = recorder()
    report.title('x')
    report.table('Backup', [{ backup: aBackup({ id: '1', name: 'a|b\nc' }) }])
    await report.flush()
    expect(summary()).toContain('| a\\|b c |')
  })

  it('writes outputs again only when the status changes', () => {
    const { report } = recorder()
    const writes: string[] = []
    const counting = new Report({
      setOutput: name => writes.push(name),
      writeSummary: async () => undefined
    })
    counting.backup(aBackup({ id: '1', status: 'pending' }))
    counting.backup(aBackup({ id: '1', status: 'pending' }))
    counting.backup(aBackup({ id: '1', status: 'succeeded' }))
    expect(writes.filter(name => name === 'status')).toHaveLength(2)
    expect(report.last).toBeUndefined()
  })
})
