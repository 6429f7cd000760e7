// Projects and models: usage, cost, cache hit rate, and daily cost trends for the biggest of each.

import type { FilterState } from '../../../views/contract/filter-state.ts'
import type { ProjectsData, TrendSeries } from '../../../views/pages/projects-page.tsx'
import type { Day } from '../../analytics/daily-usage.ts'
import { rowsByCost } from '../../analytics/usage-report.ts'
import type { UsageGroup } from '../../store/usage-types.ts'
import { toDashboardFilter } from '../filters/dashboard-filters.ts'
import { chartDays } from './chart-days.ts'
import type { PageContext } from './page-context.ts'

const TREND_SERIES = 5

function trends(
  groups: readonly UsageGroup[],
  names: readonly string[],
  nameOf: (g: UsageGroup) => string,
  days: readonly Day[],
  ctx: PageContext,
): TrendSeries[] {
  const rows = rowsByCost(groups, (g) => `${nameOf(g)}\u0000${g.bucket}`, ctx.costs)
  const cost = new Map(rows.map((r) => [r.key, r.totalCost]))
  return names.map((name) => ({
    name,
    points: days.map((d) => ({ day: d.key, start: d.start, cost: cost.get(`${name}\u0000${d.start}`) ?? 0 })),
  }))
}

export async function loadProjects(ctx: PageContext, state: FilterState): Promise<ProjectsData> {
  const filter = toDashboardFilter(state, ctx.timezone, ctx.now())
  const days = await chartDays(ctx, filter)
  // One read: by day and project (each group also carries its model), folded four ways.
  const groups = await ctx.reads.rollupUsage(
    filter,
    ['day', 'project'],
    ctx.costs.split,
    days.map((d) => d.start),
  )
  const projects = rowsByCost(groups, (g) => g.project ?? '', ctx.costs)
  const models = rowsByCost(groups, (g) => g.model, ctx.costs)
  const topProjects = new Set(projects.slice(0, TREND_SERIES).map((r) => r.key))
  const topModels = new Set(models.slice(0, TREND_SERIES).map((r) => r.key))
  return {
    projects,
    models,
    projectTrends: trends(
      groups.filter((g) => topProjects.has(g.project ?? '')),
      [...topProjects],
      (g) => g.project ?? '',
      days,
      ctx,
    ),
    modelTrends: trends(
      groups.filter((g) => topModels.has(g.model)),
      [...topModels],
      (g) => g.model,
      days,
      ctx,
    ),
  }
}
