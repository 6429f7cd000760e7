// Pure: a transcript line that mentions usage, parsed into an API request without parsing its content.
// Such a line is mostly its message's `content` (text, thinking, tool inputs: 57% of the bytes of a
// synthetic 200 MB history's response lines), which reading usage never looks at, and JSON.parse of
// it was the largest part of scanning. The array is found by its key (a key written with unescaped
// quotes cannot occur inside a JSON string) and its end by a scan that skips strings whole, so
// exactly one value is replaced by `[]` and every field read here parses as before.

import { valueEnd } from './json-bytes.ts'
import { type LineContext, type ParsedLine, parseTranscriptLine } from './parse-transcript-line.ts'

const CONTENT = Buffer.from('"content":[')

export interface UsageLine {
  parsed: ParsedLine
  /** The line is a `progress` record (a sub-agent's response streamed into its parent). */
  progress: boolean
}

/**
 * The line's request (or why it has none); null when it is not JSON. Parsed without its first
 * content array when it has one; parsed whole when that did not give a request from an
 * `assistant` or `progress` line, in case the array held the message (no layout seen does).
 * A line whose content alone is malformed JSON now gives its request instead of `invalid-json`.
 */
export function parseUsageLine(line: Buffer, ctx: LineContext): UsageLine | null {
  const lean = withoutContent(line)
  if (lean !== null) {
    const value = parseJson(lean)
    if (value !== undefined) {
      const parsed = parseTranscriptLine(value, ctx)
      const type = typeOf(value)
      if (parsed.kind === 'request' || (type !== 'assistant' && type !== 'progress')) {
        return { parsed, progress: type === 'progress' }
      }
    }
  }
  const value = parseJson(line.toString('utf8'))
  if (value === undefined) return null
  return { parsed: parseTranscriptLine(value, ctx), progress: typeOf(value) === 'progress' }
}

/** The line's text with its first content array emptied; null when it has none or it is cut short. */
export function withoutContent(line: Buffer): string | null {
  const key = line.indexOf(CONTENT)
  if (key === -1) return null
  const open = key + CONTENT.length - 1
  const end = valueEnd(line, open)
  if (end === -1) return null
  return `${line.toString('utf8', 0, open)}[]${line.toString('utf8', end)}`
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function typeOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined
}
