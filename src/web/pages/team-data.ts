// Team mode: usage and cost by user and by team, as telemetry attributes them (transcripts name
// neither, so their requests form an "unattributed" row).

import type { FilterState } from '../../../views/contract/filter-state.ts'
import type { TeamData } from '../../../views/pages/team-page.tsx'
import { rowsByCost } from '../../analytics/usage-report.ts'
import { toDashboardFilter } from '../filters/dashboard-filters.ts'
import type { PageContext } from './page-context.ts'

export async function loadTeam(ctx: PageContext, state: FilterState): Promise<TeamData> {
  const filter = toDashboardFilter(state, ctx.timezone, ctx.now())
  const { model, ...usage } = filter
  // The store's report query groups by user and team; the model filter applies to its groups.
  const read = async (dimension: 'user' | 'team') =>
    (await ctx.store.aggregateUsage(usage, [dimension], ctx.costs.split)).filter(
      (g) => model === undefined || g.model === model,
    )
  const users = rowsByCost(await read('user'), (g) => g.user ?? '', ctx.costs)
  const teams = rowsByCost(await read('team'), (g) => g.team ?? '', ctx.costs)
  return { users, teams, attributed: [...users, ...teams].some((r) => r.key !== '') }
}
