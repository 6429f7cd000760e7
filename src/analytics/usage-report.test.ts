import { describe, expect, it } from 'bun:test'
import type { UsageGroup } from '../store/usage-types.ts'
import type { CostModel } from './cost-model.ts'
import { summarizeUsage, sumRows } from './usage-report.ts'

const costs: CostModel = {
  split: { longContextThreshold: 200_000, priceChanges: [] },
  // Long-context groups cost double, so a test can see the tier was honoured.
  cost: (model, t, long) => (model === 'unknown' ? undefined : t.inputTokens * (long ? 2 : 1)),
}

function group(over: Partial<UsageGroup>): UsageGroup {
  return {
    bucket: 0,
    sessionId: null,
    project: '/p',
    user: null,
    team: null,
    model: 'a',
    longContext: false,
    hasCost: false,
    inputTokens: 10,
    outputTokens: 1,
    cacheCreationTokens: 0,
    cacheCreation1hTokens: 0,
    cacheReadTokens: 0,
    costUsd: 0,
    requests: 1,
    firstTimestamp: 5,
    lastTimestamp: 5,
    ...over,
  }
}

describe('summarizeUsage', () => {
  it('sums groups per key, with a breakdown per model sorted by cost', () => {
    const rows = summarizeUsage(
      [
        group({ model: 'a' }),
        group({ model: 'b', inputTokens: 30 }),
        group({ model: 'a', longContext: true, firstTimestamp: 1 }),
      ],
      () => 'k',
      costs,
    )
    expect(rows).toEqual([
      {
        key: 'k',
        requests: 3,
        inputTokens: 50,
        outputTokens: 3,
        cacheCreationTokens: 0,
        cacheReadTokens: 0,
        totalTokens: 53,
        totalCost: 10 + 30 + 20,
        modelsUsed: ['a', 'b'],
        modelBreakdowns: [
          {
            modelName: 'a',
            inputTokens: 20,
            outputTokens: 2,
            cacheCreationTokens: 0,
            cacheReadTokens: 0,
            cost: 30,
          },
          {
            modelName: 'b',
            inputTokens: 30,
            outputTokens: 1,
            cacheCreationTokens: 0,
            cacheReadTokens: 0,
            cost: 30,
          },
        ],
        unpricedModels: [],
        firstTimestamp: 1,
        lastTimestamp: 5,
        project: '/p',
      },
    ])
  })

  it("uses the source's own cost when it has one", () => {
    const [row] = summarizeUsage([group({ hasCost: true, costUsd: 0.5 })], () => 'k', costs)
    expect(row?.totalCost).toBe(0.5)
  })

  it('lists unpriced models and leaves their cost out of the total', () => {
    const rows = summarizeUsage([group({ model: 'unknown' }), group({})], (g) => g.model, costs)
    expect(rows.map((r) => [r.key, r.totalCost, r.unpricedModels])).toEqual([
      ['a', 10, []],
      ['unknown', 0, ['unknown']],
    ])
    expect(sumRows(rows)).toMatchObject({ totalCost: 10, totalTokens: 22, unpricedModels: ['unknown'] })
  })

  it('drops the project of a row whose groups span several', () => {
    const [row] = summarizeUsage([group({ project: '/a' }), group({ project: '/b' })], () => 'k', costs)
    expect(row?.project).toBeNull()
  })
})
