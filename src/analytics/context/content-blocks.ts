// Pure: one transcript record to the pieces of content it puts into the context window. Claude Code
// sends user/assistant messages and the `rendered` text of attachments; everything else in the file
// (request logs, snapshots, cost state) is bookkeeping the model never sees.

import { isObject, type JsonObject } from '../../model/transcript-schema.ts'
import type { ContentKind } from './context-types.ts'

export interface ContentBlock {
  kind: ContentKind
  /** Position among the record's blocks; `line:index` names a block across passes. */
  index: number
  chars: number
  /** The text the size was taken from (tool inputs as JSON); null for images. */
  text: string | null
  tool: string | null
  toolUseId: string | null
  isError: boolean
}

/** An image costs about 1,600 tokens whatever its bytes; counted as the characters of that many tokens. */
export const IMAGE_CHARS = 5_600

const REMINDER = '<system-reminder>'

export function contentBlocks(record: JsonObject): ContentBlock[] {
  switch (record.type) {
    case 'user':
      return userBlocks(record)
    case 'assistant':
      return assistantBlocks(record)
    case 'attachment':
      return attachmentBlocks(record)
    default:
      return []
  }
}

function block(
  kind: ContentKind,
  index: number,
  text: string | null,
  extra?: Partial<ContentBlock>,
): ContentBlock {
  return {
    kind,
    index,
    chars: text === null ? IMAGE_CHARS : text.length,
    text,
    tool: null,
    toolUseId: null,
    isError: false,
    ...extra,
  }
}

function userTextKind(record: JsonObject, text: string): ContentKind {
  if (record.isCompactSummary === true) return 'compact-summary'
  if (record.isMeta === true || text.startsWith(REMINDER)) return 'attachment'
  return 'user-prompt'
}

function userBlocks(record: JsonObject): ContentBlock[] {
  const message = record.message
  if (!isObject(message)) return []
  const content = message.content
  if (typeof content === 'string') return [block(userTextKind(record, content), 0, content)]
  if (!Array.isArray(content)) return []
  const out: ContentBlock[] = []
  content.forEach((part: unknown, index) => {
    if (!isObject(part)) return
    if (part.type === 'text' && typeof part.text === 'string')
      out.push(block(userTextKind(record, part.text), index, part.text))
    else if (part.type === 'image') out.push(block('user-prompt', index, null))
    else if (part.type === 'tool_result') {
      out.push({
        ...block('tool-result', index, toolResultText(part.content)),
        chars: toolResultChars(part.content),
        toolUseId: typeof part.tool_use_id === 'string' ? part.tool_use_id : null,
        isError: part.is_error === true,
      })
    }
  })
  return out
}

/** The text of a tool result (string, or the text parts of a block list). */
export function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  let text = ''
  for (const part of content) {
    if (isObject(part) && part.type === 'text' && typeof part.text === 'string')
      text = text.length === 0 ? part.text : `${text}\n${part.text}`
  }
  return text
}

function toolResultChars(content: unknown): number {
  if (typeof content === 'string') return content.length
  if (!Array.isArray(content)) return 0
  let chars = 0
  for (const part of content) {
    if (!isObject(part)) continue
    if (part.type === 'text' && typeof part.text === 'string') chars += part.text.length
    else if (part.type === 'image') chars += IMAGE_CHARS
  }
  return chars
}

/** True when a tool result holds something other than text (images): such results are never rewritten. */
export function hasNonTextContent(content: unknown): boolean {
  return Array.isArray(content) && content.some((p) => !isObject(p) || p.type !== 'text')
}

function assistantBlocks(record: JsonObject): ContentBlock[] {
  const message = record.message
  if (!isObject(message) || !Array.isArray(message.content)) return []
  const out: ContentBlock[] = []
  message.content.forEach((part: unknown, index) => {
    if (!isObject(part)) return
    if (part.type === 'text' && typeof part.text === 'string')
      out.push(block('assistant-text', index, part.text))
    else if (part.type === 'thinking' && typeof part.thinking === 'string')
      out.push(block('thinking', index, part.thinking))
    else if (part.type === 'redacted_thinking' && typeof part.data === 'string')
      out.push(block('thinking', index, part.data))
    else if (part.type === 'tool_use' || part.type === 'server_tool_use') {
      out.push(
        block('tool-use', index, JSON.stringify(part.input ?? {}), {
          tool: typeof part.name === 'string' ? part.name : 'unknown',
          toolUseId: typeof part.id === 'string' ? part.id : null,
        }),
      )
    } else if (typeof part.type === 'string' && part.type.endsWith('_tool_result')) {
      // Server tool results (web search) arrive inside the assistant message.
      out.push(block('tool-result', index, JSON.stringify(part.content ?? ''), { tool: part.type }))
    }
  })
  return out
}

function attachmentBlocks(record: JsonObject): ContentBlock[] {
  const rendered = record.rendered
  if (!Array.isArray(rendered)) return []
  const out: ContentBlock[] = []
  rendered.forEach((part: unknown, index) => {
    if (isObject(part) && typeof part.content === 'string') out.push(block('attachment', index, part.content))
  })
  return out
}

/** A user line that starts a turn: typed by the person, not a tool result, reminder or summary. */
export function isPrompt(record: JsonObject, blocks: readonly ContentBlock[]): boolean {
  if (record.type !== 'user') return false
  const prompt = blocks.find((b) => b.kind === 'user-prompt')
  if (prompt === undefined) return false
  const text = prompt.text ?? ''
  return !text.startsWith('<local-command-')
}
