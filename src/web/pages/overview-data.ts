// Everything the Overview shows, in four or five store reads: the chosen range by day (chart) and by
// project (breakdowns), the last 30 days by day (period cards; taken from the chart's groups when the
// range covers them), the last day's requests (the active 5-hour block) and the newest requests (feed).

import type { FilterState } from '../../../views/contract/filter-state.ts'
import type { OverviewData } from '../../../views/pages/overview-page.tsx'
import { buildBillingBlocks } from '../../analytics/billing-blocks.ts'
import { dailySeries } from '../../analytics/daily-usage.ts'
import { requestCost, rowsByCost, usageTotals } from '../../analytics/usage-report.ts'
import { contextTokens, totalTokens } from '../../model/records.ts'
import { startOfToday, toDashboardFilter } from '../filters/dashboard-filters.ts'
import { chartDays } from './chart-days.ts'
import type { PageContext } from './page-context.ts'

const FEED_SIZE = 15
const DAY_MS = 86_400_000
const periodLabels = { today: 'Today', '7d': 'Last 7 days', '30d': 'Last 30 days' } as const

export async function loadOverview(ctx: PageContext, state: FilterState): Promise<OverviewData> {
  const now = ctx.now()
  const split = ctx.costs.split
  const filter = toDashboardFilter(state, ctx.timezone, now)
  const { since: _since, until: _until, ...attributes } = filter
  const starts = {
    today: startOfToday(now, ctx.timezone),
    '7d': startOfToday(now, ctx.timezone, -6),
    '30d': startOfToday(now, ctx.timezone, -29),
  }
  const days = await chartDays(ctx, filter)
  // The period cards need the last 30 days by day; a range that covers them already has those groups.
  const rangeCoversPeriods =
    (filter.since ?? Number.NEGATIVE_INFINITY) <= starts['30d'] && filter.until === undefined
  const recentDays = rangeCoversPeriods ? [] : await chartDays(ctx, { since: starts['30d'] })
  const [daily, recentOwn, breakdown, events, feedRows] = await Promise.all([
    ctx.reads.rollupUsage(
      filter,
      ['day'],
      split,
      days.map((d) => d.start),
    ),
    rangeCoversPeriods
      ? Promise.resolve([])
      : ctx.reads.rollupUsage(
          { ...attributes, since: starts['30d'] },
          ['day'],
          split,
          recentDays.map((d) => d.start),
        ),
    ctx.reads.rollupUsage(filter, ['project'], split),
    // A block spans at most 5 hours and starts after a 5-hour gap; a day back finds the active one.
    ctx.store.listUsageEvents({ since: now - DAY_MS }, split),
    ctx.reads.recentRequests(filter, FEED_SIZE),
  ])
  const recent = rangeCoversPeriods ? daily : recentOwn
  const periods = (['today', '7d', '30d'] as const).map((key) => ({
    key,
    label: periodLabels[key],
    ...usageTotals(
      recent.filter((g) => (g.bucket ?? 0) >= starts[key]),
      ctx.costs,
    ),
  }))
  // Counted only when the range is empty: a store with nothing at all gets the how-to-start card.
  const storeEmpty = feedRows.length === 0 && (await ctx.store.countApiRequests()) === 0
  const byModel = rowsByCost(breakdown, (g) => g.model, ctx.costs)
  const totals = usageTotals(breakdown, ctx.costs)
  const blocks = buildBillingBlocks(events, ctx.costs, now)
  const last = blocks[blocks.length - 1]
  return {
    storeEmpty,
    periods: periods.map(({ unpricedModels: _, ...p }) => p),
    block: last?.isActive ? last : null,
    daily: dailySeries(daily, days, ctx.costs),
    byModel,
    byProject: rowsByCost(breakdown, (g) => g.project ?? '', ctx.costs),
    totals: { cost: totals.cost, tokens: totals.tokens, requests: totals.requests },
    unpricedModels: totals.unpricedModels,
    feed: feedRows.map((r) => ({
      key: r.key,
      timestamp: r.timestamp,
      sessionId: r.sessionId,
      project: r.project,
      model: r.model,
      tokens: totalTokens(r),
      contextTokens: contextTokens(r),
      cost: requestCost(r, ctx.costs) ?? null,
    })),
  }
}
