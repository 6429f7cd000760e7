import { Elysia } from 'elysia'
import { filterQuery } from '../../../views/contract/filter-state.ts'
import { ProjectsContent, ProjectsPage } from '../../../views/pages/projects-page.tsx'
import { parseFilters } from '../filters/dashboard-filters.ts'
import type { PageContext } from './page-context.ts'
import { loadProjects } from './projects-data.ts'
import { pageOrPartial, selfUrl } from './respond.ts'

export function projectsRoutes(ctx: PageContext) {
  return new Elysia({ name: 'projects' }).get('/projects', async ({ query, request }) => {
    const state = parseFilters(query)
    const version = ctx.hub.version
    const data = await loadProjects(ctx, state)
    const navQuery = filterQuery(state)
    return pageOrPartial(
      request,
      async () =>
        ProjectsPage({
          data,
          state,
          ...(await ctx.facets()),
          liveVersion: version,
          liveUrl: selfUrl(request),
          navQuery,
        }),
      () => ProjectsContent({ data, state }),
    )
  })
}
