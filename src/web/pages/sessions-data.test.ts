import { describe, expect, it } from 'bun:test'
import type { RequestRow } from '../../model/usage-rows.ts'
import { buildTimeline, parseSessionListQuery } from './sessions-data.ts'

function req(timestamp: number, context: number, extra: Partial<RequestRow> = {}): RequestRow {
  return {
    key: `k${timestamp}`,
    sessionId: 's',
    project: '/p',
    model: 'm',
    timestamp,
    inputTokens: 0,
    outputTokens: 10,
    cacheCreationTokens: 0,
    cacheCreation1hTokens: 0,
    cacheReadTokens: context,
    costUsd: null,
    durationMs: null,
    isSidechain: false,
    agentId: null,
    querySource: null,
    ...extra,
  }
}

describe('buildTimeline', () => {
  it('merges requests, tools and errors by time and marks compactions', () => {
    const timeline = buildTimeline(
      [
        req(1, 50_000),
        req(2, 90_000),
        req(3, 5_000, { isSidechain: true }),
        req(5, 20_000),
        req(7, 30_000, { querySource: 'compact' }),
      ],
      [
        {
          sessionId: 's',
          toolName: 'Bash',
          timestamp: 4,
          success: true,
          durationMs: 1,
          resultBytes: 2,
          error: null,
        },
      ],
      [{ sessionId: 's', timestamp: 6, model: 'm', statusCode: 529, error: 'overloaded' }],
      () => 0.5,
    )
    expect(
      timeline.map((e) => (e.kind === 'compaction' ? `compaction ${e.from}→${e.to} ${e.reported}` : e.kind)),
    ).toEqual([
      'request',
      'request',
      'request',
      'tool',
      'compaction 90000→20000 false',
      'request',
      'error',
      'compaction 20000→30000 true',
      'request',
    ])
  })
})

describe('parseSessionListQuery', () => {
  it('defaults to the newest sessions first', () => {
    expect(parseSessionListQuery({})).toEqual({ sort: 'last', order: 'desc', page: 1 })
  })

  it.each([
    [{ sort: 'size' }, 'Expected `sort` to be one of last, cost, tokens, requests, got `size`'],
    [{ order: 'up' }, 'Expected `order` to be asc or desc, got `up`'],
    [{ page: '0' }, 'Expected `page` to be a positive number, got `0`'],
  ])('rejects %p', (query, message) => {
    expect(() => parseSessionListQuery(query)).toThrow(message)
  })
})
