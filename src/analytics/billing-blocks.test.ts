import { describe, expect, it } from 'bun:test'
import type { UsageEvent } from '../store/store.ts'
import { buildBillingBlocks } from './billing-blocks.ts'
import type { CostModel } from './cost-model.ts'

// $1 per output token keeps the arithmetic readable; model "free" has no price.
const costs: CostModel = {
  split: { longContextThreshold: 200_000, priceChanges: [] },
  cost: (model, t) => (model === 'free' ? undefined : t.outputTokens),
}

function event(iso: string, output: number, model = 'm'): UsageEvent {
  return {
    timestamp: Date.parse(iso),
    model,
    inputTokens: 1,
    outputTokens: output,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    cacheCreation1hTokens: 0,
    costUsd: null,
    longContext: false,
  }
}

describe('buildBillingBlocks', () => {
  it('starts a block at the hour of its first request and closes it 5 hours later', () => {
    const blocks = buildBillingBlocks(
      [event('2026-11-01T09:20:00Z', 1), event('2026-11-01T13:59:00Z', 2), event('2026-11-01T14:21:00Z', 4)],
      costs,
      Date.parse('2026-12-01T00:00:00Z'),
    )
    expect(blocks.map((b) => [b.startTime, b.endTime, b.entries, b.costUSD, b.isGap])).toEqual([
      ['2026-11-01T09:00:00.000Z', '2026-11-01T14:00:00.000Z', 2, 3, false],
      ['2026-11-01T14:00:00.000Z', '2026-11-01T19:00:00.000Z', 1, 4, false],
    ])
  })

  it('inserts a gap after five hours of silence', () => {
    const blocks = buildBillingBlocks(
      [event('2026-11-01T09:00:00Z', 1), event('2026-11-01T20:30:00Z', 1)],
      costs,
      Date.parse('2026-12-01T00:00:00Z'),
    )
    expect(blocks.map((b) => [b.id, b.isGap])).toEqual([
      ['2026-11-01T09:00:00.000Z', false],
      ['gap-2026-11-01T14:00:00.000Z', true],
      ['2026-11-01T20:00:00.000Z', false],
    ])
  })

  it('gives the active block a burn rate and a projection to its end', () => {
    const [block] = buildBillingBlocks(
      [event('2026-11-01T09:00:00Z', 30), event('2026-11-01T09:30:00Z', 30)],
      costs,
      Date.parse('2026-11-01T10:00:00Z'),
    )
    expect(block).toMatchObject({
      isActive: true,
      totalTokens: 62,
      burnRate: { tokensPerMinute: 62 / 30, costPerHour: 120 },
      projection: {
        remainingMinutes: 240,
        totalCost: 60 + 480,
        totalTokens: Math.round(62 + (62 / 30) * 240),
      },
    })
  })

  it('names unpriced models instead of pricing them at zero', () => {
    const [block] = buildBillingBlocks(
      [event('2026-11-01T09:00:00Z', 5, 'free'), event('2026-11-01T09:01:00Z', 5)],
      costs,
      0,
    )
    expect(block).toMatchObject({ costUSD: 5, models: ['free', 'm'], unpricedModels: ['free'] })
  })

  it('returns nothing for no usage', () => {
    expect(buildBillingBlocks([], costs, 0)).toEqual([])
  })
})
