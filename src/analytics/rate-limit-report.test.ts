import { describe, expect, it } from 'bun:test'
import { rateLimitReading } from '../../test/helpers/rate-limit-readings.ts'
import type { RateLimitObservation } from '../model/rate-limits.ts'
import type { UsageEvent } from '../store/usage-types.ts'
import type { CostModel } from './cost-model.ts'
import { buildLimitsReport } from './rate-limit-report.ts'

const costs: CostModel = {
  split: { longContextThreshold: 200_000, priceChanges: [] },
  cost: (_model, t) => t.outputTokens / 1000,
}
const t0 = Date.parse('2026-12-04T10:00:00Z')
const min = 60_000
const reset = t0 + 4 * 60 * min

function reading(at: number, used: number, over: Partial<RateLimitObservation> = {}): RateLimitObservation {
  return rateLimitReading({
    usedPercentage: used,
    resetsAt: reset,
    firstObservedAt: at,
    lastObservedAt: at,
    ...over,
  })
}

function spend(at: number, dollars: number, model = 'm'): UsageEvent {
  return {
    timestamp: at,
    model,
    inputTokens: 0,
    outputTokens: dollars * 1000,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    cacheCreation1hTokens: 0,
    costUsd: null,
    longContext: false,
  }
}

describe('buildLimitsReport', () => {
  it('projects the window to its reset from the period readings, learns dollars per percent', () => {
    const report = buildLimitsReport(
      [reading(t0, 10), reading(t0 + 30 * min, 20)],
      [spend(t0 + 10 * min, 3), spend(t0 + 20 * min, 2, 'n'), spend(t0 + 40 * min, 1)],
      costs,
      t0 + 45 * min,
    )
    expect(report.fiveHour).toEqual({
      window: 'five_hour',
      usedPercentage: 20,
      resetsAt: '2026-12-04T14:00:00.000Z',
      observedAt: '2026-12-04T10:30:00.000Z',
      source: 'statusline',
      usedUsd: null,
      limitUsd: null,
      period: null,
      // 10 points in 30 minutes: 20%/h; 3.5 hours left at the reading.
      projection: { percentPerHour: 20, percentAtReset: 90, limitReachedAt: null },
      usageSinceUsd: 1,
      estimatedNowPercentage: 22,
    })
    expect(report.exchangeRates.fiveHour).toEqual({
      dollarsPerPercent: 0.5,
      basedOnPercent: 10,
      modelMix: { m: 0.6, n: 0.4 },
    })
    expect(report.sevenDay).toBeNull()
  })

  it('projects nothing from readings minutes apart, and says when the limit is reached before the reset', () => {
    const close = buildLimitsReport([reading(t0, 10), reading(t0 + min, 30)], [], costs, t0 + 2 * min)
    expect(close.fiveHour?.projection).toBeNull()
    const steep = buildLimitsReport([reading(t0, 10), reading(t0 + 60 * min, 70)], [], costs, t0 + 61 * min)
    expect(steep.fiveHour?.projection?.limitReachedAt).toBe('2026-12-04T11:30:00.000Z')
  })

  it('counts one hit per window period, including "limit reached" messages from transcripts', () => {
    const report = buildLimitsReport(
      [
        reading(t0, 100),
        reading(t0 + min, 100, { sessionId: 'other' }),
        reading(t0 - 86_400_000, 100, {
          resetsAt: t0 - 80_000_000,
          source: 'transcript',
          window: 'seven_day',
        }),
      ],
      [],
      costs,
      t0 + 2 * min,
    )
    expect(report.hits).toEqual([
      {
        window: 'seven_day',
        reachedAt: '2026-12-03T10:00:00.000Z',
        resetsAt: '2026-12-03T11:46:40.000Z',
        source: 'transcript',
      },
      {
        window: 'five_hour',
        reachedAt: '2026-12-04T10:00:00.000Z',
        resetsAt: '2026-12-04T14:00:00.000Z',
        source: 'statusline',
      },
    ])
  })

  it('matches a notice read to the minute with the statusline reading of the same period', () => {
    const report = buildLimitsReport(
      [
        reading(t0, 100, { resetsAt: reset + 53_000 }),
        reading(t0 + min, 100, { resetsAt: reset, source: 'transcript', window: 'five_hour' }),
        reading(t0 + min, 100, { resetsAt: reset, source: 'transcript', window: 'seven_day_opus' }),
      ],
      [],
      costs,
      t0 + 2 * min,
    )
    expect(report.hits.map((h) => [h.window, h.source])).toEqual([
      ['five_hour', 'statusline'],
      ['seven_day_opus', 'transcript'],
    ])
    expect(report.sevenDayOpus).toMatchObject({ usedPercentage: 100, source: 'transcript' })
  })
})
