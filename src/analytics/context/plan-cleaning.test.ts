import { expect, test } from 'bun:test'
import type { Finding, FindingKind } from './context-types.ts'
import { planCleaning } from './plan-cleaning.ts'

function finding(
  kind: FindingKind,
  line: number,
  chars: number,
  toolUseId: string | null = `toolu_${line}`,
): Finding {
  return {
    kind,
    tokens: chars / 4,
    chars,
    location: { line, uuid: null, timestamp: null, toolUseId },
    tool: 'Read',
    target: '/p/a.ts',
    supersededBy: { line: line + 1, uuid: null, timestamp: null, toolUseId: 'later' },
    supersededByTool: 'Read',
    description: '',
  }
}

const findings = [
  finding('repeated-read', 10, 40_000),
  finding('duplicate-output', 12, 1_000),
  finding('stale-read', 14, 8_000),
  finding('resolved-error', 16, 2_000),
  finding('unused-output', 18, 20_000),
  finding('huge-paste', 20, 30_000, null),
  finding('repeated-read', 40, 40_000),
  finding('duplicate-output', 22, 100),
]
const turnStarts = [1, 30, 50]
// Tool calls one line before each result; the newest three start at line 22.
const toolUses = [9, 11, 13, 15, 17, 21, 39, 45].map((line) => ({
  toolUseId: `toolu_${line + 1}`,
  line,
  tool: 'Read',
  inputChars: 40,
}))
const byTurns = { turnStarts, toolUses, keepTurns: 2 }

test.each([
  ['conservative', [10, 12]],
  ['balanced', [10, 12, 14, 16]],
  ['aggressive', [10, 12, 14, 16, 18]],
] as const)('%s acts on %j and never on the last turns or user pastes', (strategy, lines) => {
  const plan = planCleaning({ findings, ...byTurns, strategy })
  expect(plan.actions.map((a) => a.line)).toEqual([...lines])
  expect(plan.protectedFromLine).toBe(30)
})

test('saving per action: the content minus the marker, or minus the kept head and tail when trimming', () => {
  const plan = planCleaning({ findings, ...byTurns, strategy: 'aggressive' })
  expect(plan.actions.map((a) => [a.mode, a.charsSaved, a.tokensSaved])).toEqual([
    ['replace', 39_780, 9_945],
    ['replace', 780, 195],
    ['replace', 7_780, 1_945],
    ['replace', 1_780, 445],
    ['trim', 17_780, 4_445],
  ])
  expect(plan.tokensSaved).toBe(16_975)
  expect(plan.charsSaved).toBe(67_900)
})

test.each([
  [1, 50, 5],
  [2, 30, 4],
  [3, 1, 0],
  [9, 1, 0],
  [0, 50, 5],
])('keeping %d turns protects from line %d', (keepTurns, from, actions) => {
  const plan = planCleaning({ findings, turnStarts, toolUses, strategy: 'balanced', keepTurns })
  expect(plan.protectedFromLine).toBe(from)
  expect(plan.actions).toHaveLength(actions)
  expect(plan.keepTurns).toBe(Math.max(1, keepTurns))
  expect(plan.keepTools).toBeNull()
})

test('a session without prompts is protected entirely when protecting by turns', () => {
  const plan = planCleaning({ findings, turnStarts: [], toolUses, strategy: 'aggressive', keepTurns: 2 })
  expect(plan.actions).toEqual([])
})

test('by default the newest 3 tool uses are kept, whatever the turns: one prompt is no protection', () => {
  const plan = planCleaning({ findings, turnStarts: [1], toolUses, strategy: 'aggressive' })
  expect(plan.keepTools).toBe(3)
  expect(plan.keepTurns).toBeNull()
  expect(plan.protectedFromLine).toBe(21)
  expect(plan.actions.map((a) => a.line)).toEqual([10, 12, 14, 16, 18])
})

test.each([
  [1, 45, [10, 12, 14, 16, 18, 40]],
  [2, 39, [10, 12, 14, 16, 18]],
  [5, 15, [10, 12, 14]],
  [8, 1, []],
  [0, 45, [10, 12, 14, 16, 18, 40]],
])('--keep-tools %d protects from line %d', (keepTools, from, lines) => {
  const plan = planCleaning({ findings, turnStarts, toolUses, strategy: 'aggressive', keepTools })
  expect(plan.protectedFromLine).toBe(from)
  expect(plan.actions.map((a) => a.line)).toEqual(lines)
})

test('--keep-tools with --keep-turns: the more protective rule wins', () => {
  const plan = planCleaning({
    findings,
    turnStarts,
    toolUses,
    strategy: 'aggressive',
    keepTools: 1,
    keepTurns: 2,
  })
  expect(plan.protectedFromLine).toBe(30)
})

test('--exclude-tools keeps those outputs, by name or by a prefix ending in *', () => {
  const mixed = [
    { ...finding('duplicate-output', 10, 5_000), tool: 'Bash' },
    { ...finding('duplicate-output', 12, 5_000), tool: 'mcp__github__search' },
    { ...finding('duplicate-output', 14, 5_000), tool: 'Read' },
  ]
  const plan = planCleaning({
    findings: mixed,
    turnStarts: [1],
    toolUses,
    strategy: 'conservative',
    keepTools: 1,
    excludeTools: ['Read', 'mcp__github__*'],
  })
  expect(plan.actions.map((a) => a.tool)).toEqual(['Bash'])
})

test('--clear-at-least: nothing is cleared unless that many tokens go', () => {
  const base = { findings, turnStarts: [1], toolUses, strategy: 'conservative' as const, keepTools: 1 }
  const enough = planCleaning({ ...base, clearAtLeast: 20_085 })
  expect(enough.tokensSaved).toBe(20_085)
  expect(enough.belowClearAtLeast).toBeNull()
  const short = planCleaning({ ...base, clearAtLeast: 20_086 })
  expect(short.actions).toEqual([])
  expect(short.tokensSaved).toBe(0)
  expect(short.belowClearAtLeast).toEqual({ tokens: 20_085 })
})

test('--clear-tool-inputs also counts the long inputs of the cleaned calls, never short ones', () => {
  const calls = [
    { toolUseId: 'toolu_10', line: 9, tool: 'Read', inputChars: 1_000 },
    { toolUseId: 'toolu_12', line: 11, tool: 'Read', inputChars: 199 },
    { toolUseId: 'toolu_99', line: 99, tool: 'Read', inputChars: 10 },
  ]
  const plan = planCleaning({
    findings: findings.slice(0, 2),
    turnStarts: [1],
    toolUses: calls,
    strategy: 'conservative',
    keepTools: 1,
    clearToolInputs: true,
  })
  expect(plan.actions.map((a) => [a.line, a.clearInput, a.charsSaved])).toEqual([
    [10, true, 39_780 + 940],
    [12, false, 780],
  ])
})
