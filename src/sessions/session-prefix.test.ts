import { expect, test } from 'bun:test'
import { ambiguousMessage, matchSessionPrefix } from './session-prefix.ts'

const ids = [
  '5e55a0a1-1111-4aaa-8bbb-000000000001',
  '5e55a0a1-2222-4aaa-8bbb-000000000002',
  '9c0ffee0-1111-4aaa-8bbb-000000000003',
  '9c0f',
]

test.each([
  ['9c0ffee0', '9c0ffee0-1111-4aaa-8bbb-000000000003'],
  ['5e55a0a1-2', '5e55a0a1-2222-4aaa-8bbb-000000000002'],
  ['9c0f', '9c0f'],
  ['5e55a0a1-1111-4aaa-8bbb-000000000001', '5e55a0a1-1111-4aaa-8bbb-000000000001'],
])('%s names %s', (input, sessionId) => {
  expect(matchSessionPrefix(input, ids)).toEqual({ kind: 'found', sessionId })
})

test('a prefix of several is ambiguous, listed in order; one of none is unknown', () => {
  expect(matchSessionPrefix('5e55', [...ids, ids[0]!])).toEqual({
    kind: 'ambiguous',
    candidates: ['5e55a0a1-1111-4aaa-8bbb-000000000001', '5e55a0a1-2222-4aaa-8bbb-000000000002'],
  })
  expect(matchSessionPrefix('feed', ids)).toEqual({ kind: 'none' })
})

test('the message names a few candidates and counts the rest', () => {
  const many = Array.from({ length: 7 }, (_, i) => `abc${i}`)
  expect(ambiguousMessage('abc', many)).toBe(
    'Session id prefix abc matches 7 sessions (abc0, abc1, abc2, abc3, abc4 and 2 more); give more characters',
  )
})
