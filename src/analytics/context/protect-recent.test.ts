import { expect, test } from 'bun:test'
import {
  isExcludedTool,
  protectedByTools,
  protectedByTurns,
  protectedFromLine,
  type ToolUseSite,
} from './protect-recent.ts'

const calls = (...lines: number[]): ToolUseSite[] =>
  lines.map((line) => ({ toolUseId: `t${line}`, line, tool: 'Read', inputChars: 10 }))

test.each([
  [[5, 8, 11, 14, 17, 20, 23], 3, 17],
  [[5, 8, 11, 14, 17, 20, 23], 1, 23],
  [[5, 8, 11], 3, 1],
  [[], 3, 1],
  [[5, 8], 0, 8],
])('tool uses at %j, keeping %d: protected from line %d', (lines, keep, from) => {
  expect(protectedByTools(calls(...lines), keep)).toBe(from)
})

test.each([
  [[1, 30, 50], 2, 30],
  [[1, 30, 50], 1, 50],
  [[1], 2, 1],
  [[1], 1, 1],
  [[], 2, 1],
])('turns starting at %j, keeping %d: protected from line %d', (starts, keep, from) => {
  expect(protectedByTurns(starts, keep)).toBe(from)
})

test('both rules: the earliest protected line wins; no rule keeps the newest tool use', () => {
  const tools = calls(5, 8, 11, 40, 45)
  expect(protectedFromLine({ keepTools: 1, keepTurns: 2 }, tools, [1, 30, 50])).toBe(30)
  expect(protectedFromLine({ keepTools: 3, keepTurns: 1 }, tools, [1, 30, 50])).toBe(11)
  expect(protectedFromLine({ keepTools: null, keepTurns: null }, tools, [1])).toBe(45)
})

test.each([
  ['Read', ['Read'], true],
  ['Read', ['read'], false],
  ['mcp__github__search', ['mcp__github__*'], true],
  ['mcp__gitlab__search', ['mcp__github__*'], false],
  [null, ['*'], false],
  ['Bash', [], false],
])('%s excluded by %j: %p', (tool, exclude, excluded) => {
  expect(isExcludedTool(tool, exclude)).toBe(excluded)
})
