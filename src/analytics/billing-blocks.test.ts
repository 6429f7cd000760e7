import { describe, expect, it } from 'bun:test'
import { seededRandom } from '../../test/helpers/seeded-random.ts'
import type { UsageEvent, UsageGroup } from '../store/usage-types.ts'
import { billingBlocksFromHours, buildBillingBlocks } from './billing-blocks.ts'
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

  it('projects nothing from a burst: nine requests in 2 s say there is too little activity', () => {
    const burst = Array.from({ length: 9 }, (_, i) =>
      event(`2026-11-01T09:00:0${Math.floor(i / 4)}.${i}00Z`, 10),
    )
    const [block] = buildBillingBlocks(burst, costs, Date.parse('2026-11-01T09:01:00Z'))
    expect(block).toMatchObject({
      isActive: true,
      burnRate: null,
      projection: null,
      activeMinutes: 0,
      tooLittleActivity: true,
    })
  })

  it('projects once the activity spans ten minutes', () => {
    const spread = [event('2026-11-01T09:00:00Z', 10), event('2026-11-01T09:10:00Z', 10)]
    const [block] = buildBillingBlocks(spread, costs, Date.parse('2026-11-01T09:11:00Z'))
    expect(block?.tooLittleActivity).toBe(false)
    expect(block?.burnRate?.costPerHour).toBe(120)
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

/** Hourly usage groups of `events`, as the stores' rollups make them (per hour, model, tier, cost source). */
function hourly(events: readonly UsageEvent[]): UsageGroup[] {
  const groups = new Map<string, UsageGroup>()
  for (const e of events) {
    const bucket = Math.floor(e.timestamp / 3_600_000) * 3_600_000
    const id = `${bucket}|${e.model}|${e.longContext}|${e.costUsd !== null}`
    const g = groups.get(id) ?? {
      ...{ bucket, sessionId: null, project: null, user: null, team: null, model: e.model },
      ...{ longContext: e.longContext, hasCost: e.costUsd !== null, inputTokens: 0, outputTokens: 0 },
      ...{ cacheCreationTokens: 0, cacheCreation1hTokens: 0, cacheReadTokens: 0, costUsd: 0, requests: 0 },
      ...{ firstTimestamp: e.timestamp, lastTimestamp: e.timestamp },
    }
    g.inputTokens += e.inputTokens
    g.outputTokens += e.outputTokens
    g.costUsd += e.costUsd ?? 0
    g.requests++
    g.firstTimestamp = Math.min(g.firstTimestamp, e.timestamp)
    g.lastTimestamp = Math.max(g.lastTimestamp, e.timestamp)
    groups.set(id, g)
  }
  return [...groups.values()]
}

describe('billingBlocksFromHours', () => {
  const now = Date.parse('2026-11-03T02:00:00Z')

  it.each(Array.from({ length: 40 }, (_, seed) => seed))(
    'gives the blocks of the requests themselves (random history %i)',
    (seed) => {
      const next = seededRandom(seed)
      const events: UsageEvent[] = []
      // Bursts and silences of up to 8 hours, over about two days up to `now`, with known and priced costs.
      for (let t = Date.parse('2026-11-01T00:00:00Z'); t < now; ) {
        t += next() < 0.1 ? next() * 8 * 3_600_000 : next() * 20 * 60_000
        const e = event(
          new Date(Math.floor(t)).toISOString(),
          1 + Math.floor(next() * 9),
          next() < 0.2 ? 'free' : 'm',
        )
        events.push(next() < 0.3 ? { ...e, costUsd: 0.5 } : e)
      }
      const fromHours = billingBlocksFromHours(hourly(events), costs, now)
      const expected = buildBillingBlocks(events, costs, now)
      expect(fromHours).toEqual(expected.map((b) => ({ ...b, costUSD: expect.closeTo(b.costUSD, 9) })))
    },
  )

  it('declines an hour that holds requests on both sides of a block end, and not one that does not', () => {
    const start = event('2026-11-01T09:20:00Z', 1)
    const atEnd = event('2026-11-01T14:00:00.000Z', 2)
    const after = event('2026-11-01T14:30:00Z', 4)
    expect(billingBlocksFromHours(hourly([start, atEnd, after]), costs, now)).toBeNull()
    const alone = [start, atEnd, event('2026-11-01T15:10:00Z', 4)]
    expect(billingBlocksFromHours(hourly(alone), costs, now)).toEqual(buildBillingBlocks(alone, costs, now))
  })
})
