import { describe, expect, test } from 'bun:test'
import type { CleaningAction } from './plan-cleaning.ts'
import { cleanedContent, createUuidMapper, rewriteRecord } from './rewrite-record.ts'

const OLD = '11111111-1111-4111-8111-111111111111'
const NEW = '22222222-2222-4222-8222-222222222222'
const U1 = 'aaaaaaaa-0000-4000-8000-000000000001'
const U2 = 'aaaaaaaa-0000-4000-8000-000000000002'

function action(kind: CleaningAction['kind'], extra: Partial<CleaningAction> = {}): CleaningAction {
  return {
    toolUseId: 'toolu_1',
    line: 3,
    kind,
    mode: kind === 'unused-output' ? 'trim' : 'replace',
    tool: 'Read',
    target: '/p/big.ts',
    supersededByLine: 9,
    supersededByTool: 'Edit',
    chars: 9_000,
    tokens: 2_400,
    charsSaved: 8_800,
    tokensSaved: 2_300,
    clearInput: false,
    ...extra,
  }
}

function mapper() {
  let n = 0
  return createUuidMapper(OLD, NEW, () => `bbbbbbbb-0000-4000-8000-${String(++n).padStart(12, '0')}`)
}

describe('ids', () => {
  test('session id and every uuid outside the content are mapped, consistently across records', () => {
    const ids = mapper()
    const first = rewriteRecord(
      { type: 'user', uuid: U1, parentUuid: null, sessionId: OLD, message: { content: U2 } },
      ids,
      new Map(),
    )
    const second = rewriteRecord(
      {
        type: 'system',
        uuid: U2,
        parentUuid: U1,
        sessionId: OLD,
        compactMetadata: { preservedMessages: { allUuids: [U1] } },
        toolUseResult: { agentId: U1 },
      },
      ids,
      new Map(),
    )
    expect(first.record).toEqual({
      type: 'user',
      uuid: 'bbbbbbbb-0000-4000-8000-000000000001',
      parentUuid: null,
      sessionId: NEW,
      message: { content: U2 },
    })
    expect(second.record).toEqual({
      type: 'system',
      uuid: 'bbbbbbbb-0000-4000-8000-000000000002',
      parentUuid: 'bbbbbbbb-0000-4000-8000-000000000001',
      sessionId: NEW,
      compactMetadata: { preservedMessages: { allUuids: ['bbbbbbbb-0000-4000-8000-000000000001'] } },
      toolUseResult: { agentId: U1 },
    })
  })
})

describe('tool results', () => {
  const record = {
    type: 'user',
    sessionId: OLD,
    message: {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: 'line\n'.repeat(1800) },
        { type: 'tool_result', tool_use_id: 'toolu_2', content: 'kept', is_error: true },
      ],
    },
  }

  test('a planned result gets a marker; the block, its id and the other results stay', () => {
    const out = rewriteRecord(record, mapper(), new Map([['toolu_1', action('repeated-read')]]))
    expect(out.cleaned).toEqual(['toolu_1'])
    expect(out.record.message).toEqual({
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 'toolu_1',
          content:
            '[Context Cleaner removed this Read output for /p/big.ts (1,800 lines, ~2,400 tokens): the same file is read again later in this conversation, so this older copy was redundant.]',
        },
        { type: 'tool_result', tool_use_id: 'toolu_2', content: 'kept', is_error: true },
      ],
    })
  })

  test("Claude Code's request log (api-request-blob) gets the same marker", () => {
    const blob = { type: 'api-request-blob', sessionId: OLD, message: record.message }
    expect(rewriteRecord(blob, mapper(), new Map([['toolu_1', action('stale-read')]])).cleaned).toEqual([
      'toolu_1',
    ])
  })

  test('an unplanned record is copied as it is', () => {
    const out = rewriteRecord(record, mapper(), new Map([['toolu_9', action('stale-read')]]))
    expect(out.cleaned).toEqual([])
    expect(out.record.message).toBe(record.message)
  })
})

describe('markers say what was removed and why', () => {
  test.each([
    [
      'stale-read',
      '[Context Cleaner removed this Read output for /p/big.ts (2 lines, ~2,400 tokens): the file was changed afterwards by Edit, so this copy was out of date. Read the file again if you need its current content.]',
    ],
    [
      'duplicate-output',
      '[Context Cleaner removed this Read output for /p/big.ts (2 lines, ~2,400 tokens): a later Edit call returned exactly the same output.]',
    ],
    [
      'resolved-error',
      '[Context Cleaner removed this Read output for /p/big.ts (2 lines, ~2,400 tokens): it was an error, and a later Read call on the same target succeeded.]',
    ],
  ] as const)('%s', (kind, marker) => {
    expect(cleanedContent(action(kind), 'a\nb')).toBe(marker)
  })

  test('unused output keeps its head and tail around a note', () => {
    const text = Array.from({ length: 400 }, (_, i) => `row ${i} ${'x'.repeat(40)}`).join('\n')
    const out = cleanedContent(action('unused-output'), text)
    expect(out.startsWith(`row 0 ${'x'.repeat(40)}\nrow 1`)).toBe(true)
    expect(out.endsWith(`row 399 ${'x'.repeat(40)}`)).toBe(true)
    expect(out).toContain(
      '\n[… Context Cleaner removed 359 lines (~2,300 tokens) here: nothing in this output was referred to later …]\n',
    )
    expect(out.length).toBeLessThan(2_300)
  })
})

test('--clear-tool-inputs: long input strings of a cleaned call give way to a note, short ones stay', () => {
  const long = 'x'.repeat(300)
  const { record } = rewriteRecord(
    {
      type: 'assistant',
      message: {
        content: [
          { type: 'tool_use', id: 'toolu_1', name: 'Write', input: { file_path: '/p/a.ts', content: long } },
          { type: 'tool_use', id: 'toolu_2', name: 'Write', input: { file_path: '/p/b.ts', content: long } },
        ],
      },
    },
    mapper(),
    new Map([['toolu_1', action('repeated-read', { clearInput: true })]]),
  )
  expect(record.message).toEqual({
    content: [
      {
        type: 'tool_use',
        id: 'toolu_1',
        name: 'Write',
        input: { file_path: '/p/a.ts', content: '[Context Cleaner cleared 300 characters]' },
      },
      { type: 'tool_use', id: 'toolu_2', name: 'Write', input: { file_path: '/p/b.ts', content: long } },
    ],
  })
})
