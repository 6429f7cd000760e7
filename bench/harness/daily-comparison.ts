// Pure: daily reports from ccusage, from us and from the generator, normalized to one shape and
// compared. Tokens must match exactly; costs are compared and every difference is listed.

import type { ExpectedTotals } from '../synthetic/expected-totals.ts'

export const tokenFields = [
  'inputTokens',
  'outputTokens',
  'cacheCreationTokens',
  'cacheReadTokens',
  'totalTokens',
] as const
type TokenField = (typeof tokenFields)[number]

export type Tokens = Record<TokenField, number>
export interface DayUsage extends Tokens {
  cost: number
  models: Map<string, Tokens & { cost: number }>
}
/** Date (YYYY-MM-DD) to that day's usage. */
export type DailyUsage = Map<string, DayUsage>

type Json = Record<string, unknown>
const num = (v: unknown) => (typeof v === 'number' ? v : 0)

function tokensOf(o: Json): Tokens {
  const t = {
    inputTokens: num(o.inputTokens),
    outputTokens: num(o.outputTokens),
    cacheCreationTokens: num(o.cacheCreationTokens),
    cacheReadTokens: num(o.cacheReadTokens),
    totalTokens: 0,
  }
  t.totalTokens =
    typeof o.totalTokens === 'number'
      ? o.totalTokens
      : t.inputTokens + t.outputTokens + t.cacheCreationTokens + t.cacheReadTokens
  return t
}

/** `report daily --json` from us (`date`) or ccusage 20 (`period`; older versions `date`). */
export function parseDailyReport(json: unknown): DailyUsage {
  const days: DailyUsage = new Map()
  const rows = (json as { daily?: unknown }).daily
  if (!Array.isArray(rows)) throw new Error('report has no `daily` array')
  for (const row of rows as Json[]) {
    const date = String(row.date ?? row.period)
    const models = new Map<string, Tokens & { cost: number }>()
    for (const b of (Array.isArray(row.modelBreakdowns) ? row.modelBreakdowns : []) as Json[]) {
      models.set(String(b.modelName), { ...tokensOf(b), cost: num(b.cost) })
    }
    days.set(date, { ...tokensOf(row), cost: num(row.totalCost), models })
  }
  return days
}

export function expectedDaily(expected: ExpectedTotals): DailyUsage {
  const days: DailyUsage = new Map()
  for (const d of expected.days) {
    const models = new Map(
      Object.entries(d.models).map(([m, t]) => [m, { ...tokensOf(t as unknown as Json), cost: t.cost }]),
    )
    days.set(d.date, { ...tokensOf(d as unknown as Json), cost: d.cost, models })
  }
  return days
}

export interface TokenMismatch {
  date: string
  model: string | null
  field: TokenField | 'missing-day'
  left: number
  right: number
}

/** Every token difference between two daily reports (per day, and per model within the day). */
export function tokenMismatches(left: DailyUsage, right: DailyUsage): TokenMismatch[] {
  const out: TokenMismatch[] = []
  const dates = [...new Set([...left.keys(), ...right.keys()])].sort()
  const empty: DayUsage = { ...zeroTokens(), cost: 0, models: new Map() }
  for (const date of dates) {
    const a = left.get(date)
    const b = right.get(date)
    if (!a || !b) {
      out.push({
        date,
        model: null,
        field: 'missing-day',
        left: a?.totalTokens ?? 0,
        right: b?.totalTokens ?? 0,
      })
    }
    const da = a ?? empty
    const db = b ?? empty
    for (const f of tokenFields)
      if (da[f] !== db[f]) out.push({ date, model: null, field: f, left: da[f], right: db[f] })
    const models = new Set([...da.models.keys(), ...db.models.keys()].filter((m) => m !== '<synthetic>'))
    for (const m of models) {
      const ma = da.models.get(m) ?? zeroTokens()
      const mb = db.models.get(m) ?? zeroTokens()
      for (const f of tokenFields)
        if (ma[f] !== mb[f]) out.push({ date, model: m, field: f, left: ma[f], right: mb[f] })
    }
  }
  return out
}

function zeroTokens(): Tokens {
  return { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, totalTokens: 0 }
}

export interface CostDiff {
  key: string
  left: number
  right: number
  diff: number
  /** diff / right, in percent (0 when right is 0). */
  percent: number
}

const costDiff = (key: string, left: number, right: number): CostDiff => ({
  key,
  left,
  right,
  diff: left - right,
  percent: right === 0 ? 0 : ((left - right) / right) * 100,
})

export function totalCost(days: DailyUsage): number {
  let sum = 0
  for (const d of days.values()) sum += d.cost
  return sum
}

/** Cost per model over the whole report, left vs right. */
export function costByModel(left: DailyUsage, right: DailyUsage): CostDiff[] {
  const sum = (days: DailyUsage) => {
    const m = new Map<string, number>()
    for (const d of days.values())
      for (const [model, b] of d.models) m.set(model, (m.get(model) ?? 0) + b.cost)
    return m
  }
  const a = sum(left)
  const b = sum(right)
  return [...new Set([...a.keys(), ...b.keys()])].sort().map((k) => costDiff(k, a.get(k) ?? 0, b.get(k) ?? 0))
}

/** Days whose total cost differs by more than `tolerance` USD, largest difference first. */
export function costByDay(left: DailyUsage, right: DailyUsage, tolerance: number): CostDiff[] {
  const dates = [...new Set([...left.keys(), ...right.keys()])]
  return dates
    .map((d) => costDiff(d, left.get(d)?.cost ?? 0, right.get(d)?.cost ?? 0))
    .filter((c) => Math.abs(c.diff) > tolerance)
    .sort((x, y) => Math.abs(y.diff) - Math.abs(x.diff))
}
