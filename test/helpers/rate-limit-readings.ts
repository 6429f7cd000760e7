// A plan-limit reading as the statusline stores it, with every optional snapshot field empty.

import type { RateLimitObservation } from '../../src/model/rate-limits.ts'

export function rateLimitReading(over: Partial<RateLimitObservation> = {}): RateLimitObservation {
  return {
    window: 'five_hour',
    usedPercentage: 10,
    resetsAt: 0,
    firstObservedAt: 0,
    lastObservedAt: 0,
    sessionId: 's',
    source: 'statusline',
    usedUsd: null,
    limitUsd: null,
    period: null,
    contextUsedPercentage: null,
    contextWindowSize: null,
    contextTokens: null,
    cacheHitRatio: null,
    cacheExpiresAt: null,
    ...over,
  }
}
