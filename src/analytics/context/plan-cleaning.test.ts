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

test.each([
  ['conservative', [10, 12]],
  ['balanced', [10, 12, 14, 16]],
  ['aggressive', [10, 12, 14, 16, 18]],
] as const)('%s acts on %j and never on the last turns or user pastes', (strategy, lines) => {
  const plan = planCleaning({ findings, turnStarts, strategy })
  expect(plan.actions.map((a) => a.line)).toEqual([...lines])
  expect(plan.protectedFromLine).toBe(30)
})

test('saving per action: the content minus the marker, or minus the kept head and tail when trimming', () => {
  const plan = planCleaning({ findings, turnStarts, strategy: 'aggressive' })
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
  const plan = planCleaning({ findings, turnStarts, strategy: 'balanced', keepTurns })
  expect(plan.protectedFromLine).toBe(from)
  expect(plan.actions).toHaveLength(actions)
  expect(plan.keepTurns).toBe(Math.max(1, keepTurns))
})

test('a session without prompts is protected entirely', () => {
  expect(planCleaning({ findings, turnStarts: [], strategy: 'aggressive' }).actions).toEqual([])
})
