// Runs one report against a store: the query, then the pure summarization. The JSON shapes follow
// `ccusage --json` (daily/weekly/monthly/session/blocks) with extra fields added, never renamed.

import type { Store, UsageDimension, UsageFilter, UsageGroup } from '../store/store.ts'
import { type BillingBlock, buildBillingBlocks } from './billing-blocks.ts'
import { dayKey, monthKey, type Weekday, weekKey } from './calendar.ts'
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

const dimensionsFor = {
  daily: ['bucket'],
  weekly: ['bucket'],
  monthly: ['bucket'],
  session: ['session', 'project'],
  project: ['project'],
  model: [],
  user: ['user'],
  team: ['team'],
} as const satisfies Record<Exclude<ReportKind, 'blocks'>, readonly UsageDimension[]>

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

export async function buildReport(
  store: Store,
  kind: ReportKind,
  costs: CostModel,
  opts: ReportOptions,
): Promise<Report> {
  if (kind === 'blocks') {
    const events = await store.listUsageEvents(opts.filter, costs.split)
    const blocks = buildBillingBlocks(events, costs, opts.now)
    return { kind, blocks: opts.order === 'desc' ? blocks.reverse() : blocks }
  }
  const groups = await store.aggregateUsage(opts.filter, dimensionsFor[kind], costs.split)
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
 * `session`) and row fields, plus `requests` and `unpricedModels`.
 */
export function reportJson(report: Report, timezone: string): unknown {
  if (report.kind === 'blocks') return { blocks: report.blocks }
  const kind = report.kind
  const rows = report.rows.map((r) => {
    const base = {
      // `period` is what ccusage 20 calls the key; the older per-report names stay alongside it.
      period: r.key,
      [rowKeyField[kind]]: r.key,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      cacheCreationTokens: r.cacheCreationTokens,
      cacheReadTokens: r.cacheReadTokens,
      totalTokens: r.totalTokens,
      totalCost: r.totalCost,
      requests: r.requests,
      modelsUsed: r.modelsUsed,
      modelBreakdowns: r.modelBreakdowns,
      unpricedModels: r.unpricedModels,
    }
    if (kind !== 'session') return base
    return { ...base, lastActivity: dayKey(r.lastTimestamp, timezone), projectPath: r.project ?? '' }
  })
  return { [listField[kind]]: rows, totals: report.totals }
}
