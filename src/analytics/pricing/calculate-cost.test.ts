import { describe, expect, it } from 'bun:test'
import {
  bundledPriceTable,
  findModelPrice,
  type ModelPrice,
  syntheticModel,
} from '../../model/price-table.ts'
import { calculateCost, costForRequest, type TokenUsage } from './calculate-cost.ts'

const table = bundledPriceTable()
const sonnet45 = findModelPrice(table, 'claude-sonnet-4-5', 0)!
const opus41 = findModelPrice(table, 'claude-opus-4-1', 0)!
const haiku45 = findModelPrice(table, 'claude-haiku-4-5', 0)!
const opus45 = findModelPrice(table, 'claude-opus-4-5', 0)!

const none = {
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
} satisfies TokenUsage
const usage = (u: Partial<TokenUsage>): TokenUsage => ({ ...none, ...u })

describe('calculateCost', () => {
  // Expectations are hand-computed from Anthropic's list prices (USD per million tokens); inputs stay
  // under Sonnet's 200k long-context threshold unless the case says otherwise.
  it.each<[string, ModelPrice, TokenUsage, number]>([
    ['nothing', sonnet45, none, 0],
    ['Sonnet 4.5, 100k input at $3/M', sonnet45, usage({ inputTokens: 100_000 }), 0.3],
    [
      'Sonnet 4.5, 1M output at $15/M (output is not input)',
      sonnet45,
      usage({ outputTokens: 1_000_000 }),
      15,
    ],
    ['Sonnet 4.5, 100k 5m writes at $3.75/M', sonnet45, usage({ cacheCreationTokens: 100_000 }), 0.375],
    ['Sonnet 4.5, 100k reads at $0.30/M', sonnet45, usage({ cacheReadTokens: 100_000 }), 0.03],
    [
      'Sonnet 4.5, 100k 1h writes at $6/M',
      sonnet45,
      usage({ cacheCreationTokens: 100_000, cacheCreation5mTokens: 0, cacheCreation1hTokens: 100_000 }),
      0.6,
    ],
    [
      // 1000*3 + 500*15 + 2000*3.75 + 10000*0.3 = 21000 micro-dollars
      'Sonnet 4.5, a typical mixed turn',
      sonnet45,
      usage({ inputTokens: 1000, outputTokens: 500, cacheCreationTokens: 2000, cacheReadTokens: 10_000 }),
      0.021,
    ],
    [
      // 1000*3.75 + 2000*6 = 15750
      'Sonnet 4.5, split 5m/1h writes',
      sonnet45,
      usage({ cacheCreationTokens: 3000, cacheCreation5mTokens: 1000, cacheCreation1hTokens: 2000 }),
      0.01575,
    ],
    [
      'Sonnet 4.5, split missing: all writes are 5-minute',
      sonnet45,
      usage({ cacheCreationTokens: 3000, cacheCreation5mTokens: null, cacheCreation1hTokens: null }),
      0.01125,
    ],
    [
      'Sonnet 4.5, split not adding up: all writes are 5-minute',
      sonnet45,
      usage({ cacheCreationTokens: 3000, cacheCreation5mTokens: 1000, cacheCreation1hTokens: 1000 }),
      0.01125,
    ],
    // 100*15 + 20*75 + 1000*18.75 + 5000*1.5 = 29250
    [
      'Opus 4.1',
      opus41,
      usage({ inputTokens: 100, outputTokens: 20, cacheCreationTokens: 1000, cacheReadTokens: 5000 }),
      0.02925,
    ],
    // 100*5 + 20*25 + 1000*6.25 + 5000*0.5 = 9750
    [
      'Opus 4.5',
      opus45,
      usage({ inputTokens: 100, outputTokens: 20, cacheCreationTokens: 1000, cacheReadTokens: 5000 }),
      0.00975,
    ],
    // 100*1 + 20*5 + 1000*1.25 + 5000*0.1 = 1950
    [
      'Haiku 4.5',
      haiku45,
      usage({ inputTokens: 100, outputTokens: 20, cacheCreationTokens: 1000, cacheReadTokens: 5000 }),
      0.00195,
    ],
    ['Opus 4.1 has no tier: 500k input stays at $15', opus41, usage({ inputTokens: 500_000 }), 7.5],
  ])('%s', (_case, price, u, expected) => {
    expect(calculateCost(u, price)).toBeCloseTo(expected, 12)
  })

  it('keeps sub-cent precision', () => {
    expect(calculateCost(usage({ inputTokens: 1 }), sonnet45)).toBe(3e-6)
  })

  // Long-context tier: total request input (uncached + cache writes + cache reads) strictly above 200k.
  it.each<[string, TokenUsage, number]>([
    // 100000*3 + 100000*0.3 + 1000*15 = 345000
    [
      'exactly at 200k: base rates',
      usage({ inputTokens: 100_000, cacheReadTokens: 100_000, outputTokens: 1000 }),
      0.345,
    ],
    // 100001*6 + 100000*0.6 + 1000*22.5 = 682506
    [
      'one above 200k: long-context rates for everything',
      usage({ inputTokens: 100_001, cacheReadTokens: 100_000, outputTokens: 1000 }),
      0.682506,
    ],
    // 1*6 + 200000*7.5 = 1500006
    [
      'cache writes count toward the threshold',
      usage({ inputTokens: 1, cacheCreationTokens: 200_000 }),
      1.500006,
    ],
    // 1*6 + 200000*12 = 2400006
    [
      '1-hour writes at the long-context rate',
      usage({
        inputTokens: 1,
        cacheCreationTokens: 200_000,
        cacheCreation5mTokens: 0,
        cacheCreation1hTokens: 200_000,
      }),
      2.400006,
    ],
    // 200000*3 + 100000*15 = 2100000
    ['output does not count', usage({ inputTokens: 200_000, outputTokens: 100_000 }), 2.1],
  ])('Sonnet 4.5, %s', (_case, u, expected) => {
    expect(calculateCost(u, sonnet45)).toBeCloseTo(expected, 12)
  })
})

describe('costForRequest', () => {
  const turn = usage({
    inputTokens: 1000,
    outputTokens: 500,
    cacheCreationTokens: 2000,
    cacheReadTokens: 10_000,
  })

  it.each([
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5@20250929', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5[1m]', 'claude-sonnet-4-5'],
  ])('prices %s as %s', (model, pricedAs) => {
    expect(costForRequest(table, model, turn, 0)).toEqual({
      priced: true,
      cost: expect.closeTo(0.021, 12),
      pricedAs,
    })
  })

  it.each(['gpt-4o', 'claude-unknown-9', 'sonnet', ''])('reports %p as unpriced, not $0', (model) => {
    expect(costForRequest(table, model, turn)).toEqual({ priced: false })
  })

  it('prices <synthetic> at exactly $0', () => {
    expect(costForRequest(table, syntheticModel, turn)).toEqual({
      priced: true,
      cost: 0,
      pricedAs: syntheticModel,
    })
  })

  // 300k input on Opus 4.6: $10/MTok while its >200k tier existed, $5 after 2026-03-13.
  it.each([
    [Date.parse('2026-03-12T12:00:00Z'), 3],
    [Date.parse('2026-03-13T12:00:00Z'), 1.5],
  ])('prices by the request time (%p)', (at, expected) => {
    expect(costForRequest(table, 'claude-opus-4-6', usage({ inputTokens: 300_000 }), at)).toEqual({
      priced: true,
      cost: expected,
      pricedAs: 'claude-opus-4-6',
    })
  })
})
