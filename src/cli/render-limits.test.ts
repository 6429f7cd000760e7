import { describe, expect, it } from 'bun:test'
import type { LimitsReport, WindowReport } from '../analytics/rate-limit-report.ts'
import { renderLimits } from './render-limits.ts'

const NOW = Date.parse('2026-03-10T15:00:00Z')
const none = { fiveHour: null, sevenDay: null, spendLimit: null, sevenDayOpus: null, sevenDaySonnet: null }
const empty: LimitsReport = { ...none, hits: [], exchangeRates: { ...none } }

function window(extra: Partial<WindowReport>): WindowReport {
  return {
    window: 'five_hour',
    usedPercentage: 42,
    resetsAt: '2026-03-10T17:05:00.000Z',
    observedAt: '2026-03-10T14:55:00.000Z',
    source: 'statusline',
    usedUsd: null,
    limitUsd: null,
    period: null,
    projection: null,
    usageSinceUsd: 0,
    estimatedNowPercentage: null,
    ...extra,
  }
}

describe('report limits as text', () => {
  it('says how to start when there is no reading', () => {
    expect(renderLimits(empty, NOW)).toStartWith('No plan-limit readings yet.')
  })

  it('names each window as the dashboard does, with time to reset and since the reading', () => {
    const text = renderLimits(
      {
        ...empty,
        fiveHour: window({
          projection: { percentPerHour: 12, percentAtReset: 67, limitReachedAt: null },
          usageSinceUsd: 1.5,
          estimatedNowPercentage: 44.5,
        }),
        sevenDay: window({
          window: 'seven_day',
          usedPercentage: 80,
          resetsAt: '2026-03-13T19:00:00.000Z',
          observedAt: '2026-03-10T15:00:30.000Z',
        }),
        sevenDayOpus: window({
          window: 'seven_day_opus',
          usedPercentage: 100,
          resetsAt: '2026-03-09T01:00:00.000Z',
          observedAt: '2026-03-08T22:00:00.000Z',
          source: 'transcript',
        }),
        hits: [
          {
            window: 'seven_day_opus',
            reachedAt: '2026-03-08T22:00:00.000Z',
            resetsAt: '2026-03-09T01:00:00.000Z',
            source: 'transcript',
          },
        ],
        exchangeRates: {
          ...none,
          fiveHour: { dollarsPerPercent: 0.75, basedOnPercent: 30, modelMix: {} },
        },
      },
      NOW,
    )
    expect(text.split('\n')).toEqual([
      '5-hour     42.0% used, resets 2026-03-10 17:05 UTC (in 2h05m); seen 5m ago',
      '        12.0%/h → 67% at reset',
      '        since then $1.50 of usage: about 44.5% now (estimate)',
      '        $0.75 per 1% (learned from 30 points)',
      '7-day      80.0% used, resets 2026-03-13 19:00 UTC (in 3d4h); seen just now',
      '        too little activity in this period to project',
      'Opus 7-day 100.0% used, resets 2026-03-09 01:00 UTC (passed); seen 1d17h ago',
      '        too little activity in this period to project',
      'Limit hits in the last 35 days: 1',
      '  2026-03-08 22:00 UTC  Opus 7-day (transcript)',
      '',
    ])
  })
})
