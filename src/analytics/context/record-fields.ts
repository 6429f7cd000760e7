// Pure: small readers for fields of transcript records that the scanner needs.

import { isObject, type JsonObject } from '../../model/transcript-schema.ts'

export function timestampOf(record: JsonObject): number | null {
  if (typeof record.timestamp !== 'string') return null
  const t = Date.parse(record.timestamp)
  return Number.isFinite(t) ? t : null
}

/** The input of the tool_use block at `index` of an assistant record. */
export function inputOf(record: JsonObject, index: number): unknown {
  const message = record.message
  if (!isObject(message) || !Array.isArray(message.content)) return undefined
  const part: unknown = message.content[index]
  return isObject(part) ? part.input : undefined
}

/** Messages a compaction kept (`compactMetadata.preservedMessages`): they stay in the window. */
export function preservedUuids(meta: JsonObject): Set<string> {
  const preserved = isObject(meta.preservedMessages) ? meta.preservedMessages : {}
  const list = Array.isArray(preserved.allUuids) ? preserved.allUuids : preserved.uuids
  return new Set(Array.isArray(list) ? list.filter((u): u is string => typeof u === 'string') : [])
}
