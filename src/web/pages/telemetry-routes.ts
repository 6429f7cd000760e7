import { Elysia } from 'elysia'
import { filterQuery } from '../../../views/contract/filter-state.ts'
import { TelemetryContent, TelemetryPage } from '../../../views/pages/telemetry-page.tsx'
import { parseFilters } from '../filters/dashboard-filters.ts'
import type { PageContext } from './page-context.ts'
import { pageOrPartial, selfUrl } from './respond.ts'
import { loadTelemetry } from './telemetry-data.ts'

export function telemetryRoutes(ctx: PageContext) {
  return new Elysia({ name: 'telemetry' }).get('/telemetry', async ({ query, request }) => {
    const state = parseFilters(query)
    const version = ctx.hub.version
    const data = await loadTelemetry(ctx, state)
    return pageOrPartial(
      request,
      async () =>
        TelemetryPage({
          data,
          state,
          ...(await ctx.facets()),
          timezone: ctx.timezone,
          liveVersion: version,
          liveUrl: selfUrl(request),
          navQuery: filterQuery(state),
        }),
      () => TelemetryContent({ data, timezone: ctx.timezone }),
    )
  })
}
