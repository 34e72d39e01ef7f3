/**
 * npm run lint's shell check: Debian's shellcheck over every `run:` block of every workflow this
 * repository holds or shows (workflow-sources.ts), run as GitHub runs them (bash), and over the
 * shell scripts. Without shellcheck it says so, and fails in CI (.ci/run installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './action-yml.js'
import { allWorkflows, runScriptsOf } from './workflow-sources.js'

function hasShellcheck(): boolean {
  return spawnSync('shellcheck', ['--version'], { stdio: 'ignore' }).status === 0
}

if (!hasShellcheck()) {
  console.error(
    'shellcheck is not installed (apt-get install shellcheck): the run: blocks are not checked.'
  )
  process.exit(process.env.CI ? 1 : 0)
}

const dir = mkdtempSync(join(tmpdir(), 'gwcp-shellcheck-'))
const files: string[] = []
for (const source of allWorkflows()) {
  runScriptsOf(source).forEach((script, index) => {
    const file = join(dir, `${source.where.replace(/[/:.]/g, '_')}-run${index + 1}.sh`)
    // GitHub runs a run: block as `bash -e {0}`.
    writeFileSync(
      file,
      `#!/usr/bin/env bash\n# ${source.where}, run: block ${index + 1}\n${script}`
    )
    files.push(file)
  })
}
const scripts = readdirSync(join(ROOT, 'scripts'))
  .filter(file => file.endsWith('.sh'))
  .map(file => join(ROOT, 'scripts', file))
try {
  execFileSync('shellcheck', ['--shell=bash', ...files, ...scripts, join(ROOT, '.ci', 'run')], {
    stdio: 'inherit'
  })
  console.log(`shellcheck: ${files.length} run: blocks and ${scripts.length + 1} scripts are clean`)
} catch {
  process.exitCode = 1
} finally {
  rmSync(dir, { recursive: true, force: true })
}
