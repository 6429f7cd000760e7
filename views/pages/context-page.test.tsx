/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
// The Context page rendered to a string from the real analysis of a fixture session, and again with
// hostile strings in every field that comes from a transcript.

import { describe, expect, it } from 'bun:test'
import { analyzeRecords } from '../../src/analytics/context/analyze-context.ts'
import { previewCleaning } from '../../src/analytics/context/cleaning-preview.ts'
import type { ContextAnalysis } from '../../src/analytics/context/context-types.ts'
import { analyzedFixture } from '../../test/helpers/context-fixtures.ts'
import { parseHtml } from '../../test/helpers/dashboard.ts'
import type { ContextView } from './context-page.tsx'
import { ContextPage } from './context-page.tsx'

const SESSION = '5e55a0a1-1111-4aaa-8bbb-000000000001'
const analysis = analyzedFixture('reads-and-edits.jsonl')

function view(a: ContextAnalysis, sessionId = SESSION): ContextView {
  return {
    sessionId,
    transcriptPath: `/claude/projects/-home-dev-app/${sessionId}.jsonl`,
    read: { bytes: 1, incompleteTail: false },
    analysis: a,
    // The fixture's last request is long past: its 5-minute cache has expired.
    cleaning: previewCleaning(a, Date.parse('2026-12-01T00:00:00Z')),
  }
}

const render = (a: ContextAnalysis, scale: 'window' | 'data' = 'window', sessionId = SESSION) =>
  Promise.resolve(ContextPage({ view: view(a, sessionId), scale, timezone: 'UTC', nav: [] }))

describe('ContextPage', () => {
  it('shows what cleaning with the defaults removes, its cache cost and the break-even', async () => {
    const html = await render(analysis)
    expect(html).toContain('<div class="stat-value" id="cleaning-tokens">5.1K</div>')
    expect(html).toContain('<div class="stat-value" id="cleaning-rebuild">−$0.02</div>')
    expect(html).toContain('<div class="stat-value" id="cleaning-break-even">at once</div>')
    expect(html).toContain(
      `<p id="cleaning-verdict">Clean: the original&#x27;s prompt cache has expired (5m TTL)`,
    )
  })

  it('shows the health score beside its four parts', async () => {
    const html = await render(analysis)
    expect(html).toContain(`<span id="health-score">${analysis.health.score}</span>`)
    expect(html).toContain(
      `<td class="num" id="health-utilization">${analysis.health.parts.utilization}</td>`,
    )
    expect(html).toContain(`<td class="num" id="health-redundancy">${analysis.health.parts.redundancy}</td>`)
    expect(html).toContain(`<td class="num" id="health-staleness">${analysis.health.parts.staleness}</td>`)
    expect(html).toContain(`<td class="num" id="health-growth">${analysis.health.parts.growth}</td>`)
  })

  it('draws a stacked bar per request and kind, the window line, and a legend', async () => {
    const html = await render(analysis)
    expect(html.match(/<g class="stack">/g)).toHaveLength(analysis.requests.length)
    expect(html.match(/class="bar kind-tool-results"/g)).toHaveLength(analysis.requests.length)
    expect(html).toContain('<title>Model context window: 200K tokens</title>')
    expect(html).toContain('<span class="legend-item kind-tool-results">Tool results</span>')
    expect(html).toContain('<span class="legend-item legend-line window">Model window</span>')
    expect(html).toContain(`href="/sessions/${SESSION}/context?scale=data"`)
  })

  it('leaves the window line out when zoomed to the requests', async () => {
    const html = await render(analysis, 'data')
    expect(html).not.toContain('class="window-line"')
    expect(html).toContain(`href="/sessions/${SESSION}/context">Show the whole window</a>`)
  })

  it('marks compactions on the chart', async () => {
    const html = await render(analyzedFixture('compacted.jsonl'))
    expect(html.match(/<g class="compaction-marker">/g)).toHaveLength(1)
    expect(html).toContain('<title>Compaction at line 6 (manual): 30,000 → 6,000 tokens</title>')
    expect(html).toContain('<span class="legend-item legend-line compaction">Compaction</span>')
  })

  it('lists every finding with its tokens, and the dry-run command', async () => {
    const html = await render(analysis)
    const page = await parseHtml(html)
    expect(html.match(/<tr class="finding /g)).toHaveLength(analysis.findings.length)
    expect(page.text).toContain('Huge paste')
    expect(page.text).toContain('A 25,617-character paste in a prompt')
    expect(html).toContain(
      `<code id="dry-run-command">context-cleaner context clean ${SESSION} --dry-run</code>`,
    )
  })

  it.each(analysis.recommendations.map((r) => [r.title, r.tokensSaved.toLocaleString('en-US')]))(
    'recommends %s (saves ~%s tokens)',
    async (title, saved) => {
      const page = await parseHtml(await render(analysis))
      expect(page.text).toContain(`${title} saves ~${saved} tokens`)
    },
  )

  it('says when lines were skipped, and when the transcript is empty', async () => {
    const empty = analyzeRecords([])
    const html = await render({
      ...empty,
      lines: { ...empty.lines, total: 3, skipped: { ...empty.lines.skipped, 'invalid-json': 2 } },
    })
    expect(html).toContain('2 of 3 lines could not be read and were left out (2 invalid json).')
    expect(html).toContain('No API requests in this transcript yet: nothing to draw.')
  })
})

const evil = '<script>alert(1)</script>'
const evilAttr = '"><img src=x onerror=alert(1)>'

const hostile: ContextAnalysis = {
  ...analysis,
  cwd: `/home/me/${evil}/${evilAttr}`,
  model: evil,
  composition: analysis.composition.map((p) => ({
    ...p,
    byTool: p.byTool.map((t) => ({ ...t, tool: `mcp__${evilAttr}__${evil}` })),
  })),
  findings: analysis.findings.map((f) => ({
    ...f,
    tool: evilAttr,
    target: evil,
    description: `${evil} ${evilAttr}`,
    supersededByTool: evil,
  })),
  recommendations: analysis.recommendations.map((r) => ({ ...r, title: evil, command: evilAttr })),
}

describe('ContextPage with markup in the data', () => {
  it('shows it as text, never as elements', async () => {
    const html = await render(hostile, 'window', SESSION)
    const page = await parseHtml(html)
    expect(page.elements).not.toContain('img')
    expect(page.scripts).toEqual(['/assets/htmx.min.js', '/assets/hx-sse.min.js', '/assets/live-status.js'])
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page.text).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toContain(evil)
    expect(html).not.toContain(evilAttr)
  })
})
