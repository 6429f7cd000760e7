import { Elysia } from 'elysia'
import { filterQuery } from '../../../views/contract/filter-state.ts'
import { OverviewContent, OverviewPage } from '../../../views/pages/overview-page.tsx'
import { parseFilters } from '../filters/dashboard-filters.ts'
import { loadOverview } from './overview-data.ts'
import type { PageContext } from './page-context.ts'
import { pageOrPartial, selfUrl } from './respond.ts'

export function overviewRoutes(ctx: PageContext) {
  return new Elysia({ name: 'overview' }).get('/', async ({ query, request }) => {
    const state = parseFilters(query)
    const version = ctx.hub.version
    const data = await loadOverview(ctx, state)
    const navQuery = filterQuery(state)
    return pageOrPartial(
      request,
      async () =>
        OverviewPage({
          data,
          state,
          ...(await ctx.facets()),
          timezone: ctx.timezone,
          liveVersion: version,
          liveUrl: selfUrl(request),
          navQuery,
        }),
      () => OverviewContent({ data, timezone: ctx.timezone, state }),
    )
  })
}
