import { Elysia } from 'elysia'
import { filterQuery } from '../../../views/contract/filter-state.ts'
import { ToolsContent, ToolsPage } from '../../../views/pages/tools-page.tsx'
import { parseFilters } from '../filters/dashboard-filters.ts'
import type { PageContext } from './page-context.ts'
import { pageOrPartial, selfUrl } from './respond.ts'
import { loadTools } from './telemetry-data.ts'

export function toolsRoutes(ctx: PageContext) {
  return new Elysia({ name: 'tools' }).get('/tools', async ({ query, request }) => {
    const state = parseFilters(query)
    const version = ctx.hub.version
    const data = await loadTools(ctx, state)
    return pageOrPartial(
      request,
      async () =>
        ToolsPage({
          data,
          state,
          ...(await ctx.facets()),
          liveVersion: version,
          liveUrl: selfUrl(request),
          navQuery: filterQuery(state),
        }),
      () => ToolsContent({ data }),
    )
  })
}
