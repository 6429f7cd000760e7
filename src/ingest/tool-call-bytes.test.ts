import { describe, expect, it } from 'bun:test'
import { MAX_ERROR_CHARS, toolResults, toolUses } from './tool-call-bytes.ts'

const line = (value: unknown) => Buffer.from(JSON.stringify(value))
const T = '2026-11-20T10:00:05.000Z'

// Claude Code's user line: envelope, type, message, uuid, timestamp, then the structured copy.
function resultLine(blocks: unknown[], extra: Record<string, unknown> = {}) {
  return line({
    parentUuid: 'p',
    isSidechain: false,
    promptId: 'prompt-1',
    type: 'user',
    message: { role: 'user', content: blocks },
    uuid: 'u',
    timestamp: T,
    toolUseResult: { stdout: 'x', is_error: true, tool_use_id: 'toolu_copy', timestamp: 'not this one' },
    ...extra,
  })
}

describe('toolUses', () => {
  it('reads every tool_use block of an assistant line', () => {
    const bytes = line({
      message: {
        id: 'msg_1',
        content: [
          { type: 'text', text: 'the pattern {"type":"tool_use","id":"toolu_fake"} in text is escaped' },
          { type: 'tool_use', id: 'toolu_a', name: 'Edit', input: { old_string: '"x"', new_string: 'y' } },
          { type: 'tool_use', id: 'toolu_b', name: 'mcp__github__search', input: {} },
        ],
        usage: { input_tokens: 1 },
      },
      type: 'assistant',
    })
    expect(toolUses(bytes)).toEqual([
      { id: 'toolu_a', name: 'Edit' },
      { id: 'toolu_b', name: 'mcp__github__search' },
    ])
  })

  it('gives nothing for a layout it does not know, rather than a guess', () => {
    expect(toolUses(line({ content: [{ id: 'toolu_a', type: 'tool_use', name: 'Edit' }] }))).toEqual([])
    expect(toolUses(line({ content: [{ type: 'tool_use', id: 'toolu_\\"x', name: 'Edit' }] }))).toEqual([])
  })
})

describe('toolResults', () => {
  it('reads a failed call, its error text, the line time and prompt, not the structured copy', () => {
    const bytes = resultLine([
      {
        tool_use_id: 'toolu_a',
        type: 'tool_result',
        content: '<tool_use_error>String to replace not found in file.\nString: "x"</tool_use_error>',
        is_error: true,
      },
    ])
    expect(toolResults(bytes)).toEqual({
      results: [
        {
          id: 'toolu_a',
          isError: true,
          error: '<tool_use_error>String to replace not found in file.\nString: "x"</tool_use_error>',
        },
      ],
      timestamp: Date.parse(T),
      promptId: 'prompt-1',
    })
  })

  it('tells several results of one line apart', () => {
    const bytes = resultLine([
      { tool_use_id: 'toolu_a', type: 'tool_result', content: 'ok "quoted" \\ text', is_error: false },
      { tool_use_id: 'toolu_b', type: 'tool_result', content: 'boom', is_error: true },
      { tool_use_id: 'toolu_c', type: 'tool_result', content: [{ type: 'text', text: 'array content' }] },
    ])
    expect(toolResults(bytes)?.results).toEqual([
      { id: 'toolu_a', isError: false, error: null },
      { id: 'toolu_b', isError: true, error: 'boom' },
      { id: 'toolu_c', isError: false, error: null },
    ])
  })

  // The Messages API documents this order; a transcript written that way once lost its failures (the
  // flag went to the next block, or to none).
  it('reads the Messages API order: type, id, content, is_error', () => {
    const bytes = resultLine([
      { type: 'tool_result', tool_use_id: 'toolu_a', content: 'String to replace not found', is_error: true },
      { type: 'tool_result', tool_use_id: 'toolu_b', content: 'ok' },
      { type: 'tool_result', tool_use_id: 'toolu_c', content: 'boom', is_error: true },
    ])
    expect(toolResults(bytes)?.results).toEqual([
      { id: 'toolu_a', isError: true, error: 'String to replace not found' },
      { id: 'toolu_b', isError: false, error: null },
      { id: 'toolu_c', isError: true, error: 'boom' },
    ])
  })

  it('reads a layout with the id last and the time after the copy', () => {
    const bytes = line({
      type: 'user',
      message: {
        content: [
          { type: 'tool_result', content: 'first', tool_use_id: 'toolu_a' },
          { type: 'tool_result', content: 'second failed', is_error: true, tool_use_id: 'toolu_b' },
        ],
      },
      toolUseResult: {},
      uuid: 'u',
      timestamp: T,
    })
    expect(toolResults(bytes)).toEqual({
      results: [
        { id: 'toolu_a', isError: false, error: null },
        { id: 'toolu_b', isError: true, error: 'second failed' },
      ],
      timestamp: Date.parse(T),
      promptId: null,
    })
  })

  it('keeps only the start of a long error', () => {
    const bytes = resultLine([
      { tool_use_id: 'toolu_a', type: 'tool_result', content: 'e'.repeat(5000), is_error: true },
    ])
    expect(toolResults(bytes)?.results[0]?.error).toHaveLength(MAX_ERROR_CHARS)
  })

  // The same blocks are nested in sub-agent progress lines and in copies of what was sent.
  it.each([
    ['progress', { type: 'progress', data: { message: { type: 'user', message: { content: [] } } } }],
    ['api-request-blob', { type: 'api-request-blob', message: { role: 'user', content: [] } }],
  ])('ignores results inside a %s line', (_, shape) => {
    const bytes = line({ ...shape, x: [{ tool_use_id: 'toolu_a', type: 'tool_result', content: 'x' }] })
    expect(toolResults(bytes)).toBeNull()
  })

  it.each([
    ['a truncated line', '{"type":"user","message":{"content":[{"tool_use_id":"toolu_a","type":"tool_r'],
    ['an id with an escape', '{"type":"user","message":{"content":[{"tool_use_id":"to\\"ol"}]}}'],
    ['binary garbage', '\u0000\u00ff"type":"user"\u0001"tool_use_id":"'],
  ])('never throws on %s', (_, text) => {
    expect(() => toolResults(Buffer.from(text, 'latin1'))).not.toThrow()
  })
})
