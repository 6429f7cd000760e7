// Pure: what to do about a session's context, each as an action with the tokens it would save.

import type { Finding, Recommendation } from './context-types.ts'
import { planCleaning } from './plan-cleaning.ts'
import type { ToolUseSite } from './protect-recent.ts'

/** Memory files under this many tokens are not worth trimming; above it, the excess is the saving. */
const MEMORY_BUDGET_TOKENS = 1_000
/** A summary after /compact holds about this much (Claude Code's summaries run 2-8k tokens). */
const SUMMARY_TOKENS = 5_000
const MIN_SAVING = 1_000

export interface RecommendInput {
  sessionId: string | null
  utilization: number
  contentTokens: number
  compactions: number
  findings: readonly Finding[]
  turnStarts: readonly number[]
  toolUses: readonly ToolUseSite[]
  /** Files edited recently: the focus a compaction should keep. */
  recentFiles: readonly string[]
  memoryFiles: readonly { path: string; tokens: number }[]
  /** MCP servers whose tools are defined in every request but were never called. */
  unusedMcpServers: readonly { server: string; tools: number; tokens: number }[]
}

export function recommend(input: RecommendInput): Recommendation[] {
  const out: Recommendation[] = []
  const id = input.sessionId ?? '<session>'
  const balanced = planCleaning({
    findings: input.findings,
    turnStarts: input.turnStarts,
    toolUses: input.toolUses,
    strategy: 'balanced',
  })
  if (balanced.tokensSaved >= MIN_SAVING) {
    out.push({
      action: 'clean',
      title: `Clean ${balanced.actions.length} superseded, duplicate or failed tool outputs into a new session`,
      command: `context-cleaner context clean ${id} --strategy balanced`,
      tokensSaved: balanced.tokensSaved,
    })
  }
  const aggressive = planCleaning({
    findings: input.findings,
    turnStarts: input.turnStarts,
    toolUses: input.toolUses,
    strategy: 'aggressive',
  })
  if (aggressive.tokensSaved - balanced.tokensSaved >= MIN_SAVING) {
    out.push({
      action: 'clean',
      title: 'Also trim long tool outputs that were never referred to again',
      command: `context-cleaner context clean ${id} --strategy aggressive`,
      tokensSaved: aggressive.tokensSaved,
    })
  }
  if (input.utilization >= 0.5) {
    const focus = input.recentFiles.length > 0 ? input.recentFiles.slice(0, 3).join(', ') : 'the current task'
    out.push({
      action: 'compact',
      title: `Compact now, keeping the focus on ${focus}`,
      command: `/compact Focus on ${focus} and the decisions made about it`,
      tokensSaved: Math.max(0, input.contentTokens - SUMMARY_TOKENS),
    })
  }
  if (input.utilization >= 0.8 || input.compactions >= 2) {
    out.push({
      action: 'new-session',
      title:
        input.compactions >= 2
          ? `Start a new session: this one has been compacted ${input.compactions} times`
          : 'Start a new session: the window is nearly full',
      command: null,
      tokensSaved: input.contentTokens,
    })
  }
  for (const m of input.memoryFiles) {
    if (m.tokens - MEMORY_BUDGET_TOKENS < MIN_SAVING) continue
    out.push({
      action: 'trim-claude-md',
      title: `Trim ${m.path}: its ${m.tokens.toLocaleString('en-US')} tokens are sent with every request`,
      command: null,
      tokensSaved: m.tokens - MEMORY_BUDGET_TOKENS,
    })
  }
  for (const s of input.unusedMcpServers) {
    if (s.tokens < MIN_SAVING) continue
    out.push({
      action: 'drop-mcp-server',
      title: `Drop the MCP server ${s.server}: none of its ${s.tools} tools was used in this session`,
      command: `claude mcp remove ${s.server}`,
      tokensSaved: s.tokens,
    })
  }
  for (const f of input.findings) {
    if (f.kind !== 'huge-paste') continue
    out.push({
      action: 'move-paste-to-file',
      title: `Put the paste at line ${f.location.line} in a file and point Claude at it`,
      command: null,
      tokensSaved: Math.max(0, f.tokens - 100),
    })
  }
  return out.sort((a, b) => b.tokensSaved - a.tokensSaved)
}
