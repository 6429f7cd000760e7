// Shapes of a session's context analysis: what `context analyze --json` prints and the dashboard reads.
// Token figures are estimates unless `calibration.source` is `count-tokens`; request sizes are real.

import type { CacheTtl } from './cleaning-cost.ts'
import type { ToolUseSite } from './protect-recent.ts'

/** What a piece of the context window is. */
export const contentKinds = [
  'system-and-tools',
  'user-prompt',
  'attachment',
  'assistant-text',
  'thinking',
  'tool-use',
  'tool-result',
  'compact-summary',
] as const
export type ContentKind = (typeof contentKinds)[number]

export const findingKinds = [
  'repeated-read',
  'duplicate-output',
  'stale-read',
  'resolved-error',
  'unused-output',
  'huge-paste',
] as const
export type FindingKind = (typeof findingKinds)[number]

export const lineSkipReasons = ['invalid-json', 'not-an-object', 'line-too-long'] as const
export type LineSkipReason = (typeof lineSkipReasons)[number]

/** Where something is in the transcript. `line` is 1-based. */
export interface Location {
  line: number
  uuid: string | null
  timestamp: number | null
  toolUseId: string | null
}

export interface Finding {
  kind: FindingKind
  /** Estimated tokens this content occupies in the window. */
  tokens: number
  chars: number
  location: Location
  /** Tool that produced it (tool results), null for user pastes. */
  tool: string | null
  /** File path or command it concerns, when there is one. */
  target: string | null
  /** The later read, edit, duplicate or successful retry that makes this one redundant. */
  supersededBy: Location | null
  /** The tool that superseded it (e.g. `Edit` for a stale read). */
  supersededByTool: string | null
  description: string
}

export interface RequestPoint {
  index: number
  line: number
  timestamp: number | null
  requestId: string | null
  model: string
  /** input + cache read + cache creation: everything the model saw. */
  contextTokens: number
  inputTokens: number
  cacheReadTokens: number
  cacheCreationTokens: number
  outputTokens: number
  utilization: number
  /** Change from the previous request (negative after a compaction). */
  growth: number
  /** Estimated split of `contextTokens` by kind, for a stacked chart. */
  byKind: Record<ContentKind, number>
}

export interface Compaction {
  source: 'compact-boundary' | 'summary'
  line: number
  uuid: string | null
  timestamp: number | null
  trigger: string | null
  preTokens: number | null
  postTokens: number | null
}

export interface SubagentSummary {
  agentId: string
  /** Tool call in the parent that started it. */
  toolUseId: string | null
  requests: number
  peakContextTokens: number
  /** Sum of every request's tokens (input, cache, output), as the sub-agent file reports them. */
  totalTokens: number
  /** Size of the result it returned into the parent's context. */
  resultTokens: number
}

export interface ToolShare {
  tool: string
  tokens: number
  chars: number
  items: number
}

export interface CompositionPart {
  kind: ContentKind
  tokens: number
  chars: number
  items: number
  share: number
  /** Only for `tool-result` and `tool-use`: the split by tool name. */
  byTool: ToolShare[]
}

export const calibrationSources = ['count-tokens', 'growth', 'first-request', 'default'] as const
export type CalibrationSource = (typeof calibrationSources)[number]

export interface Calibration {
  charsPerToken: number
  source: CalibrationSource
  systemTokens: number
  /** How the system-and-tools size was found. */
  systemSource: 'count-tokens' | 'first-request' | 'request-shape' | 'none'
}

export interface HealthParts {
  utilization: number
  redundancy: number
  staleness: number
  growth: number
}

export interface Health {
  score: number
  parts: HealthParts
  /** Weights the score is built from, shown so the number can be checked. */
  weights: HealthParts
}

export const recommendationActions = [
  'clean',
  'compact',
  'new-session',
  'trim-claude-md',
  'drop-mcp-server',
  'move-paste-to-file',
] as const
export type RecommendationAction = (typeof recommendationActions)[number]

export interface Recommendation {
  action: RecommendationAction
  /** Phrased as something to do. */
  title: string
  command: string | null
  tokensSaved: number
}

export interface ContextWindow {
  /** The window that applies to this session. */
  tokens: number
  standardTokens: number
  /** Size of the model's long-context variant, null when it has none. */
  longContextTokens: number | null
  /** Whether the session runs on the long-context variant. */
  longContext: boolean
  /** Why the long-context window applies (model suffix, beta header, or a request larger than standard). */
  reason: 'model-suffix' | 'beta' | 'observed' | null
}

export interface ContextAnalysis {
  sessionId: string | null
  cwd: string | null
  model: string | null
  window: ContextWindow
  /** Estimated size of the next request: the last real request plus what was added after it. */
  current: { contextTokens: number; utilization: number }
  peak: { contextTokens: number; utilization: number; line: number | null }
  growth: { tokensPerRequest: number; requestsUntilFull: number | null }
  requests: RequestPoint[]
  compactions: Compaction[]
  subagents: SubagentSummary[]
  composition: CompositionPart[]
  calibration: Calibration
  findings: Finding[]
  health: Health
  recommendations: Recommendation[]
  turns: number
  /** Line of the prompt that starts each turn (what `--keep-turns` counts back from). */
  turnStarts: number[]
  /** The main thread's live tool calls in order (what `--keep-tools` counts back from). */
  toolUses: ToolUseSite[]
  /** The prompt cache as the transcript shows it: the TTL of its writes and the last request's time. */
  cache: { ttl: CacheTtl; ttlSource: 'transcript' | 'default'; lastRequestAt: number | null }
  /** Claude Code version that wrote the newest record naming one. */
  claudeCodeVersion: string | null
  lines: { total: number; records: number; skipped: Record<LineSkipReason, number> }
}
