import { Elysia } from 'elysia'
import { filterQuery } from '../../../views/contract/filter-state.ts'
import { TeamContent, TeamPage } from '../../../views/pages/team-page.tsx'
import { parseFilters } from '../filters/dashboard-filters.ts'
import type { PageContext } from './page-context.ts'
import { pageOrPartial, selfUrl } from './respond.ts'
import { loadTeam } from './team-data.ts'

export function teamRoutes(ctx: PageContext) {
  return new Elysia({ name: 'team' }).get('/team', async ({ query, request }) => {
    const state = parseFilters(query)
    const version = ctx.hub.version
    const data = await loadTeam(ctx, state)
    return pageOrPartial(
      request,
      async () =>
        TeamPage({
          data,
          state,
          ...(await ctx.facets()),
          liveVersion: version,
          liveUrl: selfUrl(request),
          navQuery: filterQuery(state),
        }),
      () => TeamContent({ data, state }),
    )
  })
}
