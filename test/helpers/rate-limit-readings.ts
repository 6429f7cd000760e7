// A plan-limit reading as the statusline stores it, with every optional snapshot field empty.

import { type RateLimitObservation, withoutSnapshot } from '../../src/model/rate-limits.ts'

export function rateLimitReading(over: Partial<RateLimitObservation> = {}): RateLimitObservation {
  return {
    window: 'five_hour',
    usedPercentage: 10,
    resetsAt: 0,
    firstObservedAt: 0,
    lastObservedAt: 0,
    sessionId: 's',
    source: 'statusline',
    ...withoutSnapshot,
    ...over,
  }
}
