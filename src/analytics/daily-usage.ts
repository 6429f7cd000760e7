// Pure: usage grouped by day start folded into one entry per calendar day in the person's time zone,
// for the dashboard's charts.

import type { UsageGroup } from '../store/usage-types.ts'
import type { CostModel } from './cost-model.ts'
import { usageTotals } from './usage-report.ts'

/** A calendar day: its `YYYY-MM-DD` key and the instant it starts in the person's time zone. */
export interface Day {
  key: string
  start: number
}

/** Maps an instant to its day key by binary search over day starts (no Intl call per bucket). */
export function dayIndexer(days: readonly Day[]): (ts: number) => string | undefined {
  return (ts) => {
    let lo = 0
    let hi = days.length - 1
    if (hi < 0 || ts < (days[0]?.start ?? 0)) return undefined
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((days[mid]?.start ?? 0) <= ts) lo = mid
      else hi = mid - 1
    }
    return days[lo]?.key
  }
}

export interface DailyUsage {
  key: string
  cost: number
  tokens: number
  requests: number
}

/** One entry per day (zeros included) from groups made with the `day` dimension (bucket = day start). */
export function dailySeries(
  groups: readonly UsageGroup[],
  days: readonly Day[],
  costs: CostModel,
): DailyUsage[] {
  const byStart = new Map<number, UsageGroup[]>()
  for (const g of groups) {
    if (g.bucket === null) continue
    const list = byStart.get(g.bucket)
    if (list) list.push(g)
    else byStart.set(g.bucket, [g])
  }
  return days.map((d) => {
    const t = usageTotals(byStart.get(d.start) ?? [], costs)
    return { key: d.key, cost: t.cost, tokens: t.tokens, requests: t.requests }
  })
}
