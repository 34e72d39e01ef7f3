/** What the action writes to the runner: its log, and its outputs and job summary. */
import * as core from '@actions/core'
import type { Log } from './log.js'
import { Report } from './report.js'
import type { Secrets } from './secrets.js'
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
 * The report (outputs and job summary) that the runner gets, behind the same secret rule as its
 * log; a warning about an output goes to that log.
 */
export function runnerReport(secrets: Secrets, log: Log): Report {
  return new Report(
    {
      setOutput: (name, value) => core.setOutput(name, value),
      writeSummary: async markdown => {
        if (process.env.GITHUB_STEP_SUMMARY) await core.summary.addRaw(markdown).write()
      },
      warning: message => log.warning(message)
    },
    text => secrets.redact(text)
  )
}
