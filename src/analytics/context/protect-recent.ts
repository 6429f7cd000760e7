// Pure: which part of a session a cleaning leaves exactly as it is. Two rules, after Anthropic's context
// editing (`clear_tool_uses_20250919`): keep the newest N tool uses (what an autonomous, one-prompt run
// is working on), or keep the last N turns (what a conversation is about). Everything from the first
// protected line on is copied unchanged; given both rules, the more protective one wins.

/** @default 3: Anthropic's `keep` default for clearing tool uses. */
export const DEFAULT_KEEP_TOOLS = 3

/** One tool call of the main thread, in transcript order. */
export interface ToolUseSite {
  toolUseId: string
  line: number
  tool: string
  /** Characters of the call's input (what `--clear-tool-inputs` can shorten). */
  inputChars: number
}

export interface Protection {
  /** Newest tool uses to keep verbatim (at least 1), or null to not protect by tool uses. */
  keepTools: number | null
  /** Last turns to keep verbatim (at least 1), or null to not protect by turns. */
  keepTurns: number | null
}

/** First line that is protected by keeping the newest `keepTools` tool uses: the Nth newest call's line. */
export function protectedByTools(toolUses: readonly ToolUseSite[], keepTools: number): number {
  const keep = Math.max(1, keepTools)
  if (toolUses.length <= keep) return 1
  return toolUses[toolUses.length - keep]?.line ?? 1
}

/** First line protected by keeping the last `keepTurns` turns; with no more turns than that, line 1. */
export function protectedByTurns(turnStarts: readonly number[], keepTurns: number): number {
  const keep = Math.max(1, keepTurns)
  if (turnStarts.length <= keep) return 1
  return turnStarts[turnStarts.length - keep] ?? 1
}

/** Where the protected tail of the session starts, under the rules given (the earliest line wins). */
export function protectedFromLine(
  protection: Protection,
  toolUses: readonly ToolUseSite[],
  turnStarts: readonly number[],
): number {
  const lines: number[] = []
  if (protection.keepTools !== null) lines.push(protectedByTools(toolUses, protection.keepTools))
  if (protection.keepTurns !== null) lines.push(protectedByTurns(turnStarts, protection.keepTurns))
  // No rule at all still keeps the newest tool output: the model is in the middle of using it.
  if (lines.length === 0) lines.push(protectedByTools(toolUses, 1))
  return Math.min(...lines)
}

/**
 * Whether a tool's output must never be cleared. Names match exactly, or by prefix when they end in `*`
 * (`mcp__github__*` covers one MCP server's tools).
 */
export function isExcludedTool(tool: string | null, exclude: readonly string[]): boolean {
  if (tool === null) return false
  return exclude.some((e) => (e.endsWith('*') ? tool.startsWith(e.slice(0, -1)) : tool === e))
}
