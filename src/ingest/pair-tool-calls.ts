// Pairs a transcript's tool uses with their results as a file is scanned: the call is in an assistant
// line, its outcome in a later user line. A pair becomes one complete row; a call whose result has not
// been read when a chunk ends goes out on its own (its checkpoint is about to pass it), and a result
// whose call an earlier import stored goes out as a result that completes that row.

import { type ToolCallRecord, type ToolResultRecord, toolCallKey } from '../model/telemetry-records.ts'
import type { ToolResultLine, ToolUseBlock } from './tool-call-bytes.ts'

export interface ToolUseContext {
  sessionId: string
  requestId: string | null
  timestamp: number
}

interface OpenUse {
  record: ToolCallRecord
  /** Already sent without its result. */
  sent: boolean
}

export class ToolCallPairing {
  /** Calls of this scan still waiting for their result. */
  readonly #open = new Map<string, OpenUse>()
  #calls: ToolCallRecord[] = []
  #results: ToolResultRecord[] = []
  /** Tool uses seen (each id once per scan) since the last `take`. */
  #uses = 0

  use(block: ToolUseBlock, ctx: ToolUseContext): void {
    if (this.#open.has(block.id)) return
    this.#uses++
    this.#open.set(block.id, {
      sent: false,
      record: {
        key: toolCallKey(block.id),
        sessionId: ctx.sessionId,
        promptId: null,
        requestId: ctx.requestId,
        toolUseId: block.id,
        toolName: block.name,
        timestamp: ctx.timestamp,
        success: null,
        durationMs: null,
        inputBytes: null,
        resultBytes: null,
        error: null,
        decision: null,
        decisionSource: null,
        toolSource: null,
      },
    })
  }

  result(line: ToolResultLine): void {
    for (const r of line.results) {
      const open = this.#open.get(r.id)
      if (!open) {
        if (Number.isFinite(line.timestamp))
          this.#results.push({
            key: toolCallKey(r.id),
            timestamp: line.timestamp,
            success: !r.isError,
            error: r.error,
            promptId: line.promptId,
          })
        continue
      }
      this.#open.delete(r.id)
      const elapsed = line.timestamp - open.record.timestamp
      this.#calls.push({
        ...open.record,
        promptId: line.promptId,
        success: !r.isError,
        durationMs: Number.isFinite(elapsed) ? Math.max(0, Math.round(elapsed)) : null,
        error: r.error,
      })
    }
  }

  /** What the chunk ending here carries: pairs, results of earlier calls, calls still open, and how many uses were read. */
  take(): { toolCalls: ToolCallRecord[]; toolResults: ToolResultRecord[]; uses: number } {
    for (const open of this.#open.values()) {
      if (open.sent) continue
      open.sent = true
      this.#calls.push(open.record)
    }
    const taken = { toolCalls: this.#calls, toolResults: this.#results, uses: this.#uses }
    this.#calls = []
    this.#results = []
    this.#uses = 0
    return taken
  }
}
