// Runs one report against a store: the query, then the pure summarization. The JSON shapes follow
// `ccusage --json` (daily/weekly/monthly/session/blocks) with extra fields added, never renamed.

import type { Store } from '../store/store.ts'
import type { DashboardDimension } from '../store/usage-reads.ts'
import type { UsageDimension, UsageFilter, UsageGroup } from '../store/usage-types.ts'
import { type BillingBlock, billingBlocksFromHours, buildBillingBlocks } from './billing-blocks.ts'
import { dayKey, dayStartsBetween, monthKey, type Weekday, weekKey } from './calendar.ts'
import type { CostModel } from './cost-model.ts'
import { summarizeUsage, sumRows, type UsageRow, type UsageTotals } from './usage-report.ts'

export const reportKinds = [
  'daily',
  'weekly',
  'monthly',
  'session',
  'project',
  'model',
  'user',
  'team',
  'blocks',
] as const
export type ReportKind = (typeof reportKinds)[number]

export type SortOrder = 'asc' | 'desc'

export interface ReportOptions {
  filter: UsageFilter
  timezone: string
  order: SortOrder
  startOfWeek: Weekday
  now: number
}

export type Report =
  | {
      kind: Exclude<ReportKind, 'blocks'>
      rows: UsageRow[]
      totals: UsageTotals & { unpricedModels: string[] }
    }
  | { kind: 'blocks'; blocks: BillingBlock[] }

/**
 * Reports that the store's pre-aggregated usage can answer (by local day, session, project, model),
 * read through the dashboard's reads; user and team are not pre-aggregated and read raw rows.
 */
const rollupDimensionsFor = {
  daily: ['day'],
  weekly: ['day'],
  monthly: ['day'],
  session: ['session', 'project'],
  project: ['project'],
  model: [],
} as const satisfies Record<Exclude<ReportKind, 'blocks' | 'user' | 'team'>, readonly DashboardDimension[]>

const rawDimensionsFor = {
  user: ['user'],
  team: ['team'],
} as const satisfies Record<'user' | 'team', readonly UsageDimension[]>

/**
 * Days after now that a report places by the time zone's calendar (a clock a little ahead). A request
 * dated later still counts, on a day found by 24-hour steps, which a daylight-saving change in between
 * could shift by an hour.
 */
const FUTURE_DAYS_MS = 2 * 86_400_000

async function usageGroups(
  store: Store,
  kind: Exclude<ReportKind, 'blocks'>,
  costs: CostModel,
  opts: ReportOptions,
): Promise<UsageGroup[]> {
  if (kind === 'user' || kind === 'team')
    return store.aggregateUsage(opts.filter, rawDimensionsFor[kind], costs.split)
  const reads = store.reads()
  const dimensions = rollupDimensionsFor[kind]
  if (!dimensions.some((d) => d === 'day')) return reads.rollupUsage(opts.filter, dimensions, costs.split)
  const first = opts.filter.since ?? (await reads.firstTimestamp())
  if (first === null) return []
  const last = opts.filter.until ?? opts.now + FUTURE_DAYS_MS
  const dayStarts = dayStartsBetween(first, Math.max(first, last), opts.timezone)
  return reads.rollupUsage(opts.filter, dimensions, costs.split, dayStarts)
}

function keyFor(kind: Exclude<ReportKind, 'blocks'>, opts: ReportOptions): (g: UsageGroup) => string {
  switch (kind) {
    case 'daily':
      return (g) => dayKey(g.bucket ?? 0, opts.timezone)
    case 'weekly':
      return (g) => weekKey(g.bucket ?? 0, opts.timezone, opts.startOfWeek)
    case 'monthly':
      return (g) => monthKey(g.bucket ?? 0, opts.timezone)
    case 'session':
      return (g) => g.sessionId ?? ''
    case 'project':
      return (g) => g.project ?? ''
    case 'model':
      return (g) => g.model
    case 'user':
      return (g) => g.user ?? ''
    case 'team':
      return (g) => g.team ?? ''
    default:
      return kind satisfies never
  }
}

/** From hourly sums (the rollup), or from every request when an hour straddles a block's end. */
async function billingBlocks(store: Store, costs: CostModel, opts: ReportOptions): Promise<BillingBlock[]> {
  const hours = await store.reads().rollupUsage(opts.filter, ['hour'], costs.split)
  return (
    billingBlocksFromHours(hours, costs, opts.now) ??
    buildBillingBlocks(await store.listUsageEvents(opts.filter, costs.split), costs, opts.now)
  )
}

export async function buildReport(
  store: Store,
  kind: ReportKind,
  costs: CostModel,
  opts: ReportOptions,
): Promise<Report> {
  if (kind === 'blocks') {
    const blocks = await billingBlocks(store, costs, opts)
    return { kind, blocks: opts.order === 'desc' ? blocks.reverse() : blocks }
  }
  const groups = await usageGroups(store, kind, costs, opts)
  let rows = summarizeUsage(groups, cachedKey(keyFor(kind, opts)), costs)
  // Sessions read best by recency; the other reports by their key.
  if (kind === 'session') rows.sort((a, b) => a.lastTimestamp - b.lastTimestamp)
  if (opts.order === 'desc') rows = rows.reverse()
  return { kind, rows, totals: sumRows(rows) }
}

/** Buckets repeat across models and groups; format each instant once. */
function cachedKey(keyOf: (g: UsageGroup) => string): (g: UsageGroup) => string {
  const cache = new Map<number, string>()
  return (g) => {
    if (g.bucket === null) return keyOf(g)
    let k = cache.get(g.bucket)
    if (k === undefined) {
      k = keyOf(g)
      cache.set(g.bucket, k)
    }
    return k
  }
}

const rowKeyField = {
  daily: 'date',
  weekly: 'week',
  monthly: 'month',
  session: 'sessionId',
  project: 'project',
  model: 'model',
  user: 'user',
  team: 'team',
} as const satisfies Record<Exclude<ReportKind, 'blocks'>, string>

const listField = {
  daily: 'daily',
  weekly: 'weekly',
  monthly: 'monthly',
  session: 'session',
  project: 'projects',
  model: 'models',
  user: 'users',
  team: 'teams',
} as const satisfies Record<Exclude<ReportKind, 'blocks'>, string>

/**
 * The stable `--json` document for a report: ccusage 20's list keys (`daily`, `weekly`, `monthly`,
 * `session`) and row fields (`agent`, `metadata`, `missingPricing` on unpriced breakdowns), plus
 * `requests` and `unpricedModels`.
 */
export function reportJson(report: Report, timezone: string): unknown {
  if (report.kind === 'blocks') return { blocks: report.blocks }
  const kind = report.kind
  const rows = report.rows.map((r) => {
    const base = {
      // `period` is what ccusage 20 calls the key; the older per-report names stay alongside it.
      period: r.key,
      [rowKeyField[kind]]: r.key,
      // ccusage 20 reads several agents' logs: a period row sums "all" of them, a session is one
      // agent's. Ours are Claude Code's only.
      agent: kind === 'session' ? 'claude' : 'all',
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      cacheCreationTokens: r.cacheCreationTokens,
      cacheReadTokens: r.cacheReadTokens,
      totalTokens: r.totalTokens,
      totalCost: r.totalCost,
      requests: r.requests,
      modelsUsed: r.modelsUsed,
      modelBreakdowns: r.modelBreakdowns.map((b) =>
        r.unpricedModels.includes(b.modelName) ? { ...b, missingPricing: true } : b,
      ),
      unpricedModels: r.unpricedModels,
    }
    if (kind !== 'session') return { ...base, metadata: { agents: ['claude'] } }
    return {
      ...base,
      metadata: { lastActivity: new Date(r.lastTimestamp).toISOString() },
      // The older ccusage field: the day of the last activity, in the report's time zone.
      lastActivity: dayKey(r.lastTimestamp, timezone),
      projectPath: r.project ?? '',
    }
  })
  return { [listField[kind]]: rows, totals: report.totals }
}
