// Pure: one transcript record to its copy in the cleaned session. The copy gets the new session id and
// fresh uuids (mapped consistently, so every parentUuid still points at its parent), and the tool
// results the plan names get a short marker instead of their content. tool_use blocks and the
// tool_result blocks themselves always stay, so every call keeps exactly one result.

import { isObject, type JsonObject } from '../../model/transcript-schema.ts'
import { toolResultText } from './content-blocks.ts'
import {
  type CleaningAction,
  INPUT_CLEAR_MIN_CHARS,
  TRIM_HEAD_CHARS,
  TRIM_TAIL_CHARS,
} from './plan-cleaning.ts'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// Conversation content and Claude Code's own snapshots: copied as they are, never searched for ids.
const contentKeys = new Set(['message', 'toolUseResult', 'attachment', 'rendered', 'shape'])

const MARKER = '[Context Cleaner removed'
const TRIM_NOTE = '[… Context Cleaner removed'

/** A tool result this cleaner already replaced or trimmed (a trim note follows a head of bounded size). */
export function isCleanerMarker(text: string): boolean {
  if (text.startsWith(MARKER) || text.startsWith(TRIM_NOTE)) return true
  return text.slice(0, TRIM_HEAD_CHARS + TRIM_NOTE.length + 1).includes(`\n${TRIM_NOTE}`)
}

export interface UuidMapper {
  map(id: string): string
}

/** Maps every uuid it is shown to a new one, the old session id to the new session id. */
export function createUuidMapper(
  oldSessionId: string,
  newSessionId: string,
  newUuid: () => string,
): UuidMapper {
  const ids = new Map<string, string>([[oldSessionId, newSessionId]])
  return {
    map(id) {
      let mapped = ids.get(id)
      if (mapped === undefined) {
        mapped = newUuid()
        ids.set(id, mapped)
      }
      return mapped
    },
  }
}

export interface RewriteResult {
  record: JsonObject
  /** tool_use ids whose results were replaced or trimmed in this record. */
  cleaned: string[]
}

export function rewriteRecord(
  record: JsonObject,
  ids: UuidMapper,
  actions: ReadonlyMap<string, CleaningAction>,
): RewriteResult {
  const out = remapIds(record, ids) as JsonObject
  const cleaned: string[] = []
  const message = out.message
  if (
    (out.type === 'user' || out.type === 'api-request-blob') &&
    isObject(message) &&
    Array.isArray(message.content)
  ) {
    const content = message.content.map((part: unknown) => {
      if (!isObject(part) || part.type !== 'tool_result' || typeof part.tool_use_id !== 'string') return part
      const action = actions.get(part.tool_use_id)
      if (action === undefined) return part
      cleaned.push(part.tool_use_id)
      return { ...part, content: cleanedContent(action, toolResultText(part.content)) }
    })
    if (cleaned.length > 0) out.message = { ...message, content }
  }
  if (out.type === 'assistant' && isObject(message) && Array.isArray(message.content)) {
    let changed = false
    const content = message.content.map((part: unknown) => {
      if (!isObject(part) || part.type !== 'tool_use' || typeof part.id !== 'string') return part
      if (actions.get(part.id)?.clearInput !== true || !isObject(part.input)) return part
      changed = true
      return { ...part, input: clearedInput(part.input) }
    })
    if (changed) out.message = { ...message, content }
  }
  return { record: out, cleaned }
}

// Long strings (file contents written, long commands) give way to a note; keys and short values stay, so
// the call still says what it did and Claude Code can still show it.
function clearedInput(input: JsonObject): JsonObject {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(input))
    out[key] =
      typeof value === 'string' && value.length >= INPUT_CLEAR_MIN_CHARS
        ? `[Context Cleaner cleared ${value.length.toLocaleString('en-US')} characters]`
        : value
  return out
}

function remapIds(value: unknown, ids: UuidMapper): unknown {
  if (typeof value === 'string') return UUID.test(value) ? ids.map(value) : value
  if (Array.isArray(value)) return value.map((v) => remapIds(v, ids))
  if (!isObject(value)) return value
  const out: JsonObject = {}
  for (const [key, v] of Object.entries(value)) out[key] = contentKeys.has(key) ? v : remapIds(v, ids)
  return out
}

export function cleanedContent(action: CleaningAction, text: string): string {
  const lines = countLines(text)
  const size = `${lines.toLocaleString('en-US')} lines, ~${action.tokens.toLocaleString('en-US')} tokens`
  const tool = action.tool ?? 'tool'
  const what = action.target === null ? `this ${tool} output` : `this ${tool} output for ${action.target}`
  switch (action.kind) {
    case 'repeated-read':
      return `${MARKER} ${what} (${size}): the same file is read again later in this conversation, so this older copy was redundant.]`
    case 'stale-read':
      return `${MARKER} ${what} (${size}): the file was changed afterwards by ${action.supersededByTool ?? 'an edit'}, so this copy was out of date. Read the file again if you need its current content.]`
    case 'duplicate-output':
      return `${MARKER} ${what} (${size}): a later ${action.supersededByTool ?? tool} call returned exactly the same output.]`
    case 'resolved-error':
      return `${MARKER} ${what} (${size}): it was an error, and a later ${tool} call on the same target succeeded.]`
    case 'unused-output':
    case 'huge-paste':
      return trimmed(text, action)
    default:
      return action.kind satisfies never
  }
}

function trimmed(text: string, action: CleaningAction): string {
  let head = text.slice(0, TRIM_HEAD_CHARS)
  const headBreak = head.lastIndexOf('\n')
  if (headBreak > TRIM_HEAD_CHARS / 2) head = head.slice(0, headBreak)
  let tail = text.slice(-TRIM_TAIL_CHARS)
  const tailBreak = tail.indexOf('\n')
  if (tailBreak !== -1 && tailBreak < TRIM_TAIL_CHARS / 2) tail = tail.slice(tailBreak + 1)
  // The newlines that ended the head and started the tail stay, so they are not counted as removed.
  const removed = text.slice(head.length + 1, text.length - tail.length - 1)
  const note = `${TRIM_NOTE} ${countLines(removed).toLocaleString('en-US')} lines (~${action.tokensSaved.toLocaleString('en-US')} tokens) here: nothing in this output was referred to later …]`
  return `${head}\n${note}\n${tail}`
}

function countLines(text: string): number {
  if (text.length === 0) return 0
  let n = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < text.length - 1; i = text.indexOf('\n', i + 1)) n++
  return n
}
