// The normalized model every source (transcripts, OTLP) is reduced to; stores persist exactly this.

export const recordSources = ['transcript', 'otlp'] as const
export type RecordSource = (typeof recordSources)[number]

export interface TokenCounts {
  inputTokens: number
  outputTokens: number
  cacheCreationTokens: number
  cacheReadTokens: number
}

/** One API response. `key` is the dedup identity (see `requestKey`). */
export interface ApiRequestRecord extends TokenCounts {
  key: string
  messageId: string | null
  requestId: string | null
  sessionId: string
  /** Working directory of the session (the project), or the transcript folder name when unknown. */
  project: string
  model: string
  /** Epoch milliseconds (UTC). */
  timestamp: number
  /** 5-minute / 1-hour split of `cacheCreationTokens` when the source gives it. */
  cacheCreation5mTokens: number | null
  cacheCreation1hTokens: number | null
  /** Claude Code's own cost figure, when the source carries one. */
  costUsd: number | null
  durationMs: number | null
  gitBranch: string | null
  version: string | null
  isSidechain: boolean
  agentId: string | null
  source: RecordSource
}

export interface SessionRecord {
  sessionId: string
  project: string
  transcriptPath: string | null
  firstTimestamp: number
  lastTimestamp: number
  version: string | null
  gitBranch: string | null
}

/**
 * Claude Code writes one API response as several lines sharing message.id and requestId.
 * requestId is unique per HTTP request, so it alone identifies the response (and is what OTLP's
 * `request_id` carries, which lets telemetry join the same row); message.id is the fallback.
 */
export function requestKey(messageId: string | null, requestId: string | null): string | null {
  if (requestId) return `req:${requestId}`
  if (messageId) return `msg:${messageId}`
  return null
}

export function totalTokens(t: TokenCounts): number {
  return t.inputTokens + t.outputTokens + t.cacheCreationTokens + t.cacheReadTokens
}

/** What the model saw as input on a request: the context size. */
export function contextTokens(t: TokenCounts): number {
  return t.inputTokens + t.cacheReadTokens + t.cacheCreationTokens
}

/** Share of input served from the cache: cache read / (input + cache creation + cache read). */
export function cacheHitRate(t: TokenCounts): number | null {
  const all = contextTokens(t)
  return all === 0 ? null : t.cacheReadTokens / all
}
