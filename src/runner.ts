/** What the action writes to the runner: its log, and its outputs and job summary. */
import * as core from '@actions/core'
import type { Log } from './log.js'
import { JobSummary } from './job-summary.js'
import type { Secrets } from './secrets.js'
import { StepOutputs } from './step-outputs.js'
import { forLog } from './text.js'

/** The title of an annotation that names nothing more precise. */
const TITLE = 'GWCP backup action'

/**
 * The runner's log, behind the one rule for everything written to it: secrets redacted first,
 * then each message made one line that starts no workflow command (see text.ts). Server text is
 * quoted in messages everywhere, so the rule is kept here rather than at each call.
 */
export function runnerLog(secrets: Secrets): Log {
  const safe = (message: string): string => forLog(secrets.redact(message))
  return {
    info: message => core.info(safe(message)),
    warning: (message, title) => core.warning(safe(message), { title: safe(title ?? TITLE) }),
    error: (message, title) => core.error(safe(message), { title: safe(title ?? TITLE) }),
    debug: message => core.debug(safe(message)),
    group: (title, phase) => core.group(safe(title), phase)
  }
}

/**
 * The step's outputs and its job summary as the runner gets them, behind the same secret rule as
 * its log; a warning about an output goes to that log.
 */
export function runnerReport(
  secrets: Secrets,
  log: Log
): { outputs: StepOutputs; summary: JobSummary } {
  const redact = (text: string): string => secrets.redact(text)
  const sink = {
    setOutput: (name: string, value: string) => core.setOutput(name, value),
    warning: (message: string) => log.warning(message)
  }
  const write = async (markdown: string): Promise<void> => {
    if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write()
  }
  return { outputs: new StepOutputs(sink, redact), summary: new JobSummary(write, redact) }
}
