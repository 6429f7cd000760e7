import { describe, expect, test } from 'bun:test'
import { analyzedFixture } from '../../../test/helpers/context-fixtures.ts'
import { analyzeRecords } from './analyze-context.ts'

const session = analyzedFixture('reads-and-edits.jsonl')
const compacted = analyzedFixture('compacted.jsonl')

describe('context size and calibration', () => {
  test('calibrates chars per token from growth and finds the system prompt and tools', () => {
    expect(session.calibration).toEqual({
      charsPerToken: 3.5002,
      source: 'growth',
      systemTokens: 4001,
      systemSource: 'first-request',
    })
  })

  test('one point per API response (not per line), with the real size and its estimated split', () => {
    expect(session.requests).toHaveLength(14)
    expect(session.requests[0]).toEqual({
      index: 0,
      line: 6,
      timestamp: Date.parse('2026-05-01T10:00:03.000Z'),
      requestId: 'req_5e551',
      model: 'claude-sonnet-4-5-20250929',
      contextTokens: 7217,
      inputTokens: 8,
      cacheReadTokens: 7009,
      cacheCreationTokens: 200,
      outputTokens: 150,
      utilization: 0.0361,
      growth: 0,
      byKind: {
        'system-and-tools': 4001,
        'user-prompt': 10,
        attachment: 3206,
        'assistant-text': 0,
        thinking: 0,
        'tool-use': 0,
        'tool-result': 0,
        'compact-summary': 0,
      },
    })
    for (const r of session.requests)
      expect(Object.values(r.byKind).reduce((a, b) => a + b, 0)).toBeWithin(
        r.contextTokens - 8,
        r.contextTokens + 8,
      )
  })

  test('current size, peak, growth and the window', () => {
    expect(session.current).toEqual({ contextTokens: 24802, utilization: 0.124 })
    // Content added after the last request (line 33, 24,801) makes now the largest: the peak.
    expect(session.peak).toEqual({ contextTokens: 24802, utilization: 0.124, line: null })
    expect(session.growth).toEqual({ tokensPerRequest: 1232, requestsUntilFull: 142 })
    expect(session.window).toEqual({
      tokens: 200_000,
      standardTokens: 200_000,
      longContextTokens: 1_000_000,
      longContext: false,
      reason: null,
    })
    expect(session.turns).toBe(3)
    expect(session.turnStarts).toEqual([2, 28, 30])
  })

  test('composition by kind, tool results split by tool', () => {
    expect(session.composition.map((p) => [p.kind, p.tokens, p.items])).toEqual([
      ['system-and-tools', 4001, 1],
      ['user-prompt', 7338, 3],
      ['attachment', 3207, 1],
      ['assistant-text', 34, 6],
      ['thinking', 0, 0],
      ['tool-use', 138, 9],
      ['tool-result', 10084, 9],
      ['compact-summary', 0, 0],
    ])
    const results = session.composition.find((p) => p.kind === 'tool-result')
    expect(results?.byTool.map((t) => [t.tool, t.tokens, t.items])).toEqual([
      ['Read', 4986, 3],
      ['Grep', 4128, 1],
      ['Bash', 952, 4],
      ['Edit', 18, 1],
    ])
  })
})

describe('findings', () => {
  test.each([
    ['repeated-read', 8, 'toolu_read1', 2306, 11, 'Read', '/home/dev/app/src/app.ts'],
    ['stale-read', 11, 'toolu_read2', 2306, 15, 'Edit', '/home/dev/app/src/app.ts'],
    ['resolved-error', 13, 'toolu_test1', 612, 17, 'Bash', 'bun test src/app.test.ts'],
    ['duplicate-output', 19, 'toolu_ls1', 168, 25, 'Bash', 'ls -la src'],
    ['unused-output', 21, 'toolu_grep1', 4128, null, null, 'TODO in vendor'],
    ['huge-paste', 28, null, 7319, null, null, null],
  ])('%s at line %d', (kind, line, toolUseId, tokens, supersededAt, supersededBy, target) => {
    const f = session.findings.find((x) => x.kind === kind)
    expect(f?.location.line).toBe(line)
    expect(f?.location.toolUseId).toBe(toolUseId)
    expect(f?.tokens).toBe(tokens)
    expect(f?.supersededBy?.line ?? null).toBe(supersededAt)
    expect(f?.supersededByTool).toBe(supersededBy)
    expect(f?.target).toBe(target)
  })

  test('one finding per block, and a partial read later does not supersede a full one', () => {
    expect(session.findings.map((f) => f.kind)).toEqual([
      'repeated-read',
      'stale-read',
      'resolved-error',
      'duplicate-output',
      'unused-output',
      'huge-paste',
    ])
  })
})

describe('health and recommendations', () => {
  test('score with its parts', () => {
    expect(session.health).toEqual({
      score: 80,
      parts: { utilization: 100, redundancy: 76, staleness: 32, growth: 100 },
      weights: { utilization: 0.35, redundancy: 0.25, staleness: 0.2, growth: 0.2 },
    })
  })

  test('actions with the tokens each saves, largest first', () => {
    // The unused Grep output is one of the newest 3 tool uses, which cleaning keeps by default.
    expect(session.recommendations.map((r) => [r.action, r.tokensSaved, r.command])).toEqual([
      ['move-paste-to-file', 7219, null],
      [
        'clean',
        5140,
        'context-cleaner context clean 5e55a0a1-1111-4aaa-8bbb-000000000001 --strategy balanced',
      ],
      ['drop-mcp-server', 3725, 'claude mcp remove github'],
      ['trim-claude-md', 2176, null],
    ])
  })
})

describe('compactions', () => {
  test('compact_boundary and summary records are both listed', () => {
    expect(
      compacted.compactions.map((c) => [c.source, c.line, c.trigger, c.preTokens, c.postTokens]),
    ).toEqual([
      ['summary', 1, null, null, null],
      ['compact-boundary', 6, 'manual', 30000, 6000],
    ])
  })

  test('only the summary, the preserved message and what came after are in the window', () => {
    expect(compacted.composition.filter((p) => p.items > 0).map((p) => [p.kind, p.items])).toEqual([
      ['system-and-tools', 1],
      ['user-prompt', 1],
      ['assistant-text', 2],
      ['tool-use', 1],
      ['tool-result', 1],
      ['compact-summary', 1],
    ])
    expect(compacted.requests.map((r) => r.growth)).toEqual([0, 6176, -6156, 50])
    expect(compacted.growth.tokensPerRequest).toBe(2075)
    expect(compacted.findings).toEqual([])
  })
})

test('sub-agents are taken from the Agent tool result and merged with their own files', () => {
  const analysis = analyzeRecords(
    [
      {
        type: 'user',
        uuid: 'a',
        sessionId: 's',
        message: {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'x'.repeat(35) }],
        },
        toolUseResult: { agentId: 'a19', totalTokens: 1565 },
      },
    ],
    { subagents: new Map([['a19', { requests: 2, peakContextTokens: 1540, totalTokens: 3200 }]]) },
  )
  expect(analysis.subagents).toEqual([
    {
      agentId: 'a19',
      toolUseId: 'toolu_1',
      requests: 2,
      peakContextTokens: 1540,
      totalTokens: 3200,
      resultTokens: 10,
    },
  ])
})

test('unparseable lines are counted, not fatal', () => {
  const analysis = analyzeRecords([42, { type: 'user', message: { role: 'user', content: 'hi' } }])
  expect(analysis.lines).toEqual({
    total: 2,
    records: 1,
    skipped: { 'invalid-json': 0, 'not-an-object': 1, 'line-too-long': 0 },
  })
})
