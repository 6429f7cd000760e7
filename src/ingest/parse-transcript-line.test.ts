import { describe, expect, it } from 'bun:test'
import { parseTranscriptLine } from './parse-transcript-line.ts'

const ctx = { fallbackSessionId: 'file-session', fallbackProject: '-home-me-app' }

function assistant(overrides: Record<string, unknown> = {}, message: Record<string, unknown> = {}) {
  return {
    type: 'assistant',
    sessionId: 's1',
    cwd: '/home/me/app',
    timestamp: '2026-11-20T10:00:00.000Z',
    requestId: 'req_1',
    version: '2.1.331',
    gitBranch: 'main',
    ...overrides,
    message: {
      id: 'msg_1',
      model: 'claude-sonnet-4-5-20250929',
      usage: {
        input_tokens: 10,
        output_tokens: 20,
        cache_creation_input_tokens: 30,
        cache_read_input_tokens: 40,
      },
      ...message,
    },
  }
}

describe('parseTranscriptLine', () => {
  it('normalizes an assistant line with usage', () => {
    expect(parseTranscriptLine(assistant(), ctx)).toEqual({
      kind: 'request',
      record: {
        key: 'req:req_1',
        messageId: 'msg_1',
        requestId: 'req_1',
        sessionId: 's1',
        project: '/home/me/app',
        model: 'claude-sonnet-4-5-20250929',
        timestamp: Date.parse('2026-11-20T10:00:00.000Z'),
        inputTokens: 10,
        outputTokens: 20,
        cacheCreationTokens: 30,
        cacheReadTokens: 40,
        cacheCreation5mTokens: null,
        cacheCreation1hTokens: null,
        costUsd: null,
        durationMs: null,
        gitBranch: 'main',
        version: '2.1.331',
        isSidechain: false,
        agentId: null,
        source: 'transcript',
      },
    })
  })

  it('keys by message id when there is no requestId', () => {
    const parsed = parseTranscriptLine(assistant({ requestId: undefined }), ctx)
    expect(parsed).toMatchObject({ kind: 'request', record: { key: 'msg:msg_1', requestId: null } })
  })

  it('keeps the 5m/1h split only when it adds up', () => {
    const split = { ephemeral_5m_input_tokens: 20, ephemeral_1h_input_tokens: 10 }
    const usage = {
      input_tokens: 1,
      output_tokens: 1,
      cache_creation_input_tokens: 30,
      cache_creation: split,
    }
    expect(parseTranscriptLine(assistant({}, { usage }), ctx)).toMatchObject({
      record: { cacheCreation5mTokens: 20, cacheCreation1hTokens: 10 },
    })
    const off = { ...usage, cache_creation_input_tokens: 31 }
    expect(parseTranscriptLine(assistant({}, { usage: off }), ctx)).toMatchObject({
      record: { cacheCreation5mTokens: null, cacheCreation1hTokens: null },
    })
  })

  it('falls back to the file for session and project, and keeps a cost figure', () => {
    const parsed = parseTranscriptLine(
      assistant({ sessionId: undefined, cwd: undefined, costUSD: 0.25 }),
      ctx,
    )
    expect(parsed).toMatchObject({
      record: { sessionId: 'file-session', project: '-home-me-app', costUsd: 0.25 },
    })
  })

  it('reads sub-agent usage carried by a progress record', () => {
    const progress = {
      type: 'progress',
      sessionId: 's1',
      cwd: '/x',
      data: { message: assistant({ agentId: 'a1' }) },
    }
    expect(parseTranscriptLine(progress, ctx)).toMatchObject({
      kind: 'request',
      record: { key: 'req:req_1', agentId: 'a1' },
    })
  })

  it.each([
    [
      'a user line',
      { type: 'user', message: { role: 'user', content: 'hi' } },
      { kind: 'other', type: 'user' },
    ],
    ['a summary', { type: 'summary', summary: 'x' }, { kind: 'other', type: 'summary' }],
    [
      'an assistant line without usage',
      { type: 'assistant', message: { id: 'm' } },
      { kind: 'other', type: 'assistant' },
    ],
    [
      'a progress line without a message',
      { type: 'progress', data: {} },
      { kind: 'other', type: 'progress' },
    ],
  ])('passes over %s', (_name, line, expected) => {
    expect(parseTranscriptLine(line, ctx)).toEqual(expected as never)
  })

  it.each([
    ['an array', [1, 2], 'not-an-object'],
    ['a string', 'hello', 'not-an-object'],
    ['null', null, 'not-an-object'],
    ['an unknown type', { type: 'hologram' }, 'unknown-type'],
    ['no type at all', { message: {} }, 'unknown-type'],
    ['no ids', assistant({ requestId: undefined }, { id: undefined }), 'missing-id'],
    ['a negative count', assistant({}, { usage: { input_tokens: -5, output_tokens: 1 } }), 'invalid-usage'],
    ['a string count', assistant({}, { usage: { input_tokens: '12', output_tokens: 1 } }), 'invalid-usage'],
    [
      'a fractional count',
      assistant({}, { usage: { input_tokens: 1.5, output_tokens: 1 } }),
      'invalid-usage',
    ],
    ['an absurd count', assistant({}, { usage: { input_tokens: 1e12, output_tokens: 1 } }), 'invalid-usage'],
    [
      'a bad cache split',
      assistant({}, { usage: { output_tokens: 1, cache_creation: { ephemeral_5m_input_tokens: 'x' } } }),
      'invalid-usage',
    ],
    ['a bad timestamp', assistant({ timestamp: 'yesterday' }), 'invalid-timestamp'],
    ['no timestamp', assistant({ timestamp: undefined }), 'invalid-timestamp'],
    ['a synthetic message', assistant({}, { model: '<synthetic>' }), 'synthetic-message'],
  ])('skips %s with a reason', (_name, line, reason) => {
    expect(parseTranscriptLine(line, ctx)).toEqual({ kind: 'skip', reason } as never)
  })
})
