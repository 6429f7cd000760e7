// Limits page: the plan-limit readings Claude Code gave the statusline, folded by the same report as
// `report limits` (gauges, projections, hits, dollars per percent), plus each window's used % over the
// chosen range for the history chart. Project and model filters do not apply: limits are per account.

import type { LineSeries } from '../../../views/charts/line-chart.tsx'
import type { FilterState } from '../../../views/contract/filter-state.ts'
import type { LimitsData } from '../../../views/pages/limits-page.tsx'
import { loadLimitsReport } from '../../analytics/load-limits-report.ts'
import { hitsOf, reportedWindows, windowLabels } from '../../analytics/rate-limit-report.ts'
import { type RateLimitObservation, rateLimitWindows } from '../../model/rate-limits.ts'
import { toDashboardFilter } from '../filters/dashboard-filters.ts'
import type { PageContext } from './page-context.ts'

/**
 * Pure: one series per window that has readings, each reading drawn at its first and last sighting.
 * Used % only rises within a period, so a period that ended before the next reading is drawn flat to its
 * reset and then down to 0, rather than as a slope from one period into the next.
 */
export function limitHistory(observations: readonly RateLimitObservation[]): LineSeries[] {
  return rateLimitWindows.flatMap((window) => {
    const readings = observations
      .filter((o) => o.window === window && o.source === 'statusline')
      .sort((a, b) => a.firstObservedAt - b.firstObservedAt)
    const points: LineSeries['points'] = []
    readings.forEach((o, i) => {
      points.push({ x: o.firstObservedAt, y: o.usedPercentage })
      if (o.lastObservedAt > o.firstObservedAt) points.push({ x: o.lastObservedAt, y: o.usedPercentage })
      const next = readings[i + 1]
      if (next && o.resetsAt > 0 && next.resetsAt !== o.resetsAt && o.resetsAt <= next.firstObservedAt)
        points.push({ x: o.resetsAt, y: o.usedPercentage }, { x: o.resetsAt, y: 0 })
    })
    return points.length ? [{ name: windowLabels[window], points }] : []
  })
}

export async function loadLimits(ctx: PageContext, state: FilterState): Promise<LimitsData> {
  const now = ctx.now()
  const filter = toDashboardFilter(state, ctx.timezone, now)
  const [report, ranged] = await Promise.all([
    loadLimitsReport(ctx.store, ctx.costs, now),
    ctx.store.listRateLimits({
      ...(filter.since === undefined ? {} : { since: filter.since }),
      ...(filter.until === undefined ? {} : { until: filter.until }),
    }),
  ])
  return {
    now,
    report,
    history: limitHistory(ranged),
    // Hits over the chosen range too, not only the report's weeks.
    hits: hitsOf(ranged),
    anyReadings: ranged.length > 0 || reportedWindows(report).length > 0,
  }
}
