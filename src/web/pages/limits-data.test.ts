import { describe, expect, it } from 'bun:test'
import { rateLimitReading } from '../../../test/helpers/rate-limit-readings.ts'
import type { RateLimitObservation } from '../../model/rate-limits.ts'
import { limitHistory } from './limits-data.ts'

function reading(extra: Partial<RateLimitObservation>): RateLimitObservation {
  return rateLimitReading({
    resetsAt: 1000,
    firstObservedAt: 100,
    lastObservedAt: 100,
    sessionId: '',
    ...extra,
  })
}

describe('limitHistory', () => {
  it('draws each reading at its first and last sighting, in time order, one series per window', () => {
    const series = limitHistory([
      reading({ usedPercentage: 40, firstObservedAt: 300, lastObservedAt: 400 }),
      reading({ usedPercentage: 20, firstObservedAt: 100, lastObservedAt: 100 }),
      reading({ window: 'spend_limit', usedPercentage: 5 }),
      reading({ window: 'seven_day', usedPercentage: 100, source: 'transcript' }),
    ])
    expect(series).toEqual([
      {
        name: '5-hour',
        points: [
          { x: 100, y: 20 },
          { x: 300, y: 40 },
          { x: 400, y: 40 },
        ],
      },
      { name: 'Spend', points: [{ x: 100, y: 5 }] },
    ])
  })

  it('drops to 0 at a reset that passed before the next reading', () => {
    const [five] = limitHistory([
      reading({ usedPercentage: 80, resetsAt: 1000, firstObservedAt: 900, lastObservedAt: 900 }),
      reading({ usedPercentage: 5, resetsAt: 5000, firstObservedAt: 1200, lastObservedAt: 1200 }),
    ])
    expect(five?.points).toEqual([
      { x: 900, y: 80 },
      { x: 1000, y: 80 },
      { x: 1000, y: 0 },
      { x: 1200, y: 5 },
    ])
  })

  it('says nothing without readings', () => {
    expect(limitHistory([])).toEqual([])
  })
})
