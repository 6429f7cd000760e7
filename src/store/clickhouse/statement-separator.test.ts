import { expect, it } from 'bun:test'
import { hasStatementSeparator } from './statement-separator.ts'

it.each([
  ['SELECT 1; DROP TABLE api_requests', true],
  ['SELECT 1;DROP TABLE x', true],
  ["SELECT 'a;b'", false],
  ["SELECT 'it''s; fine'", false],
  ["SELECT 'back\\'slash;' AS x", false],
  ['SELECT "odd;name" FROM t', false],
  ['SELECT `odd;name` FROM t', false],
  ['SELECT 1 -- a comment; here\nFROM t', false],
  ['SELECT 1 /* a; comment */ FROM t', false],
  ["SELECT 'a;b'; SELECT 2", true],
  ['SELECT 1 /* unclosed; comment', false],
  ["SELECT 'unclosed; string", false],
  ['SELECT (1', false],
])('%j: %p', (sql, expected) => {
  expect(hasStatementSeparator(sql)).toBe(expected)
})
