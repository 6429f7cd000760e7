import { describe, expect, it } from 'bun:test'
import { groupedBy, requestFromRow, toToolCallRow, toUsageGroup } from './read-rows.ts'

const sums = {
  inputTokens: '10',
  outputTokens: 2,
  cacheCreationTokens: 0,
  cacheCreation1hTokens: 0,
  cacheReadTokens: '9007199254740',
  costUsd: 0.5,
  requests: 1,
  firstTimestamp: 1000,
  lastTimestamp: 2000,
}

describe('toUsageGroup', () => {
  it('reads only the group columns the query grouped by; a constant in another stays unread', () => {
    const row = {
      g_bucket: -1,
      g_session: '',
      g_project: '/p',
      g_user: '',
      g_team: '',
      g_model: 'm',
      g_long: 1,
      g_has_cost: 0,
      ...sums,
    }
    expect(toUsageGroup(row, groupedBy(['hour', 'project']))).toEqual({
      bucket: null,
      sessionId: null,
      project: '/p',
      user: null,
      team: null,
      model: 'm',
      longContext: true,
      hasCost: false,
      inputTokens: 10,
      outputTokens: 2,
      cacheCreationTokens: 0,
      cacheCreation1hTokens: 0,
      cacheReadTokens: 9007199254740,
      costUsd: 0.5,
      requests: 1,
      firstTimestamp: 1000,
      lastTimestamp: 2000,
    })
  })

  it("keeps '' for a user no telemetry named, and NULL groups as null", () => {
    const row = {
      g_bucket: null,
      g_session: null,
      g_project: null,
      g_user: '',
      g_team: null,
      g_model: 'm',
      ...sums,
    }
    const group = toUsageGroup(row, groupedBy(['day', 'session', 'user', 'team']))
    expect([group.bucket, group.sessionId, group.user, group.team]).toEqual([null, null, '', null])
  })
})

describe('requestFromRow', () => {
  it('reads the embedded store columns and the r_-prefixed merged rows alike', () => {
    const columns = {
      key: 'req:1',
      message_id: null,
      request_id: '1',
      session_id: 's',
      project: '/p',
      model: 'm',
      ts: '1700000000000',
      input_tokens: 1,
      output_tokens: 2,
      cache_creation_tokens: 3,
      cache_creation_5m_tokens: null,
      cache_creation_1h_tokens: 3,
      cache_read_tokens: 4,
      cost_usd: null,
      duration_ms: 50,
      git_branch: null,
      version: '2.0.0',
      is_sidechain: 1,
      agent_id: null,
      source: 'otlp',
    }
    const prefixed = Object.fromEntries(Object.entries(columns).map(([k, v]) => [`r_${k}`, v]))
    const record = requestFromRow(columns)
    expect(requestFromRow(prefixed, 'r_')).toEqual(record)
    expect(record).toMatchObject({
      timestamp: 1700000000000,
      messageId: null,
      isSidechain: true,
      source: 'otlp',
    })
  })
})

describe('toToolCallRow', () => {
  it.each([
    [null, null],
    [1, true],
    [0, false],
    ['1', true],
  ])('success %p reads as %p', (success, expected) => {
    const row = {
      session_id: 's',
      tool_name: 'Bash',
      ts: 5,
      success,
      duration_ms: null,
      result_bytes: '7',
      error: null,
    }
    expect(toToolCallRow(row)).toEqual({
      sessionId: 's',
      toolName: 'Bash',
      timestamp: 5,
      success: expected,
      durationMs: null,
      resultBytes: 7,
      error: null,
    })
  })
})
