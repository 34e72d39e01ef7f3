/** What the default metadata of a backup is derived from (the GitHub context). */
export interface RunContext {
  repository: string
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
    sha: context.sha ?? '',
    workflow: context.workflow ?? '',
    job: context.job ?? '',
    step: context.action ?? '',
    runId: String(context.runId ?? ''),
    runAttempt: String(context.runAttempt ?? ''),
    serverUrl: context.serverUrl
  }
}
