// Pure: which findings a cleaning strategy acts on, and what that saves. Only tool results are ever
// rewritten (their tool_use stays, so every call keeps its result), and nothing in the last turns.

import type { Finding, FindingKind } from './context-types.ts'

export const cleaningStrategies = ['conservative', 'balanced', 'aggressive'] as const
export type CleaningStrategy = (typeof cleaningStrategies)[number]

/** Conservative drops only exact duplicates and superseded copies; aggressive also trims unused outputs. */
export const strategyKinds = {
  conservative: ['repeated-read', 'duplicate-output'],
  balanced: ['repeated-read', 'duplicate-output', 'stale-read', 'resolved-error'],
  aggressive: ['repeated-read', 'duplicate-output', 'stale-read', 'resolved-error', 'unused-output'],
} as const satisfies Record<CleaningStrategy, readonly FindingKind[]>

/** @default 2: the turn being worked on and the one before it are what the model relies on most. */
export const DEFAULT_KEEP_TURNS = 2

/** Characters kept from the start and end of a trimmed output. */
export const TRIM_HEAD_CHARS = 1_500
export const TRIM_TAIL_CHARS = 500
/** Typical length of the marker that replaces removed content. */
export const MARKER_CHARS = 220

export type CleaningMode = 'replace' | 'trim'

export interface CleaningAction {
  toolUseId: string
  line: number
  kind: FindingKind
  mode: CleaningMode
  tool: string | null
  target: string | null
  supersededByLine: number | null
  supersededByTool: string | null
  chars: number
  tokens: number
  charsSaved: number
  tokensSaved: number
}

export interface CleaningPlan {
  strategy: CleaningStrategy
  keepTurns: number
  /** Lines from here on (the last `keepTurns` turns) are copied unchanged. */
  protectedFromLine: number
  actions: CleaningAction[]
  charsSaved: number
  tokensSaved: number
}

export interface PlanInput {
  findings: readonly Finding[]
  /** Line of each prompt that starts a turn, in order. */
  turnStarts: readonly number[]
  strategy: CleaningStrategy
  keepTurns?: number
}

export function planCleaning(input: PlanInput): CleaningPlan {
  const keepTurns = Math.max(1, input.keepTurns ?? DEFAULT_KEEP_TURNS)
  const kinds = new Set<FindingKind>(strategyKinds[input.strategy])
  const protectedFromLine = protectedLine(input.turnStarts, keepTurns)
  const actions: CleaningAction[] = []
  for (const f of input.findings) {
    if (!kinds.has(f.kind) || f.location.toolUseId === null) continue
    if (f.location.line >= protectedFromLine) continue
    const mode: CleaningMode = f.kind === 'unused-output' ? 'trim' : 'replace'
    const kept = mode === 'trim' ? TRIM_HEAD_CHARS + TRIM_TAIL_CHARS + MARKER_CHARS : MARKER_CHARS
    const charsSaved = Math.max(0, f.chars - kept)
    if (charsSaved === 0) continue
    actions.push({
      toolUseId: f.location.toolUseId,
      line: f.location.line,
      kind: f.kind,
      mode,
      tool: f.tool,
      target: f.target,
      supersededByLine: f.supersededBy?.line ?? null,
      supersededByTool: f.supersededByTool,
      chars: f.chars,
      tokens: f.tokens,
      charsSaved,
      tokensSaved: f.chars === 0 ? 0 : Math.round((charsSaved * f.tokens) / f.chars),
    })
  }
  return {
    strategy: input.strategy,
    keepTurns,
    protectedFromLine,
    actions,
    charsSaved: actions.reduce((n, a) => n + a.charsSaved, 0),
    tokensSaved: actions.reduce((n, a) => n + a.tokensSaved, 0),
  }
}

// With no more turns than are kept (or no prompt at all), the whole session is protected: line 1.
function protectedLine(turnStarts: readonly number[], keepTurns: number): number {
  if (turnStarts.length <= keepTurns) return 1
  return turnStarts[turnStarts.length - keepTurns] ?? 1
}
