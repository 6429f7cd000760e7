// Claude's plan limits as Claude Code reports them: the statusLine command's `rate_limits` windows,
// and the "limit reached · resets …" messages in transcripts (history from before the statusline).

// The Opus and Sonnet weekly windows are known only from "limit reached" notices (Claude Code's
// `rateLimitType` names); the statusline reports the first three.
export const rateLimitWindows = [
  'five_hour',
  'seven_day',
  'spend_limit',
  'seven_day_opus',
  'seven_day_sonnet',
] as const
export type RateLimitWindow = (typeof rateLimitWindows)[number]

export const rateLimitSources = ['statusline', 'transcript'] as const
export type RateLimitSource = (typeof rateLimitSources)[number]

/**
 * One reading of one window. Readings are deduplicated on (window, resetsAt, usedPercentage,
 * sessionId): the statusline runs every few seconds and the same figure is kept once, with the first
 * and last time it was seen.
 */
export interface RateLimitObservation {
  window: RateLimitWindow
  /** 0-100; a "limit reached" message records 100. */
  usedPercentage: number
  /** Epoch ms; 0 when the source did not say. */
  resetsAt: number
  firstObservedAt: number
  lastObservedAt: number
  /** '' when the source named no session. */
  sessionId: string
  source: RateLimitSource
  /** spend_limit only: dollars used and the limit, and its period (e.g. `monthly`). */
  usedUsd: number | null
  limitUsd: number | null
  period: string | null
  /** The session's context window when the reading was taken. */
  contextUsedPercentage: number | null
  contextWindowSize: number | null
  contextTokens: number | null
  /** The session's prompt cache when the reading was taken. */
  cacheHitRatio: number | null
  cacheExpiresAt: number | null
}

/** The fields only a statusline reading fills, empty: a "limit reached" notice carries none of them. */
export const withoutSnapshot = {
  usedUsd: null,
  limitUsd: null,
  period: null,
  contextUsedPercentage: null,
  contextWindowSize: null,
  contextTokens: null,
  cacheHitRatio: null,
  cacheExpiresAt: null,
} as const satisfies Partial<RateLimitObservation>

export function isRateLimitWindow(value: unknown): value is RateLimitWindow {
  return typeof value === 'string' && (rateLimitWindows as readonly string[]).includes(value)
}
