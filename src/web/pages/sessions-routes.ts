import { Elysia } from 'elysia'
import { filterQuery } from '../../../views/contract/filter-state.ts'
import { SessionContent, SessionPage } from '../../../views/pages/session-page.tsx'
import { SessionsContent, SessionsPage } from '../../../views/pages/sessions-page.tsx'
import { parseFilters } from '../filters/dashboard-filters.ts'
import type { PageContext } from './page-context.ts'
import { pageOrPartial, selfUrl } from './respond.ts'
import { loadSession, loadSessions, parseSessionListQuery } from './sessions-data.ts'

export function sessionsRoutes(ctx: PageContext) {
  return new Elysia({ name: 'sessions' })
    .get('/sessions', async ({ query, request }) => {
      const state = parseFilters(query)
      const listQuery = parseSessionListQuery(query)
      const version = ctx.hub.version
      const list = await loadSessions(ctx, state, listQuery)
      return pageOrPartial(
        request,
        async () =>
          SessionsPage({
            list,
            query: listQuery,
            state,
            ...(await ctx.facets()),
            timezone: ctx.timezone,
            liveVersion: version,
            liveUrl: selfUrl(request),
            navQuery: filterQuery(state),
          }),
        () => SessionsContent({ list, query: listQuery, state, timezone: ctx.timezone }),
      )
    })
    .get('/sessions/:id', async ({ params, request }) => {
      const version = ctx.hub.version
      const detail = await loadSession(ctx, params.id)
      return pageOrPartial(
        request,
        async () =>
          SessionPage({ detail, timezone: ctx.timezone, liveVersion: version, liveUrl: selfUrl(request) }),
        () => SessionContent({ detail, timezone: ctx.timezone }),
      )
    })
}
