// Tools and Telemetry pages: what the collector stored (tool calls, API errors, metric increments),
// folded into days in the person's time zone. `null` means no telemetry has arrived yet.

import type { DaySeries } from '../../../views/charts/line-chart.tsx'
import type { FilterState } from '../../../views/contract/filter-state.ts'
import type { Headline, TelemetryData } from '../../../views/pages/telemetry-page.tsx'
import type { ToolsData } from '../../../views/pages/tools-page.tsx'
import { type Day, dayIndexer } from '../../analytics/daily-usage.ts'
import type { DailyCount, MetricTotal } from '../../model/usage-rows.ts'
import { daysBetween, toDashboardFilter } from '../filters/dashboard-filters.ts'
import type { PageContext } from './page-context.ts'

/** Pure: sums bucketed counts into one series per key (the `keys` given, in order). */
export function foldDaily(
  counts: readonly DailyCount[],
  keys: readonly string[],
  days: readonly Day[],
): DaySeries[] {
  const dayOf = dayIndexer(days)
  const sums = new Map<string, number>()
  for (const c of counts) {
    const day = dayOf(c.bucket)
    if (day === undefined) continue
    const k = `${c.key}\u0000${day}`
    sums.set(k, (sums.get(k) ?? 0) + c.value)
  }
  return keys.map((name) => ({
    name,
    points: days.map((d) => ({ day: d.key, start: d.start, value: sums.get(`${name}\u0000${d.key}`) ?? 0 })),
  }))
}

function seriesDays(
  ctx: PageContext,
  since: number | undefined,
  until: number | undefined,
  buckets: number[],
): Day[] {
  const now = ctx.now()
  const first = buckets.reduce((m, b) => Math.min(m, b), Number.POSITIVE_INFINITY)
  const start = since ?? (Number.isFinite(first) ? first : now)
  const end = until === undefined ? now : Math.min(now, until - 1)
  return daysBetween(start, Math.max(start, end), ctx.timezone)
}

export async function loadTools(ctx: PageContext, state: FilterState): Promise<ToolsData | null> {
  const filter = toDashboardFilter(state, ctx.timezone, ctx.now())
  const usage = await ctx.reads.toolUsage(filter)
  if (!usage) return null
  const days = seriesDays(
    ctx,
    filter.since,
    filter.until,
    usage.series.map((s) => s.bucket),
  )
  return {
    tools: usage.tools,
    trends: foldDaily(
      usage.series,
      usage.tools.slice(0, 5).map((t) => t.toolName),
      days,
    ),
  }
}

/** The metrics Claude Code exports that the Telemetry page calls out by name. */
export const headlineMetrics = [
  { name: 'claude_code.lines_of_code.count', type: 'added', label: 'Lines added', unit: 'count' },
  { name: 'claude_code.lines_of_code.count', type: 'removed', label: 'Lines removed', unit: 'count' },
  { name: 'claude_code.commit.count', type: null, label: 'Commits', unit: 'count' },
  { name: 'claude_code.pull_request.count', type: null, label: 'Pull requests', unit: 'count' },
  { name: 'claude_code.active_time.total', type: 'user', label: 'Active time (you)', unit: 'seconds' },
  { name: 'claude_code.active_time.total', type: 'cli', label: 'Active time (Claude)', unit: 'seconds' },
  { name: 'claude_code.session.count', type: null, label: 'Sessions started', unit: 'count' },
] as const

/** Pure: a headline's total over every `type` when it names none. */
export function headlineValues(metrics: readonly MetricTotal[]): Headline[] {
  return headlineMetrics.map((h) => ({
    label: h.label,
    unit: h.unit,
    value: metrics
      .filter((m) => m.name === h.name && (h.type === null || m.type === h.type))
      .reduce((n, m) => n + m.value, 0),
  }))
}

export async function loadTelemetry(ctx: PageContext, state: FilterState): Promise<TelemetryData | null> {
  const filter = toDashboardFilter(state, ctx.timezone, ctx.now())
  const t = await ctx.reads.telemetry(filter)
  if (!t) return null
  const days = seriesDays(
    ctx,
    filter.since,
    filter.until,
    t.series.map((s) => s.bucket),
  )
  return {
    headlines: headlineValues(t.metrics),
    metrics: t.metrics,
    linesTrend: foldDaily(
      t.series,
      ['claude_code.lines_of_code.count:added', 'claude_code.lines_of_code.count:removed'],
      days,
    ).map((s, i) => ({ ...s, name: i === 0 ? 'Lines added' : 'Lines removed' })),
    errorsByStatus: t.errorsByStatus,
    recentErrors: t.recentErrors,
    logRecords: t.logRecords,
  }
}
