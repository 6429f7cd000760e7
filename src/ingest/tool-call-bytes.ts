// Pure: the tool calls of a transcript line, found in its bytes without parsing it. Tool results are
// most of a history's bytes (file contents, command output, each stored twice), and JSON.parse of
// them would cost more than the whole import does today; only the few fields a tool call needs are
// read here, by the same plain patterns usage-fingerprint.ts relies on. A key written with unescaped
// quotes cannot occur inside a JSON string, so a pattern match is a real key (or one inside a tool's
// structured output, which these patterns avoid by where they look). Layouts these patterns do not
// find give no tool call, never a wrong one.

import { plainString, stringEnd } from './json-bytes.ts'

const TOOL_USE = Buffer.from('{"type":"tool_use","id":"')
const NAME = Buffer.from('","name":"')
const RESULT_ID = Buffer.from('"tool_use_id":"')
/** What precedes the id when a block is written in the Messages API's order (`type`, `tool_use_id`, …). */
const API_ORDER_START = Buffer.from('{"type":"tool_result",')
const IS_ERROR = Buffer.from('"is_error":true')
const CONTENT = Buffer.from('"content":"')
const TYPE = Buffer.from('"type":"')
const USER = Buffer.from('user"')
const TOOL_USE_RESULT = Buffer.from('"toolUseResult":')
const TIMESTAMP = Buffer.from('"timestamp":"')
const PROMPT_ID = Buffer.from('"promptId":"')
const OPEN_BRACE = 0x7b

/** Longest error text kept from a failed call's result. */
export const MAX_ERROR_CHARS = 500

export interface ToolUseBlock {
  id: string
  name: string
}

export interface ToolResultBlock {
  id: string
  isError: boolean
  /** The result's text when the call failed and the text is a plain string. */
  error: string | null
}

export interface ToolResultLine {
  results: ToolResultBlock[]
  /** The line's own time (epoch ms), or NaN. */
  timestamp: number
  promptId: string | null
}

/** `tool_use` blocks of an assistant line (Claude Code writes `type`, `id`, `name`, `input` in that order). */
export function toolUses(line: Buffer): ToolUseBlock[] {
  const uses: ToolUseBlock[] = []
  for (let at = line.indexOf(TOOL_USE); at !== -1; at = line.indexOf(TOOL_USE, at + TOOL_USE.length)) {
    const idStart = at + TOOL_USE.length
    const id = plainString(line, idStart)
    if (id === null) continue
    const nameAt = idStart + id.length
    if (!startsAt(line, NAME, nameAt)) continue
    const name = plainString(line, nameAt + NAME.length)
    if (name !== null) uses.push({ id, name })
  }
  return uses
}

/**
 * `tool_result` blocks of a user line, or null when the line is not a user line with results. Only
 * lines whose first `type` is `user` count: the same blocks also appear nested in `progress` lines
 * and in `api-request-blob` copies of what was sent, which would count a result twice.
 */
export function toolResults(line: Buffer): ToolResultLine | null {
  const typeAt = line.indexOf(TYPE)
  if (typeAt === -1 || !startsAt(line, USER, typeAt + TYPE.length)) return null
  const firstAt = line.indexOf(RESULT_ID)
  if (firstAt === -1) return null
  // The message's blocks end where Claude Code's structured copy of the output starts (when it
  // follows them): every later search stays before it, which spares reading the copy (half the line)
  // once per field; a flag inside the copy is the output's own.
  const copyAt = line.indexOf(TOOL_USE_RESULT, firstAt)
  const blocks = copyAt === -1 ? line : line.subarray(0, copyAt)
  const starts: number[] = []
  const ids: string[] = []
  for (let at = firstAt; at !== -1; at = blocks.indexOf(RESULT_ID, at + RESULT_ID.length)) {
    const id = plainString(line, at + RESULT_ID.length)
    if (id === null) continue
    starts.push(at)
    ids.push(id)
  }
  const first = starts[0]
  const last = starts.at(-1)
  if (first === undefined || last === undefined) return null
  const results: ToolResultBlock[] = ids.map((id) => ({ id, isError: false, error: null }))
  // Which block an error flag belongs to: when the id opens its block (`{"tool_use_id"`, Claude Code's
  // order) or follows only its type (`{"type":"tool_result","tool_use_id"`, the Messages API's order, as
  // other writers and hand-made transcripts have it), a flag belongs to the id before it; when the id
  // comes last, to the id after it.
  const idFirst =
    line[first - 1] === OPEN_BRACE || startsAt(line, API_ORDER_START, first - API_ORDER_START.length)
  for (
    let at = blocks.indexOf(IS_ERROR, idFirst ? first : 0);
    at !== -1;
    at = blocks.indexOf(IS_ERROR, at + 1)
  ) {
    const index = idFirst ? lastBefore(starts, at) : firstAfter(starts, at)
    const result = index === -1 ? undefined : results[index]
    if (!result) continue
    result.isError = true
    const from = idFirst ? starts[index]! : index > 0 ? starts[index - 1]! : 0
    result.error = errorText(line.subarray(from, at))
  }
  // The line's own time sits between the blocks and the copy (found looking back from the copy), or
  // after the copy, or before the message, in the layouts seen.
  const before = copyAt === -1 ? -1 : blocks.subarray(last).lastIndexOf(TIMESTAMP)
  const timeAt = before !== -1 ? last + before : line.indexOf(TIMESTAMP, copyAt === -1 ? last : copyAt)
  return lineOf(line, results, timeAt === -1 ? line.indexOf(TIMESTAMP) : timeAt, first)
}

function lastBefore(starts: readonly number[], at: number): number {
  let index = -1
  for (let i = 0; i < starts.length && starts[i]! < at; i++) index = i
  return index
}

function firstAfter(starts: readonly number[], at: number): number {
  return starts.findIndex((s) => s > at)
}

/** The block's `content` (its last before the flag) when it is a string: its first MAX_ERROR_CHARS characters. */
function errorText(block: Buffer): string | null {
  const at = block.lastIndexOf(CONTENT)
  if (at === -1) return null
  const start = at + CONTENT.length - 1
  const end = stringEnd(block, start + 1)
  if (end === -1) return null
  try {
    const text = JSON.parse(block.toString('utf8', start, end + 1)) as string
    return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text
  } catch {
    return null
  }
}

/** The line's time (its `timestamp` at `timeAt`) and prompt id (a `promptId` before the blocks). */
function lineOf(line: Buffer, results: ToolResultBlock[], timeAt: number, blocksAt: number): ToolResultLine {
  const time = timeAt === -1 ? null : plainString(line, timeAt + TIMESTAMP.length)
  // Searched only before the blocks: a line without one would otherwise be read to its end.
  const promptAt = line.subarray(0, blocksAt).indexOf(PROMPT_ID)
  return {
    results,
    timestamp: time === null ? Number.NaN : Date.parse(time),
    promptId: promptAt === -1 ? null : plainString(line, promptAt + PROMPT_ID.length),
  }
}

function startsAt(line: Buffer, pattern: Buffer, at: number): boolean {
  const end = at + pattern.length
  return at >= 0 && end <= line.length && line.compare(pattern, 0, pattern.length, at, end) === 0
}
