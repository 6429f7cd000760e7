// Pure: which findings a cleaning strategy acts on, and what that saves. Only tool results (and, when
// asked, the long inputs of the same calls) are ever rewritten: every tool_use keeps its tool_result,
// user prompts and assistant text are never touched, and nothing in the protected tail changes.

import type { Finding, FindingKind } from './context-types.ts'
import {
  DEFAULT_KEEP_TOOLS,
  isExcludedTool,
  type Protection,
  protectedFromLine,
  type ToolUseSite,
} from './protect-recent.ts'

export const cleaningStrategies = ['conservative', 'balanced', 'aggressive'] as const
export type CleaningStrategy = (typeof cleaningStrategies)[number]

/** Conservative drops only exact duplicates and superseded copies; aggressive also trims unused outputs. */
export const strategyKinds = {
  conservative: ['repeated-read', 'duplicate-output'],
  balanced: ['repeated-read', 'duplicate-output', 'stale-read', 'resolved-error'],
  aggressive: ['repeated-read', 'duplicate-output', 'stale-read', 'resolved-error', 'unused-output'],
} as const satisfies Record<CleaningStrategy, readonly FindingKind[]>

/** @default 2: the turn being worked on and the one before it (used when protecting by turns). */
export const DEFAULT_KEEP_TURNS = 2

/** Characters kept from the start and end of a trimmed output. */
export const TRIM_HEAD_CHARS = 1_500
export const TRIM_TAIL_CHARS = 500
/** Typical length of the marker that replaces removed content. */
export const MARKER_CHARS = 220
/** Tool input strings at least this long are shortened by `--clear-tool-inputs`. */
export const INPUT_CLEAR_MIN_CHARS = 200
/** What a cleared input string becomes (see rewrite-record.ts). */
export const INPUT_MARKER_CHARS = 60

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
  /** Also shorten the call's long input strings (`--clear-tool-inputs`). */
  clearInput: boolean
}

export interface CleaningPlan {
  strategy: CleaningStrategy
  keepTools: number | null
  keepTurns: number | null
  excludeTools: string[]
  clearAtLeast: number
  clearToolInputs: boolean
  /** Lines from here on (the newest tool uses, or the last turns) are copied unchanged. */
  protectedFromLine: number
  actions: CleaningAction[]
  charsSaved: number
  tokensSaved: number
  /** Set when the plan had something to clear but less than `clearAtLeast` tokens: nothing is cleared. */
  belowClearAtLeast: { tokens: number } | null
}

export interface PlanOptions {
  strategy: CleaningStrategy
  /** @default 3 when `keepTurns` is not given either */
  keepTools?: number | null
  keepTurns?: number | null
  /** Tools whose outputs are never cleared (exact names, or a prefix ending in `*`). */
  excludeTools?: readonly string[]
  /** Clear nothing unless at least this many tokens go (Anthropic's `clear_at_least`). @default 0 */
  clearAtLeast?: number
  /** Also shorten long input strings of the calls whose results are cleared. @default false */
  clearToolInputs?: boolean
}

export interface PlanInput extends PlanOptions {
  findings: readonly Finding[]
  /** Line of each prompt that starts a turn, in order. */
  turnStarts: readonly number[]
  /** The main thread's tool calls, in order. */
  toolUses: readonly ToolUseSite[]
}

/** The protection rules the options ask for: keep-tools 3 unless turns alone were asked for. */
export function protectionOf(options: PlanOptions): Protection {
  const keepTurns = options.keepTurns ?? null
  const keepTools = options.keepTools ?? (keepTurns === null ? DEFAULT_KEEP_TOOLS : null)
  return {
    keepTools: keepTools === null ? null : Math.max(1, keepTools),
    keepTurns: keepTurns === null ? null : Math.max(1, keepTurns),
  }
}

export function planCleaning(input: PlanInput): CleaningPlan {
  const protection = protectionOf(input)
  const kinds = new Set<FindingKind>(strategyKinds[input.strategy])
  const excludeTools = [...(input.excludeTools ?? [])]
  const clearAtLeast = Math.max(0, input.clearAtLeast ?? 0)
  const clearToolInputs = input.clearToolInputs ?? false
  const from = protectedFromLine(protection, input.toolUses, input.turnStarts)
  const inputChars = new Map(input.toolUses.map((t) => [t.toolUseId, t.inputChars]))
  const actions: CleaningAction[] = []
  for (const f of input.findings) {
    if (!kinds.has(f.kind) || f.location.toolUseId === null) continue
    if (f.location.line >= from || isExcludedTool(f.tool, excludeTools)) continue
    const mode: CleaningMode = f.kind === 'unused-output' ? 'trim' : 'replace'
    const kept = mode === 'trim' ? TRIM_HEAD_CHARS + TRIM_TAIL_CHARS + MARKER_CHARS : MARKER_CHARS
    const resultSaved = Math.max(0, f.chars - kept)
    const input = inputChars.get(f.location.toolUseId) ?? 0
    const inputSaved =
      clearToolInputs && input >= INPUT_CLEAR_MIN_CHARS ? Math.max(0, input - INPUT_MARKER_CHARS) : 0
    const charsSaved = resultSaved + inputSaved
    if (charsSaved === 0) continue
    const perChar = f.chars === 0 ? 0 : f.tokens / f.chars
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
      tokensSaved: Math.round(charsSaved * perChar),
      clearInput: inputSaved > 0,
    })
  }
  const tokensSaved = actions.reduce((n, a) => n + a.tokensSaved, 0)
  const below = actions.length > 0 && tokensSaved < clearAtLeast
  const kept = below ? [] : actions
  return {
    strategy: input.strategy,
    keepTools: protection.keepTools,
    keepTurns: protection.keepTurns,
    excludeTools,
    clearAtLeast,
    clearToolInputs,
    protectedFromLine: from,
    actions: kept,
    charsSaved: kept.reduce((n, a) => n + a.charsSaved, 0),
    tokensSaved: below ? 0 : tokensSaved,
    belowClearAtLeast: below ? { tokens: tokensSaved } : null,
  }
}
