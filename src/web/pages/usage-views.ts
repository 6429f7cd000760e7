// Pure helpers that turn usage groups and request rows into what pages show: rows with costs, daily
// series in the person's time zone, cache hit rates.

import type { CostModel } from '../../analytics/cost-model.ts'
import { groupCost, type UsageRow } from '../../analytics/usage-report.ts'
import type { TokenCounts } from '../../model/records.ts'
import type { RequestRow } from '../../store/dashboard-reads.ts'
import type { UsageGroup } from '../../store/store.ts'

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

export interface UsageTotalsLite {
  cost: number
  tokens: number
  requests: number
  unpricedModels: string[]
}

/** Cost, tokens and requests of some groups, without per-key breakdowns. */
export function usageTotals(groups: readonly UsageGroup[], costs: CostModel): UsageTotalsLite {
  const totals = { cost: 0, tokens: 0, requests: 0 }
  const unpriced = new Set<string>()
  for (const g of groups) {
    const cost = groupCost(g, costs)
    if (cost === undefined) unpriced.add(g.model)
    totals.cost += cost ?? 0
    totals.tokens += g.inputTokens + g.outputTokens + g.cacheCreationTokens + g.cacheReadTokens
    totals.requests += g.requests
  }
  return { ...totals, unpricedModels: [...unpriced].sort() }
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

/** A report row without per-model breakdowns: what tables and lists show. */
export type SummaryRow = Omit<UsageRow, 'modelBreakdowns'>

/**
 * Rows keyed by whatever `keyOf` says, most expensive first. Like `summarizeUsage` but without the
 * per-model breakdowns, which a table does not show and which cost most of the time on thousands of keys.
 */
export function rowsByCost(
  groups: readonly UsageGroup[],
  keyOf: (g: UsageGroup) => string,
  costs: CostModel,
): SummaryRow[] {
  const rows = new Map<string, SummaryRow & { models: Set<string>; unpriced: Set<string> }>()
  for (const g of groups) {
    const key = keyOf(g)
    let row = rows.get(key)
    if (!row) {
      row = {
        key,
        requests: 0,
        inputTokens: 0,
        outputTokens: 0,
        cacheCreationTokens: 0,
        cacheReadTokens: 0,
        totalTokens: 0,
        totalCost: 0,
        modelsUsed: [],
        unpricedModels: [],
        firstTimestamp: g.firstTimestamp,
        lastTimestamp: g.lastTimestamp,
        project: g.project,
        models: new Set(),
        unpriced: new Set(),
      }
      rows.set(key, row)
    }
    const cost = groupCost(g, costs)
    if (cost === undefined) row.unpriced.add(g.model)
    row.models.add(g.model)
    row.requests += g.requests
    row.inputTokens += g.inputTokens
    row.outputTokens += g.outputTokens
    row.cacheCreationTokens += g.cacheCreationTokens
    row.cacheReadTokens += g.cacheReadTokens
    row.totalTokens += g.inputTokens + g.outputTokens + g.cacheCreationTokens + g.cacheReadTokens
    row.totalCost += cost ?? 0
    if (g.firstTimestamp < row.firstTimestamp) row.firstTimestamp = g.firstTimestamp
    if (g.lastTimestamp > row.lastTimestamp) row.lastTimestamp = g.lastTimestamp
    if (row.project !== g.project) row.project = null
  }
  return [...rows.values()]
    .map(({ models, unpriced, ...r }) => ({
      ...r,
      modelsUsed: [...models].sort(),
      unpricedModels: [...unpriced].sort(),
    }))
    .sort((a, b) => b.totalCost - a.totalCost || b.totalTokens - a.totalTokens || a.key.localeCompare(b.key))
}

/** Share of input served from the cache: cache read / (input + cache creation + cache read). */
export function cacheHitRate(t: TokenCounts): number | null {
  const all = t.inputTokens + t.cacheCreationTokens + t.cacheReadTokens
  return all === 0 ? null : t.cacheReadTokens / all
}

/** What the model saw as input on this request: the context size. */
export function contextTokens(r: TokenCounts): number {
  return r.inputTokens + r.cacheReadTokens + r.cacheCreationTokens
}

export function requestTokens(r: TokenCounts): number {
  return r.inputTokens + r.outputTokens + r.cacheCreationTokens + r.cacheReadTokens
}

/** Claude Code's own figure when it gave one, else priced from the table; undefined when unpriced. */
export function requestCost(
  r: RequestRow,
  costs: CostModel,
  longContextThreshold: number,
): number | undefined {
  if (r.costUsd !== null) return r.costUsd
  return costs.cost(r.model, r, contextTokens(r) > longContextThreshold, r.timestamp)
}
