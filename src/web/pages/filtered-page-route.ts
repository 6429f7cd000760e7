// One route serves every filtered page: parse the filters, load the page's data, and answer with the
// whole page (the shell in views/components/filtered-page.tsx) or, for an htmx refresh of the live
// region, just its content.

import { type AnyElysia, Elysia } from 'elysia'
import type { FilteredView } from '../../../views/components/filtered-page.tsx'
import { FilteredPage } from '../../../views/components/filtered-page.tsx'
import { type FilterState, filterQuery } from '../../../views/contract/filter-state.ts'
import type { NavItem } from '../../../views/layout.tsx'
import { parseFilters, type Query } from '../filters/dashboard-filters.ts'
import type { PageContext } from './page-context.ts'
import { pageOrPartial, selfUrl } from './respond.ts'

/** Reads what a page draws; `query` holds the page's own parameters besides the filters. */
export type PageLoader<D> = (ctx: PageContext, state: FilterState, query: Query) => Promise<D>

/** An entry of the dashboard's page table: its menu item (null for pages reached by links) and routes. */
export interface DashboardPage {
  nav: NavItem | null
  routes(ctx: PageContext): AnyElysia
}

export function filteredPage<D>(view: FilteredView<D>, load: PageLoader<D>): DashboardPage {
  return {
    nav: { href: view.path, label: view.title, keepsFilters: true },
    routes: (ctx) =>
      new Elysia({ name: `page:${view.path}` }).get(view.path, async ({ query, request }) => {
        const state = parseFilters(query)
        const version = ctx.hub.version
        const data = await load(ctx, state, query)
        return pageOrPartial(
          request,
          async () =>
            FilteredPage(view, {
              data,
              state,
              ...(await ctx.facets()),
              timezone: ctx.timezone,
              nav: ctx.nav,
              liveVersion: version,
              liveUrl: selfUrl(request),
              navQuery: filterQuery(state),
            }),
          () => view.Content({ data, state, timezone: ctx.timezone }),
        )
      }),
  }
}
