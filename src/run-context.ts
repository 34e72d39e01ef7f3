/** What the default metadata of a backup is derived from (the GitHub context). */
export interface RunContext {
  repository: string
  /** GITHUB_REPOSITORY_ID: unique, and unchanged when the repository is renamed; '' outside GitHub. */
  repositoryId: string
  sha: string
  workflow: string
  job: string
  step: string
  runId: string
  runAttempt: string
  serverUrl: string
}

/**
 * Reads the GitHub context, only when a default needs it: @actions/github brings octokit, which a
 * `get` or `list` has no use for.
 */
export async function readRunContext(): Promise<RunContext> {
  const { context } = await import('@actions/github')
  const repository = process.env.GITHUB_REPOSITORY ?? ''
  return {
    repository,
    repositoryId: process.env.GITHUB_REPOSITORY_ID ?? '',
    sha: context.sha ?? '',
    workflow: context.workflow ?? '',
    job: context.job ?? '',
    step: context.action ?? '',
    runId: String(context.runId ?? ''),
    runAttempt: String(context.runAttempt ?? ''),
    serverUrl: context.serverUrl
  }
}

/**
 * The default `metadata.name`: where the backup comes from (repository id and name, run, attempt,
 * job, step), the planet and a nonce — unique to one step execution, also across matrix jobs. It
 * starts `gha-<repository id>-`, the names a prune manages by default: the id tells `acme/policy`
 * from `acme/policy-center` and survives a rename.
 */
export function defaultName(run: RunContext, planetId: string, nonce: string): string {
  const repository = run.repository.replace('/', '-')
  const parts = [run.repositoryId, repository, run.runId, run.runAttempt, run.job, run.step]
  return ['gha', ...parts, planetId, nonce]
    .map(part => part.replace(/[^A-Za-z0-9._-]+/g, '-'))
    .filter(Boolean)
    .join('-')
}

/** The default `metadata.description`: the commit, the workflow and a link to the run. */
export function defaultDescription(run: RunContext): string {
  const url = `${run.serverUrl}/${run.repository}/actions/runs/${run.runId}/attempts/${run.runAttempt}`
  return `Backup by ${run.repository}@${run.sha.slice(0, 7)}, workflow "${run.workflow}", run ${url}`
}
