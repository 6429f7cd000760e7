// Picks the pieces of a session worth counting exactly (the largest live ones, and the system prompt
// with its tools), reads their text back from the transcript, and counts them with the endpoint.

import { SYSTEM_KEY } from '../analytics/context/calibrate-tokens.ts'
import { contentBlocks } from '../analytics/context/content-blocks.ts'
import type { SessionScan } from '../analytics/context/scan-session.ts'
import { readTextLines } from '../ingest/read-lines.ts'
import { isObject, type JsonObject } from '../model/transcript-schema.ts'
import {
  type CountItem,
  type CountOutcome,
  type CountTokensConfig,
  countExactTokens,
} from './count-tokens.ts'

/** Blocks smaller than this are left to the calibrated estimate: counting them costs a request each. */
const MIN_CHARS = 200
/** @default 300 requests: a few minutes at the default rate limit. */
export const DEFAULT_EXACT_LIMIT = 300

export async function countSessionTokens(
  path: string,
  scan: SessionScan,
  config: CountTokensConfig & { limit?: number },
): Promise<CountOutcome> {
  const wanted = scan.blocks
    .filter((b) => b.live && b.chars >= MIN_CHARS)
    .sort((a, b) => b.chars - a.chars)
    .slice(0, config.limit ?? DEFAULT_EXACT_LIMIT)
  const byLine = new Map<number, number[]>()
  for (const b of wanted) byLine.set(b.line, [...(byLine.get(b.line) ?? []), b.index])
  const items: CountItem[] = []
  let shape: CountItem | null = null
  const read = { bytes: 0, incompleteTail: false }
  for (const event of readTextLines(path, read)) {
    if (event.kind !== 'line') continue
    const indexes = byLine.get(event.line)
    const isShape = event.text.startsWith('{"type":"api-request-shape"')
    if (indexes === undefined && !isShape) continue
    const record = parseLine(event.text)
    if (record === null) continue
    if (isShape && isObject(record.shape)) {
      const tools = Array.isArray(record.shape.tools) ? record.shape.tools : []
      shape = { key: SYSTEM_KEY, system: record.shape.system, tools }
      continue
    }
    for (const block of contentBlocks(record)) {
      if (indexes?.includes(block.index) && block.text !== null)
        items.push({ key: `${event.line}:${block.index}`, text: block.text })
    }
  }
  return countExactTokens(shape === null ? items : [shape, ...items], config)
}

function parseLine(text: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(text)
    return isObject(value) ? value : null
  } catch {
    // The analysis already counted this line as unreadable; there is nothing to count in it.
    return null
  }
}
