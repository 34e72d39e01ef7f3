import { expect } from '@jest/globals'
import { runAction, visibleText, type ActionRun, type RunOptions } from '../../scripts/runner.js'
import { Simulator, type SimulatorOptions } from '../../simulator/server.js'

export const TENANT = 'acme'
export const PROJECT = 'pc'
export const TOKEN = 'sim-token-3f7a9c1e'
export const CLIENT = { clientId: 'ci-client', clientSecret: 'ci-secret-8d2b7e4f' }

/** A simulator with one static token and one OAuth client allowed everything for tenant acme. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const simulator = new Simulator({
    tokens: [TOKEN],
    clients: [
      { ...CLIENT, scopes: [`tenant.${TENANT}`, 'gcc.deployments.read', 'gcc.deployments.write'] }
    ],
    // Done by the first status check (1 s after the create): a wait costs one poll.
    backupDurationMs: 500,
    ...options
  })
  await simulator.start()
  return simulator
}

/** Inputs every run needs, authenticated with the static token. */
export function baseInputs(simulator: Simulator): Record<string, string> {
  return { baseUrl: simulator.url, tenantId: TENANT, projectId: PROJECT, accessToken: TOKEN }
}

/** Inputs that authenticate with the OAuth client instead of the static token. */
export function clientCredentials(
  simulator: Simulator,
  tokenUrl = simulator.tokenUrl
): Record<string, string> {
  return { accessToken: '', ...CLIENT, tokenUrl }
}

/** Every secret an end-to-end run could leak: inputs and the tokens the simulator issued. */
function secretsOf(simulator: Simulator, inputs: Record<string, string>): string[] {
  const given = [inputs.accessToken, inputs.clientSecret].filter(
    (value): value is string => !!value
  )
  return [...given, TOKEN, CLIENT.clientSecret, ...simulator.issuedTokens()].flatMap(encodings)
}

/** A secret and the forms the action itself could write it in: URL and form encoded, JSON. */
export function encodings(secret: string): string[] {
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ v: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1)
    ])
  ]
}

/**
 * Runs dist/index.js as the runner does, with debug logging on, and checks that no secret appears
 * in its stdout (but for the runner's own `::add-mask::` commands), stderr, outputs or summary.
 */
export async function runChecked(
  simulator: Simulator,
  inputs: Record<string, string>,
  options: Partial<RunOptions> = {}
): Promise<ActionRun> {
  const run = await runAction({ debug: true, ...options, inputs })
  const visible = visibleText(run)
  for (const secret of secretsOf(simulator, inputs)) {
    expect(visible.includes(secret) ? `leaked: ${secret}` : 'no leak').toBe('no leak')
  }
  expect(unsafeOutputs(run.outputs)).toEqual([])
  expect(untitledAnnotations(run.stdout)).toEqual([])
  return run
}

/** Error and warning annotations without a title (every one names what it is about). */
export function untitledAnnotations(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter(line => /^::(error|warning)( |::)/.test(line) && !/^::\w+ title=/.test(line))
}

/** Outputs that hold JSON; every other output holds one value. */
const JSON_OUTPUTS = ['backup', 'backups', 'checks', 'deletedIds', 'otherBackupIds', 'report']

/**
 * The outputs that break the rule of what the action hands on (docs/security.md): one value in
 * ASCII letters, digits, commas and `._-: /+` only, not starting with `-`, or JSON.
 */
export function unsafeOutputs(outputs: Record<string, string>): string[] {
  return Object.entries(outputs)
    .filter(([name, value]) => {
      if (!JSON_OUTPUTS.includes(name)) return !/^(?!-)[A-Za-z0-9._\-: /+,]*$/.test(value)
      if (value === '') return false
      try {
        JSON.parse(value)
        return false
      } catch {
        return true
      }
    })
    .map(([name, value]) => `${name}=${value}`)
}

/** `runChecked` with the inputs every run needs (static token) under the given ones. */
export function act(
  simulator: Simulator,
  inputs: Record<string, string>,
  options: Partial<RunOptions> = {}
): Promise<ActionRun> {
  return runChecked(simulator, { ...baseInputs(simulator), ...inputs }, options)
}

/** The annotation that failed the step (`core.setFailed`). */
export function failure(run: Pick<ActionRun, 'errors'>): string {
  return run.errors.join('\n')
}

/** Exactly one backup exists, and the run's outputs name it; returns its id. */
export function expectOneBackupNamed(
  simulator: Simulator,
  run: { outputs: Record<string, string> }
): string {
  const backups = simulator.list()
  expect(backups).toHaveLength(1)
  const id = String(backups[0].id)
  expect(run.outputs.backupId).toBe(id)
  return id
}
