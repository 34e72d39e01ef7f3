/**
 * Runs the bundled action (`dist/index.js`) the way the GitHub runner does: every input as
 * `INPUT_<NAME>` with the defaults of action.yml filled in, `GITHUB_OUTPUT` and
 * `GITHUB_STEP_SUMMARY` files, the usual `GITHUB_*` context — and reads the outputs back.
 * Used by the end-to-end tests, the demo and the benchmark.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionInputDefaults, ROOT } from './action-yml.js'

/**
 * The node that runs the action: this one, or GWCP_ACTION_NODE (.ci/run sets it to a Node 24, the
 * runtime action.yml declares).
 */
const ACTION_NODE = process.env.GWCP_ACTION_NODE || process.execPath
/** The bundle to run: dist/ — or, to show that a test fails on an older build, GWCP_ACTION_DIST. */
const ACTION_ENTRY = join(process.env.GWCP_ACTION_DIST ?? join(ROOT, 'dist'), 'index.js')

/** The repository id the runs see: the default names start `gha-<it>-`. */
export const REPOSITORY_ID = '702745213'

export interface ActionRun {
  exitCode: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  durationMs: number
  /** When `interrupt` sent its signal, in ms after the start. */
  signalledAtMs?: number
  /** Lines of `::error::` and `::warning::` annotations, without the command prefix. */
  errors: string[]
  warnings: string[]
}

export interface RunOptions {
  /** Inputs by their action.yml names; unset ones get their action.yml defaults. */
  inputs: Record<string, string>
  env?: Record<string, string>
  debug?: boolean
  timeoutMs?: number
  /** Node options placed before the entry script (the benchmark's memory probe). */
  nodeArgs?: string[]
  /** Another script to run in the action's place (the benchmark's floor); dist/index.js by default. */
  entry?: string
  /** Sends `signal` once stdout matches `when`. */
  interrupt?: { when: RegExp; signal: NodeJS.Signals }
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const known = actionInputDefaults()
  for (const name of Object.keys(options.inputs)) {
    if (!(name in known)) throw new Error(`Input "${name}" is not declared in action.yml`)
  }
  const dir = mkdtempSync(join(tmpdir(), 'gwcp-action-'))
  const outputFile = join(dir, 'output')
  const summaryFile = join(dir, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_REPOSITORY: 'acme/policycenter',
    GITHUB_REPOSITORY_ID: REPOSITORY_ID,
    GITHUB_REPOSITORY_OWNER: 'acme',
    GITHUB_SHA: '8f3c2a1d9e7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_WORKFLOW: 'Deploy',
    GITHUB_JOB: 'deploy',
    GITHUB_ACTION: 'backup',
    GITHUB_RUN_ID: '4242424242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_NUMBER: '17',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    RUNNER_TEMP: dir,
    ...(options.debug ? { RUNNER_DEBUG: '1' } : {}),
    ...options.env
  }
  for (const [name, fallback] of Object.entries(known)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = options.inputs[name] ?? fallback
  }

  const started = Date.now()
  const child = spawn(ACTION_NODE, [...(options.nodeArgs ?? []), options.entry ?? ACTION_ENTRY], {
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  let signalledAtMs: number | undefined
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8')
    if (options.interrupt && signalledAtMs === undefined && options.interrupt.when.test(stdout)) {
      signalledAtMs = Date.now() - started
      child.kill(options.interrupt.signal)
    }
  })
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
  const exitCode = await new Promise<number | null>(done => child.on('close', code => done(code)))
  clearTimeout(timer)
  const durationMs = Date.now() - started

  const run: ActionRun = {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    summary: readFileSync(summaryFile, 'utf8'),
    durationMs,
    signalledAtMs,
    errors: annotations(stdout, 'error'),
    warnings: annotations(stdout, 'warning')
  }
  rmSync(dir, { recursive: true, force: true })
  return run
}

/**
 * What a person or a later step sees of a run: the log (but for the runner's own `::add-mask::`
 * commands, which must name a secret), stderr, the outputs and the summary.
 */
export function visibleText(run: ActionRun): string {
  const log = run.stdout
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  return [log, run.stderr, JSON.stringify(run.outputs), run.summary].join('\n')
}

/** The runner's reading of a GITHUB_OUTPUT file: `name=value` or heredocs; the last value wins. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=]+)<<(.+)$/.exec(lines[i])
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i])
      outputs[name] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      outputs[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return outputs
}

function annotations(stdout: string, kind: 'error' | 'warning'): string[] {
  return stdout
    .split('\n')
    .filter(line => line.startsWith(`::${kind}`))
    .map(line => decodeCommand(line.slice(line.indexOf('::', 2) + 2)))
}

const decodeCommand = (text: string): string =>
  text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
