/**
 * npm run summaries — renders each case of summary-cases.ts as GitHub shows a job summary
 * (GitHub-flavoured Markdown, GitHub's Markdown stylesheet, a 1,000-pixel content column in a
 * 1,280-pixel window), checks that no page scrolls sideways, takes a screenshot with headless
 * Chromium (Debian's `chromium`, with `fonts-noto-color-emoji` for the marks) into docs/summaries/,
 * and writes the manifest that npm test holds the summaries to.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './action-yml.js'
import {
  CASES,
  hashOf,
  MANIFEST,
  rendered,
  runCase,
  steady,
  type ManifestEntry
} from './summary-cases.js'

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
const WIDTH = 1280
const STYLE = readFileSync(
  join(ROOT, 'node_modules', 'github-markdown-css', 'github-markdown-light.css'),
  'utf8'
)

function page(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>${STYLE}
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: border-box; max-width: 1000px; margin: 0 auto; padding: 24px 32px; }
</style></head><body><article class="markdown-body">${html}</article>
<script>
const body = document.scrollingElement
document.body.dataset.wide = String(body.scrollWidth > body.clientWidth)
document.body.dataset.height = String(document.body.scrollHeight)
</script></body></html>`
}

function chromium(args: string[], dir: string): string {
  return execFileSync(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${join(dir, 'profile')}`,
      ...args
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }
  )
}

const dir = mkdtempSync(join(tmpdir(), 'gwcp-summaries-'))
const manifest: ManifestEntry[] = []
try {
  for (const summaryCase of CASES) {
    const markdown = await runCase(summaryCase)
    const file = join(dir, `${summaryCase.name}.html`)
    writeFileSync(file, page(rendered(markdown)))
    const dom = chromium([`--window-size=${WIDTH},900`, '--dump-dom', `file://${file}`], dir)
    if (dom.includes('data-wide="true"')) throw new Error(`${summaryCase.name} scrolls sideways`)
    const height = Number(/data-height="(\d+)"/.exec(dom)?.[1] ?? 900)
    const image = `docs/summaries/${summaryCase.name}.png`
    chromium(
      [
        `--window-size=${WIDTH},${height + 8}`,
        `--screenshot=${join(ROOT, image)}`,
        `file://${file}`
      ],
      dir
    )
    const hash = hashOf(rendered(steady(markdown)))
    manifest.push({
      name: summaryCase.name,
      caption: summaryCase.caption,
      inputs: summaryCase.inputs,
      image,
      hash
    })
    console.log(`${image}: ${height}px high, no sideways scroll`)
  }
  writeFileSync(join(ROOT, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
