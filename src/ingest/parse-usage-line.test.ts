import { describe, expect, it } from 'bun:test'
import { parseTranscriptLine } from './parse-transcript-line.ts'
import { parseUsageLine, withoutContent } from './parse-usage-line.ts'

const ctx = { fallbackSessionId: 'file-session', fallbackProject: '-home-me-app' }
const usage = {
  input_tokens: 10,
  output_tokens: 20,
  cache_creation_input_tokens: 30,
  cache_read_input_tokens: 40,
}

// Content that a naive cut would get wrong: brackets, braces and quotes inside strings, escaped
// backslashes before a closing quote, nested arrays, another `content` key inside a tool input.
const trickyContent = [
  { type: 'text', text: 'a ] } [ { "quoted" \\ and \\" and ends with a backslash \\' },
  { type: 'thinking', thinking: 'naïve 日本語 → ✓ "content":[1]', signature: 'x'.repeat(5000) },
  {
    type: 'tool_use',
    id: 'toolu_1',
    name: 'Write',
    input: { content: [[1, [2]], { a: '}' }], nested: { '"content":[': ['"'] }, usage: { input_tokens: 9 } },
  },
]

function assistantLine(content: unknown = trickyContent): Record<string, unknown> {
  return {
    parentUuid: null,
    isSidechain: false,
    cwd: '/home/me/café',
    sessionId: 's1',
    version: '2.1.331',
    gitBranch: 'main',
    message: { model: 'claude-sonnet-4-5-20250929', id: 'msg_1', type: 'message', content, usage },
    requestId: 'req_1',
    type: 'assistant',
    timestamp: '2026-11-20T10:00:00.000Z',
  }
}

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value))
const whole = (value: unknown) => parseTranscriptLine(value, ctx)

describe('parseUsageLine', () => {
  it('gives exactly the request of parsing the whole line', () => {
    const line = assistantLine()
    const parsed = parseUsageLine(bytes(line), ctx)
    expect(parsed).toEqual({ parsed: whole(line), progress: false })
    expect(parsed?.parsed.kind).toBe('request')
  })

  it('reads a sub-agent response streamed into its parent as a progress line', () => {
    const line = {
      type: 'progress',
      sessionId: 'parent',
      data: { message: { ...assistantLine(), type: 'assistant' }, prompt: 'a ] [ {' },
      timestamp: '2026-11-20T10:00:01.000Z',
    }
    expect(parseUsageLine(bytes(line), ctx)).toEqual({ parsed: whole(line), progress: true })
  })

  it('parses a line without a content array whole', () => {
    const line = { ...assistantLine(), message: { id: 'msg_2', model: 'm', usage } }
    expect(parseUsageLine(bytes(line), ctx)).toEqual({ parsed: whole(line), progress: false })
  })

  it('says what a user line that mentions usage is, as parsing it whole does', () => {
    const line = {
      type: 'user',
      message: { role: 'user', content: [{ tool_use_id: 'toolu_1', type: 'tool_result', content: 'ok' }] },
      toolUseResult: { usage },
    }
    expect(parseUsageLine(bytes(line), ctx)).toEqual({
      parsed: { kind: 'other', type: 'user' },
      progress: false,
    })
  })

  it('falls back to the whole line when the first content array holds the response', () => {
    // No layout seen does this; if one ever does, its response still counts.
    const line = { type: 'progress', data: { content: [1], message: assistantLine() } }
    const wrapped = {
      type: 'progress',
      content: [{ message: assistantLine() }],
      data: { message: assistantLine() },
    }
    expect(parseUsageLine(bytes(line), ctx)?.parsed.kind).toBe('request')
    expect(parseUsageLine(bytes(wrapped), ctx)).toEqual({ parsed: whole(wrapped), progress: true })
  })

  it('returns null for a line that is not JSON, or ends inside its content', () => {
    const text = JSON.stringify(assistantLine())
    expect(parseUsageLine(Buffer.from(text.slice(0, text.indexOf('signature'))), ctx)).toBeNull()
    expect(parseUsageLine(Buffer.from('{"usage": nope'), ctx)).toBeNull()
    expect(parseUsageLine(Buffer.from('"content":["usage"'), ctx)).toBeNull()
  })

  it('skips with the same reason as parsing the whole line', () => {
    const line = { ...assistantLine(), requestId: undefined, message: { content: [], usage } }
    expect(parseUsageLine(bytes(line), ctx)).toEqual({ parsed: whole(line), progress: false })
    expect(parseUsageLine(bytes(line), ctx)?.parsed).toEqual({ kind: 'skip', reason: 'missing-id' })
  })
})

describe('withoutContent', () => {
  it('empties exactly the first content array', () => {
    const line = assistantLine()
    const lean = withoutContent(bytes(line))
    expect(lean).not.toBeNull()
    expect(JSON.parse(lean as string)).toEqual({
      ...line,
      message: { ...(line.message as object), content: [] },
    })
  })

  it('is null without a content array or when the array is cut short', () => {
    expect(withoutContent(Buffer.from('{"content":"text","usage":{}}'))).toBeNull()
    expect(withoutContent(Buffer.from('{"content":["a\\"]'))).toBeNull()
  })
})
