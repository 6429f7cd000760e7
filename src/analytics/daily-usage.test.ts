import { describe, expect, it } from 'bun:test'
import { cacheHitRate, contextTokens } from '../model/records.ts'
import type { UsageGroup } from '../store/usage-types.ts'
import type { CostModel } from './cost-model.ts'
import { dailySeries, dayIndexer } from './daily-usage.ts'
import { usageTotals } from './usage-report.ts'

const costs: CostModel = {
  split: { longContextThreshold: 200_000, priceChanges: [] },
  cost: (model, t) => (model === 'unknown' ? undefined : t.inputTokens / 1000),
}

function group(
  bucket: number | null,
  model: string,
  inputTokens: number,
  extra: Partial<UsageGroup> = {},
): UsageGroup {
  return {
    bucket,
    sessionId: null,
    project: null,
    user: null,
    team: null,
    model,
    longContext: false,
    hasCost: false,
    inputTokens,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheCreation1hTokens: 0,
    cacheReadTokens: 0,
    costUsd: 0,
    requests: 1,
    firstTimestamp: bucket ?? 0,
    lastTimestamp: bucket ?? 0,
    ...extra,
  }
}

describe('dayIndexer', () => {
  const days = [
    { key: 'a', start: 100 },
    { key: 'b', start: 200 },
    { key: 'c', start: 300 },
  ]
  it.each([
    [99, undefined],
    [100, 'a'],
    [199, 'a'],
    [200, 'b'],
    [1000, 'c'],
  ])('%d → %p', (ts, key) => {
    expect(dayIndexer(days)(ts)).toBe(key)
  })
})

describe('usageTotals', () => {
  it('uses the source cost when present, prices the rest, and names unpriced models', () => {
    const t = usageTotals(
      [group(0, 'm', 2000), group(0, 'm', 1000, { hasCost: true, costUsd: 5 }), group(0, 'unknown', 7000)],
      costs,
    )
    expect(t).toEqual({ cost: 7, tokens: 10_000, requests: 3, unpricedModels: ['unknown'] })
  })
})

describe('dailySeries', () => {
  it('fills every day, zeros included', () => {
    const days = [
      { key: 'd1', start: 0 },
      { key: 'd2', start: 86_400_000 },
    ]
    expect(dailySeries([group(86_400_000, 'm', 3000)], days, costs)).toEqual([
      { key: 'd1', cost: 0, tokens: 0, requests: 0 },
      { key: 'd2', cost: 3, tokens: 3000, requests: 1 },
    ])
  })
})

describe('token helpers', () => {
  const t = { inputTokens: 10, outputTokens: 5, cacheCreationTokens: 30, cacheReadTokens: 60 }
  it('context is input + cache read + cache creation', () => {
    expect(contextTokens(t)).toBe(100)
  })
  it('cache hit rate is cache read over all input', () => {
    expect(cacheHitRate(t)).toBe(0.6)
    expect(
      cacheHitRate({ inputTokens: 0, outputTokens: 9, cacheCreationTokens: 0, cacheReadTokens: 0 }),
    ).toBeNull()
  })
})
