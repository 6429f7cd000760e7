// Pure: usage groups from the store to report rows (one per period, session, project or model), with
// costs. Field names follow `ccusage --json` so tools that read its output can read ours.

import type { TokenCounts } from '../model/records.ts'
import type { UsageGroup } from '../store/store.ts'
import type { CostModel } from './cost-model.ts'

export interface UsageTotals extends TokenCounts {
  totalTokens: number
  totalCost: number
}

export interface ModelBreakdown extends TokenCounts {
  modelName: string
  cost: number
}

export interface UsageRow extends UsageTotals {
  key: string
  requests: number
  modelsUsed: string[]
  modelBreakdowns: ModelBreakdown[]
  /** Models whose tokens had no known price: their cost is missing from `totalCost`, not zero. */
  unpricedModels: string[]
  firstTimestamp: number
  lastTimestamp: number
  /** Set when every group in the row shares one project (session rows). */
  project: string | null
}

export function emptyTotals(): UsageTotals {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheReadTokens: 0,
    totalTokens: 0,
    totalCost: 0,
  }
}

/** Cost of one group: the source's own figure when it had one, else priced from the table. */
export function groupCost(g: UsageGroup, costs: CostModel): number | undefined {
  if (g.hasCost) return g.costUsd
  return costs.cost(g.model, g, g.longContext, g.firstTimestamp)
}

export function summarizeUsage(
  groups: readonly UsageGroup[],
  keyOf: (g: UsageGroup) => string,
  costs: CostModel,
): UsageRow[] {
  const rows = new Map<string, UsageRow>()
  const breakdowns = new Map<string, Map<string, ModelBreakdown>>()
  const unpriced = new Map<string, Set<string>>()
  for (const g of groups) {
    const key = keyOf(g)
    let row = rows.get(key)
    if (!row) {
      row = {
        key,
        requests: 0,
        ...emptyTotals(),
        modelsUsed: [],
        modelBreakdowns: [],
        unpricedModels: [],
        firstTimestamp: g.firstTimestamp,
        lastTimestamp: g.lastTimestamp,
        project: g.project,
      }
      rows.set(key, row)
      breakdowns.set(key, new Map())
      unpriced.set(key, new Set())
    }
    const cost = groupCost(g, costs)
    if (cost === undefined) unpriced.get(key)?.add(g.model)
    addTokens(row, g, cost ?? 0)
    row.requests += g.requests
    row.firstTimestamp = Math.min(row.firstTimestamp, g.firstTimestamp)
    row.lastTimestamp = Math.max(row.lastTimestamp, g.lastTimestamp)
    if (row.project !== g.project) row.project = null
    const models = breakdowns.get(key)!
    let b = models.get(g.model)
    if (!b) {
      b = {
        modelName: g.model,
        inputTokens: 0,
        outputTokens: 0,
        cacheCreationTokens: 0,
        cacheReadTokens: 0,
        cost: 0,
      }
      models.set(g.model, b)
    }
    b.inputTokens += g.inputTokens
    b.outputTokens += g.outputTokens
    b.cacheCreationTokens += g.cacheCreationTokens
    b.cacheReadTokens += g.cacheReadTokens
    b.cost += cost ?? 0
  }
  for (const [key, row] of rows) {
    const models = [...breakdowns.get(key)!.values()]
    row.modelsUsed = models.map((m) => m.modelName).sort()
    row.modelBreakdowns = models.sort((a, b) => b.cost - a.cost || byCodeUnits(a.modelName, b.modelName))
    row.unpricedModels = [...unpriced.get(key)!].sort()
  }
  return [...rows.values()].sort((a, b) => byCodeUnits(a.key, b.key))
}

// Not localeCompare: its first call loads ICU's collation data, a tenth of a warm report's time.
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function addTokens(into: UsageTotals, t: TokenCounts, cost: number): void {
  into.inputTokens += t.inputTokens
  into.outputTokens += t.outputTokens
  into.cacheCreationTokens += t.cacheCreationTokens
  into.cacheReadTokens += t.cacheReadTokens
  into.totalTokens += t.inputTokens + t.outputTokens + t.cacheCreationTokens + t.cacheReadTokens
  into.totalCost += cost
}

export function sumRows(rows: readonly UsageRow[]): UsageTotals & { unpricedModels: string[] } {
  const totals = emptyTotals()
  const unpriced = new Set<string>()
  for (const r of rows) {
    addTokens(totals, r, r.totalCost)
    for (const m of r.unpricedModels) unpriced.add(m)
  }
  return { ...totals, unpricedModels: [...unpriced].sort() }
}
