// Loaded with `node --import` before the action: writes its peak RSS (bytes) to $RSS_PROBE_FILE.
import { writeFileSync } from 'node:fs'

process.on('exit', () => {
  const file = process.env.RSS_PROBE_FILE
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS * 1024))
})
