import { describe, expect, test } from 'bun:test'
import { analyzedFixture } from '../../test/helpers/context-fixtures.ts'
import { contextChart } from './context-chart-model.ts'

const session = analyzedFixture('reads-and-edits.jsonl')
const compacted = analyzedFixture('compacted.jsonl')

describe('contextChart', () => {
  test('one bar per request whose parts add up to its kinds, in the series the session has', () => {
    const chart = contextChart(session)
    expect(chart.series.map((s) => s.group)).toEqual([
      'system',
      'attachments',
      'prompts',
      'assistant',
      'tool-calls',
      'tool-results',
    ])
    expect(chart.bars).toHaveLength(session.requests.length)
    expect(chart.bars.map((b) => b.values.reduce((n, v) => n + v, 0))).toEqual(
      session.requests.map((r) => Object.values(r.byKind).reduce((n, v) => n + v, 0)),
    )
    expect(chart.bars[1]?.values).toEqual([4001, 3206, 10, 7, 11, 2306])
    expect(chart.windowTokens).toBe(200_000)
    expect(chart.peakTokens).toBe(Math.max(...session.requests.map((r) => r.contextTokens)))
    expect(chart.requestsPerBar).toBe(1)
  })

  test('thins a long session to the largest request of each bucket', () => {
    const chart = contextChart(session, 5)
    expect(chart.requestsPerBar).toBe(3)
    expect(chart.bars.map((b) => b.request)).toEqual([3, 6, 9, 12, 14])
    expect(chart.bars.map((b) => b.contextTokens)).toEqual(
      session.requests.filter((r) => [2, 5, 8, 11, 13].includes(r.index)).map((r) => r.contextTokens),
    )
  })

  test('marks a compaction after the requests before it, and not a summary title', () => {
    const chart = contextChart(compacted)
    expect(compacted.compactions.map((c) => c.source)).toEqual(['summary', 'compact-boundary'])
    expect(chart.markers).toEqual([
      { afterBars: 2, line: 6, trigger: 'manual', preTokens: 30_000, postTokens: 6000 },
    ])
    expect(chart.series.map((s) => s.group)).toContain('summaries')
  })
})
