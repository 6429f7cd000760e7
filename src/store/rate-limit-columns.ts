// Plan-limit readings as rows: both stores name the columns alike, so one mapping reads either.

import { isRateLimitWindow, type RateLimitObservation, type RateLimitSource } from '../model/rate-limits.ts'
import { maybeNum, maybeStr } from './row-cells.ts'

export type RateLimitRow = Record<string, string | number | null>

export function observationFromRow(row: RateLimitRow): RateLimitObservation | null {
  if (!isRateLimitWindow(row.window)) return null
  const n = (k: string) => maybeNum(row, k)
  const source: RateLimitSource = row.source === 'transcript' ? 'transcript' : 'statusline'
  return {
    window: row.window,
    usedPercentage: Number(row.used_percentage),
    resetsAt: Number(row.resets_at),
    sessionId: String(row.session_id ?? ''),
    firstObservedAt: Number(row.ts),
    lastObservedAt: Number(row.last_observed_at),
    source,
    usedUsd: n('used_usd'),
    limitUsd: n('limit_usd'),
    period: maybeStr(row, 'period'),
    contextUsedPercentage: n('context_used_percentage'),
    contextWindowSize: n('context_window_size'),
    contextTokens: n('context_tokens'),
    cacheHitRatio: n('cache_hit_ratio'),
    cacheExpiresAt: n('cache_expires_at'),
  }
}
