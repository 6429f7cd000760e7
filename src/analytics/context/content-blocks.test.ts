import { expect, test } from 'bun:test'
import { contentBlocks, IMAGE_CHARS, isPrompt } from './content-blocks.ts'

test.each([
  [{ type: 'user', message: { content: 'hello' } }, [['user-prompt', 5, null]]],
  [{ type: 'user', isMeta: true, message: { content: 'caveat' } }, [['attachment', 6, null]]],
  [{ type: 'user', isCompactSummary: true, message: { content: 'summary' } }, [['compact-summary', 7, null]]],
  [
    {
      type: 'user',
      message: {
        content: [
          { type: 'text', text: '<system-reminder>x</system-reminder>' },
          { type: 'image', source: {} },
          {
            type: 'tool_result',
            tool_use_id: 't',
            content: [{ type: 'text', text: 'abc' }, { type: 'image' }],
          },
        ],
      },
    },
    [
      ['attachment', 36, null],
      ['user-prompt', IMAGE_CHARS, null],
      ['tool-result', 3 + IMAGE_CHARS, null],
    ],
  ],
  [
    {
      type: 'assistant',
      message: {
        content: [
          { type: 'text', text: 'ok' },
          { type: 'thinking', thinking: 'hmm', signature: 's' },
          { type: 'tool_use', id: 't', name: 'Read', input: { file_path: 'a' } },
        ],
      },
    },
    [
      ['assistant-text', 2, null],
      ['thinking', 3, null],
      ['tool-use', 17, 'Read'],
    ],
  ],
  [
    { type: 'attachment', attachment: { type: 'date' }, rendered: [{ content: 'today' }] },
    [['attachment', 5, null]],
  ],
  [{ type: 'attachment', attachment: { type: 'prompt_snapshot', systemPrompt: ['big'] } }, []],
  [{ type: 'api-request-blob', message: { content: 'not sent again' } }, []],
])('%j', (record, expected) => {
  expect(contentBlocks(record).map((b) => [b.kind, b.chars, b.tool])).toEqual(expected)
})

test.each([
  [{ type: 'user', message: { content: 'fix it' } }, true],
  [{ type: 'user', message: { content: '<command-name>/compact</command-name>' } }, true],
  [{ type: 'user', message: { content: '<local-command-stdout>Compacted</local-command-stdout>' } }, false],
  [{ type: 'user', isMeta: true, message: { content: 'caveat' } }, false],
  [{ type: 'user', message: { content: [{ type: 'tool_result', tool_use_id: 't', content: 'x' }] } }, false],
])('prompt: %j → %p', (record, expected) => {
  expect(isPrompt(record, contentBlocks(record))).toBe(expected)
})
