import { expect, test } from 'bun:test'
import { compareFacts, createTranscriptChecker } from './check-transcript.ts'

const records = [
  { type: 'user', uuid: 'u1', parentUuid: null, sessionId: 's', message: { content: 'go' } },
  {
    type: 'assistant',
    uuid: 'u2',
    parentUuid: 'u1',
    sessionId: 's',
    message: { content: [{ type: 'tool_use', id: 't1' }] },
  },
  {
    type: 'assistant',
    uuid: 'u3',
    parentUuid: 'u2',
    sessionId: 's',
    message: { content: [{ type: 'tool_use', id: 't2' }] },
  },
  {
    type: 'user',
    uuid: 'u4',
    parentUuid: 'u3',
    sessionId: 's',
    message: { content: [{ type: 'tool_result', tool_use_id: 't1' }] },
  },
  {
    type: 'user',
    uuid: 'u4',
    parentUuid: 'gone',
    sessionId: 'other',
    message: { content: [{ type: 'tool_result', tool_use_id: 't9' }] },
  },
  {
    type: 'assistant',
    uuid: 'u6',
    isSidechain: true,
    message: { content: [{ type: 'tool_use', id: 'side' }] },
  },
]

function facts(list: unknown[]) {
  const checker = createTranscriptChecker()
  for (const r of list) checker.add(r)
  return checker.finish()
}

test('collects the facts a resume depends on', () => {
  expect(facts(records)).toEqual({
    records: 6,
    sessionIds: ['other', 's'],
    duplicateUuids: 1,
    missingParents: 1,
    unansweredToolUses: ['t2'],
    orphanToolResults: ['t9'],
  })
})

test('a copy must keep every fact and carry one session id', () => {
  const original = facts(records.slice(0, 4))
  expect(compareFacts(original, facts(records.slice(0, 4)), 's')).toEqual([])
  expect(compareFacts(original, facts(records.slice(0, 3)), 'new')).toEqual([
    '3 records written, 4 read',
    'records carry other session ids: s',
    'tool calls lost their results',
  ])
  expect(compareFacts(original, facts([...records.slice(0, 4), records[4]!]), 's')).toEqual([
    '5 records written, 4 read',
    'records carry other session ids: other, s',
    'duplicate uuids',
    'broken parentUuid links',
    'tool results lost their calls',
  ])
})
