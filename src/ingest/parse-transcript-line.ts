// Pure: one transcript line (already JSON-parsed) to a normalized API request, or a reason it is none.

import type { RateLimitObservation } from '../model/rate-limits.ts'
import { type ApiRequestRecord, requestKey, type TokenCounts } from '../model/records.ts'
import {
  isObject,
  type JsonObject,
  knownNonUsageTypes,
  optionalString,
  type SkipReason,
  tokenCount,
} from '../model/transcript-schema.ts'
import { limitReading, machineTimeZone } from './parse-limit-message.ts'

export interface LineContext {
  /** Session id to use when the line has none (the transcript's file name). */
  fallbackSessionId: string
  /** Project to use when the line has no `cwd` (the transcript's folder name). */
  fallbackProject: string
}

export type ParsedLine =
  | { kind: 'request'; record: ApiRequestRecord }
  /** Claude Code's notice that a plan limit refused a request: a reading at 100%. */
  | { kind: 'limit'; reading: RateLimitObservation }
  | { kind: 'other'; type: string }
  | { kind: 'skip'; reason: SkipReason }

const knownTypes = new Set<string>(knownNonUsageTypes)

export function parseTranscriptLine(value: unknown, ctx: LineContext): ParsedLine {
  if (!isObject(value)) return { kind: 'skip', reason: 'not-an-object' }
  const type = value.type
  if (type === 'assistant') return parseAssistant(value, value, ctx)
  // Newer Claude Code versions stream a sub-agent's assistant turns into the parent transcript as
  // `progress` records; the same responses also land in subagents/*.jsonl, and the key dedups them.
  if (type === 'progress') {
    const inner = findNestedAssistant(value.data)
    return inner ? parseAssistant(inner, value, ctx) : { kind: 'other', type }
  }
  if (typeof type === 'string' && knownTypes.has(type)) return { kind: 'other', type }
  return { kind: 'skip', reason: 'unknown-type' }
}

function findNestedAssistant(data: unknown): JsonObject | undefined {
  if (!isObject(data)) return undefined
  const msg = data.message
  if (isObject(msg) && msg.type === 'assistant' && isObject(msg.message)) return msg
  return undefined
}

/** `line` holds the assistant message; `outer` is the top-level record (differs for progress lines). */
function parseAssistant(line: JsonObject, outer: JsonObject, ctx: LineContext): ParsedLine {
  const message = line.message
  if (!isObject(message)) return { kind: 'other', type: 'assistant' }
  const model = optionalString(message.model) ?? 'unknown'
  // Claude Code's local placeholder (errors, interrupted turns): no API call was made. One kind of
  // error says a plan limit was reached; that is a reading of the limit.
  if (model === '<synthetic>' || line.isApiErrorMessage === true) {
    const reading = limitReading(line, {
      fallbackSessionId: optionalString(outer.sessionId) ?? ctx.fallbackSessionId,
      defaultTimeZone: machineTimeZone,
    })
    if (reading) return { kind: 'limit', reading }
  }
  const usage = message.usage
  if (!isObject(usage)) return { kind: 'other', type: 'assistant' }
  if (model === '<synthetic>') return { kind: 'skip', reason: 'synthetic-message' }

  const messageId = optionalString(message.id)
  const requestId = optionalString(line.requestId) ?? optionalString(outer.requestId)
  const key = requestKey(messageId, requestId)
  if (key === null) return { kind: 'skip', reason: 'missing-id' }

  const tokens = parseUsage(usage)
  if (tokens === undefined) return { kind: 'skip', reason: 'invalid-usage' }

  const timestamp = Date.parse(String(line.timestamp ?? outer.timestamp))
  if (!Number.isFinite(timestamp)) return { kind: 'skip', reason: 'invalid-timestamp' }

  const cost = line.costUSD ?? outer.costUSD
  return {
    kind: 'request',
    record: {
      key,
      messageId,
      requestId,
      sessionId: optionalString(line.sessionId) ?? optionalString(outer.sessionId) ?? ctx.fallbackSessionId,
      project: optionalString(line.cwd) ?? optionalString(outer.cwd) ?? ctx.fallbackProject,
      model,
      timestamp,
      ...tokens,
      costUsd: typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? cost : null,
      durationMs: null,
      gitBranch: optionalString(line.gitBranch) ?? optionalString(outer.gitBranch),
      version: optionalString(line.version) ?? optionalString(outer.version),
      isSidechain: line.isSidechain === true || outer.isSidechain === true,
      agentId: optionalString(line.agentId) ?? optionalString(outer.agentId),
      source: 'transcript',
    },
  }
}

type UsageTokens = TokenCounts & {
  cacheCreation5mTokens: number | null
  cacheCreation1hTokens: number | null
}

function parseUsage(usage: JsonObject): UsageTokens | undefined {
  const inputTokens = tokenCount(usage.input_tokens)
  const outputTokens = tokenCount(usage.output_tokens)
  const cacheCreationTokens = tokenCount(usage.cache_creation_input_tokens)
  const cacheReadTokens = tokenCount(usage.cache_read_input_tokens)
  if (
    inputTokens === undefined ||
    outputTokens === undefined ||
    cacheCreationTokens === undefined ||
    cacheReadTokens === undefined
  ) {
    return undefined
  }
  let cacheCreation5mTokens: number | null = null
  let cacheCreation1hTokens: number | null = null
  const split = usage.cache_creation
  if (isObject(split)) {
    const m5 = tokenCount(split.ephemeral_5m_input_tokens)
    const h1 = tokenCount(split.ephemeral_1h_input_tokens)
    if (m5 === undefined || h1 === undefined) return undefined
    // Only trust the split when it accounts for the total; otherwise price all as 5-minute writes.
    if (m5 + h1 === cacheCreationTokens) {
      cacheCreation5mTokens = m5
      cacheCreation1hTokens = h1
    }
  }
  return {
    inputTokens,
    outputTokens,
    cacheCreationTokens,
    cacheReadTokens,
    cacheCreation5mTokens,
    cacheCreation1hTokens,
  }
}
