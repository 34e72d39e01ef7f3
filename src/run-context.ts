import type { RunContext } from './settings.js'

/**
 * The GitHub context the default backup metadata is derived from. Loaded only when a default
 * needs it: @actions/github brings octokit, which a `get` or `list` has no use for.
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
