import { Elysia } from 'elysia'
import { ContextPage } from '../../../views/pages/context-page.tsx'
import { loadContext, parseChartScale, parseSessionId } from './context-data.ts'
import type { PageContext } from './page-context.ts'
import { htmlResponse } from './respond.ts'

/** The Context view re-reads the transcript on each load, so it is not a live region. */
export function contextRoutes(ctx: PageContext, claudeDirs: readonly string[]) {
  return new Elysia({ name: 'context' }).get('/sessions/:id/context', async ({ params, query }) => {
    const sessionId = parseSessionId(params.id)
    const scale = parseChartScale(query)
    const view = await loadContext(sessionId, claudeDirs, ctx.reads, ctx.now())
    return htmlResponse(await ContextPage({ view, scale, timezone: ctx.timezone, nav: ctx.nav }))
  })
}
