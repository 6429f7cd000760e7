import { Elysia } from 'elysia'
import { SessionContent, SessionPage } from '../../../views/pages/session-page.tsx'
import type { PageContext } from './page-context.ts'
import { pageOrPartial, selfUrl } from './respond.ts'
import { loadSession } from './sessions-data.ts'

/** One session's page, reached from the Sessions list (which filteredPage serves). */
export function sessionRoutes(ctx: PageContext) {
  return new Elysia({ name: 'session' }).get('/sessions/:id', async ({ params, request }) => {
    const version = ctx.hub.version
    const detail = await loadSession(ctx, params.id)
    return pageOrPartial(
      request,
      async () =>
        SessionPage({
          detail,
          timezone: ctx.timezone,
          nav: ctx.nav,
          liveVersion: version,
          liveUrl: selfUrl(request),
        }),
      () => SessionContent({ detail, timezone: ctx.timezone }),
    )
  })
}
