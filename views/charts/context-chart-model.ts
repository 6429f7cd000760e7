// Pure: a context analysis shaped for the Context page's chart: kinds grouped into a few series,
// long sessions thinned to a drawable number of bars, and compactions placed between bars.

import type { ContentKind, ContextAnalysis, RequestPoint } from '../../src/analytics/context/context-types.ts'
import { kindLabels } from '../../src/analytics/context/kind-labels.ts'

const chartGroups = [
  'system',
  'attachments',
  'prompts',
  'assistant',
  'tool-calls',
  'tool-results',
  'summaries',
] as const
type ChartGroup = (typeof chartGroups)[number]

const groupOf = {
  'system-and-tools': 'system',
  attachment: 'attachments',
  'user-prompt': 'prompts',
  'assistant-text': 'assistant',
  thinking: 'assistant',
  'tool-use': 'tool-calls',
  'tool-result': 'tool-results',
  'compact-summary': 'summaries',
} as const satisfies Record<ContentKind, ChartGroup>

const groupNames = {
  system: kindLabels['system-and-tools'],
  attachments: kindLabels.attachment,
  prompts: kindLabels['user-prompt'],
  assistant: 'Assistant text and thinking',
  'tool-calls': kindLabels['tool-use'],
  'tool-results': kindLabels['tool-result'],
  summaries: kindLabels['compact-summary'],
} as const satisfies Record<ChartGroup, string>

interface ContextSeries {
  group: ChartGroup
  name: string
}

interface ContextBar {
  /** 1-based number of the request drawn (the largest of its bucket when requests are thinned). */
  request: number
  line: number
  timestamp: number | null
  contextTokens: number
  utilization: number
  /** One value per series, bottom first. */
  values: number[]
}

interface CompactionMarker {
  /** Bars before the compaction: it is drawn on the boundary after this many bars. */
  afterBars: number
  line: number
  trigger: string | null
  preTokens: number | null
  postTokens: number | null
}

export interface ContextChart {
  series: ContextSeries[]
  bars: ContextBar[]
  /** Requests each bar stands for (1 unless the session has more requests than bars). */
  requestsPerBar: number
  markers: CompactionMarker[]
  windowTokens: number
  peakTokens: number
}

const MAX_BARS = 400

export function contextChart(analysis: ContextAnalysis, maxBars = MAX_BARS): ContextChart {
  const totals = new Map<ChartGroup, number>()
  for (const r of analysis.requests)
    for (const [kind, tokens] of Object.entries(r.byKind) as [ContentKind, number][])
      totals.set(groupOf[kind], (totals.get(groupOf[kind]) ?? 0) + tokens)
  // Only what the session has: an empty series would be a legend entry with nothing to point at.
  const series = chartGroups
    .filter((g) => (totals.get(g) ?? 0) > 0)
    .map((group) => ({ group, name: groupNames[group] }))
  const requestsPerBar = Math.max(1, Math.ceil(analysis.requests.length / maxBars))
  const bars: ContextBar[] = []
  for (let start = 0; start < analysis.requests.length; start += requestsPerBar) {
    const bucket = analysis.requests.slice(start, start + requestsPerBar)
    const r = bucket.reduce((a, b) => (b.contextTokens > a.contextTokens ? b : a))
    bars.push(bar(r, series))
  }
  // A compaction sits after the last request written before it. `summary` records are session titles
  // Claude Code writes, not a change to the window, so they get no marker.
  const markers = analysis.compactions
    .filter((c) => c.source === 'compact-boundary')
    .map((c) => {
      const before = analysis.requests.filter((r) => r.line < c.line).length
      return {
        afterBars: Math.ceil(before / requestsPerBar),
        line: c.line,
        trigger: c.trigger,
        preTokens: c.preTokens,
        postTokens: c.postTokens,
      }
    })
  return {
    series,
    bars,
    requestsPerBar,
    markers,
    windowTokens: analysis.window.tokens,
    peakTokens: analysis.requests.reduce((m, r) => Math.max(m, r.contextTokens), 0),
  }
}

function bar(r: RequestPoint, series: readonly ContextSeries[]): ContextBar {
  const values = series.map(({ group }) =>
    (Object.entries(r.byKind) as [ContentKind, number][])
      .filter(([kind]) => groupOf[kind] === group)
      .reduce((n, [, tokens]) => n + tokens, 0),
  )
  return {
    request: r.index + 1,
    line: r.line,
    timestamp: r.timestamp,
    contextTokens: r.contextTokens,
    utilization: r.utilization,
    values,
  }
}
