// Pure: usage groups from the store to report rows (one per period, session, project or model), with
// costs. The one fold behind both the CLI's reports and the dashboard's tables. Field names follow
// `ccusage --json` so tools that read its output can read ours.

import { contextTokens, type TokenCounts, totalTokens } from '../model/records.ts'
import type { UsageGroup } from '../store/usage-types.ts'
import type { CostModel, PricedTokens } from './cost-model.ts'

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

/** A report row without per-model breakdowns: what tables and lists show. */
export type SummaryRow = Omit<UsageRow, 'modelBreakdowns'>

interface FoldedRow extends SummaryRow {
  models: Set<string>
  unpriced: Set<string>
  breakdowns: Map<string, ModelBreakdown> | null
}

/**
 * The one usage fold: groups summed per key with costs, models and unpriced models. Per-model
 * breakdowns only when asked for: a table does not show them, and on thousands of keys they cost most
 * of the time.
 */
function foldUsage(
  groups: readonly UsageGroup[],
  keyOf: (g: UsageGroup) => string,
  costs: CostModel,
  withBreakdowns: boolean,
): FoldedRow[] {
  const rows = new Map<string, FoldedRow>()
  for (const g of groups) {
    const key = keyOf(g)
    let row = rows.get(key)
    if (!row) {
      row = {
        key,
        requests: 0,
        ...emptyTotals(),
        modelsUsed: [],
        unpricedModels: [],
        firstTimestamp: g.firstTimestamp,
        lastTimestamp: g.lastTimestamp,
        project: g.project,
        models: new Set(),
        unpriced: new Set(),
        breakdowns: withBreakdowns ? new Map() : null,
      }
      rows.set(key, row)
    }
    const cost = groupCost(g, costs)
    if (cost === undefined) row.unpriced.add(g.model)
    row.models.add(g.model)
    addTokens(row, g, cost ?? 0)
    row.requests += g.requests
    if (g.firstTimestamp < row.firstTimestamp) row.firstTimestamp = g.firstTimestamp
    if (g.lastTimestamp > row.lastTimestamp) row.lastTimestamp = g.lastTimestamp
    if (row.project !== g.project) row.project = null
    if (row.breakdowns) addBreakdown(row.breakdowns, g, cost ?? 0)
  }
  return [...rows.values()]
}

function addBreakdown(into: Map<string, ModelBreakdown>, g: UsageGroup, cost: number): void {
  let b = into.get(g.model)
  if (!b) {
    b = {
      modelName: g.model,
      inputTokens: 0,
      outputTokens: 0,
      cacheCreationTokens: 0,
      cacheReadTokens: 0,
      cost: 0,
    }
    into.set(g.model, b)
  }
  b.inputTokens += g.inputTokens
  b.outputTokens += g.outputTokens
  b.cacheCreationTokens += g.cacheCreationTokens
  b.cacheReadTokens += g.cacheReadTokens
  b.cost += cost
}

function summaryOf({ models, unpriced, breakdowns: _, ...row }: FoldedRow): SummaryRow {
  return { ...row, modelsUsed: [...models].sort(), unpricedModels: [...unpriced].sort() }
}

/** Cost of one request: Claude Code's own figure when it gave one, else priced; undefined when unpriced. */
export function requestCost(
  r: PricedTokens & { model: string; timestamp: number; costUsd: number | null },
  costs: CostModel,
): number | undefined {
  if (r.costUsd !== null) return r.costUsd
  return costs.cost(r.model, r, contextTokens(r) > costs.split.longContextThreshold, r.timestamp)
}

/** Report rows (periods, sessions, projects) with per-model breakdowns, in key order. */
export function summarizeUsage(
  groups: readonly UsageGroup[],
  keyOf: (g: UsageGroup) => string,
  costs: CostModel,
): UsageRow[] {
  return foldUsage(groups, keyOf, costs, true)
    .map((row) => ({
      ...summaryOf(row),
      modelBreakdowns: [...(row.breakdowns?.values() ?? [])].sort(
        (a, b) => b.cost - a.cost || byCodeUnits(a.modelName, b.modelName),
      ),
    }))
    .sort((a, b) => byCodeUnits(a.key, b.key))
}

/** Rows without breakdowns, most expensive first: what the dashboard's tables and lists show. */
export function rowsByCost(
  groups: readonly UsageGroup[],
  keyOf: (g: UsageGroup) => string,
  costs: CostModel,
): SummaryRow[] {
  return foldUsage(groups, keyOf, costs, false)
    .map(summaryOf)
    .sort((a, b) => b.totalCost - a.totalCost || b.totalTokens - a.totalTokens || a.key.localeCompare(b.key))
}

/** Cost, tokens and requests of some groups, without per-key rows (period cards, daily series). */
export function usageTotals(
  groups: readonly UsageGroup[],
  costs: CostModel,
): { cost: number; tokens: number; requests: number; unpricedModels: string[] } {
  const [row] = foldUsage(groups, () => '', costs, false)
  if (!row) return { cost: 0, tokens: 0, requests: 0, unpricedModels: [] }
  return {
    cost: row.totalCost,
    tokens: row.totalTokens,
    requests: row.requests,
    unpricedModels: [...row.unpriced].sort(),
  }
}

// Not localeCompare: its first call loads ICU's collation data, a tenth of a warm report's time.
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

function addTokens(into: UsageTotals, t: TokenCounts, cost: number): void {
  into.inputTokens += t.inputTokens
  into.outputTokens += t.outputTokens
  into.cacheCreationTokens += t.cacheCreationTokens
  into.cacheReadTokens += t.cacheReadTokens
  into.totalTokens += totalTokens(t)
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
