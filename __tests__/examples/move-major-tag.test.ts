/** The release's tag logic, against a local bare repository standing in for GitHub. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from '../../scripts/action-yml.js'

const SCRIPT = join(ROOT, 'scripts', 'move-major-tag.sh')
let dir: string
let clone: string

const git = (...args: string[]): string =>
  execFileSync('git', args, { cwd: clone, encoding: 'utf8' }).trim()
/** The script as the release job runs it: GITHUB_SHA is the commit the workflow verified. */
const moveMajor = (tag: string, verified = git('rev-parse', `${tag}^{commit}`)): string =>
  execFileSync('bash', [SCRIPT, tag], {
    cwd: clone,
    encoding: 'utf8',
    env: { ...process.env, GITHUB_SHA: verified },
    stdio: ['ignore', 'pipe', 'pipe']
  }).trim()
/** The commit a tag points at in the bare repository (what users who pin it get). */
const remoteTag = (tag: string): string =>
  execFileSync('git', ['rev-parse', `${tag}^{commit}`], {
    cwd: join(dir, 'remote.git'),
    encoding: 'utf8'
  }).trim()

function release(version: string): string {
  writeFileSync(join(clone, 'version'), version)
  git('add', 'version')
  git('commit', '-qm', version)
  git('tag', '-a', version, '-m', version)
  git('push', '-q', 'origin', 'HEAD', version)
  return git('rev-parse', 'HEAD')
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gwcp-tags-'))
  execFileSync('git', ['init', '-q', '--bare', join(dir, 'remote.git')])
  execFileSync('git', ['clone', '-q', join(dir, 'remote.git'), join(dir, 'clone')], {
    stdio: 'ignore'
  })
  clone = join(dir, 'clone')
  git('config', 'user.email', 'release@example.invalid')
  git('config', 'user.name', 'release')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('scripts/move-major-tag.sh', () => {
  it('moves v1 to each higher release, never back, and is safe to run again', () => {
    const first = release('v1.2.0')
    expect(moveMajor('v1.2.0')).toBe(`v1 moved to v1.2.0 (${first}).`)
    expect(remoteTag('v1')).toBe(first)

    expect(moveMajor('v1.2.0')).toBe('v1 is already on v1.2.0.')

    release('v1.1.1')
    expect(moveMajor('v1.1.1')).toBe(
      'v1.1.1 is not the highest v1 release (v1.2.0 is): v1 stays where it is.'
    )
    expect(remoteTag('v1')).toBe(first)

    const next = release('v1.10.0')
    moveMajor('v1.10.0')
    expect(remoteTag('v1')).toBe(next)
  })

  it('moves nothing when the release tag was moved after the workflow verified it', () => {
    const verified = release('v1.11.0')
    const before = remoteTag('v1')
    // Someone force-pushes v1.11.0 to another commit while the release job runs.
    writeFileSync(join(clone, 'version'), 'not what was verified')
    git('commit', '-qam', 'unverified')
    git('tag', '-f', '-a', 'v1.11.0', '-m', 'v1.11.0')
    git('push', '-q', '--force', 'origin', 'v1.11.0')
    git('tag', '-f', '-a', 'v1.11.0', verified, '-m', 'local copy as checked out')

    expect(() => moveMajor('v1.11.0', verified)).toThrow(/it was moved/)
    expect(remoteTag('v1')).toBe(before)
    expect(remoteTag('v1')).not.toBe(git('rev-parse', 'HEAD'))
  })

  it('refuses without GITHUB_SHA: it would not know what was verified', () => {
    const env = { ...process.env, GITHUB_SHA: '' }
    expect(() =>
      execFileSync('bash', [SCRIPT, 'v1.10.0'], { cwd: clone, env, stdio: 'pipe' })
    ).toThrow()
  })

  it('refuses what is not a release tag', () => {
    expect(() => execFileSync('bash', [SCRIPT, 'v1'], { cwd: clone, stdio: 'pipe' })).toThrow()
  })
})

describe('scripts/release-notes.sh', () => {
  const NOTES = join(ROOT, 'scripts', 'release-notes.sh')
  const notes = (version: string): string =>
    execFileSync('bash', [NOTES, version, join(ROOT, 'CHANGELOG.md')], { encoding: 'utf8' })

  it("prints the version's CHANGELOG section, and fails for a version without one", () => {
    expect(notes('1.0.0')).toMatch(/^\n?### Operations/m)
    expect(notes('1.0.0')).not.toContain('## [')
    expect(() => execFileSync('bash', [NOTES, '9.9.9'], { cwd: ROOT, stdio: 'pipe' })).toThrow()
  })
})
