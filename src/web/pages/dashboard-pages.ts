// The dashboard's page table, in menu order. A new filtered page is a loader (src/web/pages/*-data.ts),
// a view (a `FilteredView` in views/pages/) and one `filteredPage(view, loader)` line here; its menu
// entry, route, filter form and live region come with it.

import { limitsView } from '../../../views/pages/limits-page.tsx'
import { overviewView } from '../../../views/pages/overview-page.tsx'
import { projectsView } from '../../../views/pages/projects-page.tsx'
import { sessionsView } from '../../../views/pages/sessions-page.tsx'
import { teamView } from '../../../views/pages/team-page.tsx'
import { telemetryView } from '../../../views/pages/telemetry-page.tsx'
import { toolsView } from '../../../views/pages/tools-page.tsx'
import type { Explorer } from '../../store/explorer.ts'
import { explorerRoutes } from '../explorer/explorer-routes.ts'
import type { ServicesControl } from '../services/services-control.ts'
import { servicesRoutes } from '../services/services-routes.ts'
import { contextRoutes } from './context-routes.ts'
import { type DashboardPage, filteredPage } from './filtered-page-route.ts'
import { loadLimits } from './limits-data.ts'
import { loadOverview } from './overview-data.ts'
import { loadProjects } from './projects-data.ts'
import { sessionRoutes } from './session-routes.ts'
import { loadSessions } from './sessions-data.ts'
import { loadTeam } from './team-data.ts'
import { loadTelemetry, loadTools } from './telemetry-data.ts'

export interface PageDeps {
  explorer: Explorer
  services: ServicesControl
  csrfToken: string
  claudeDirs: readonly string[]
}

export function dashboardPages(deps: PageDeps): DashboardPage[] {
  return [
    filteredPage(overviewView, loadOverview),
    filteredPage(sessionsView, loadSessions),
    filteredPage(projectsView, loadProjects),
    filteredPage(teamView, loadTeam),
    filteredPage(limitsView, loadLimits),
    filteredPage(toolsView, loadTools),
    filteredPage(telemetryView, loadTelemetry),
    menuPage('/explorer', 'Data explorer', (ctx) => explorerRoutes(deps.explorer, ctx.nav)),
    menuPage('/services', 'Services', (ctx) => servicesRoutes(deps.services, deps.csrfToken, ctx.nav)),
    { nav: null, routes: sessionRoutes },
    { nav: null, routes: (ctx) => contextRoutes(ctx, deps.claudeDirs) },
  ]
}

/** A page in the menu that has no filters (its links do not carry them). */
function menuPage(href: string, label: string, routes: DashboardPage['routes']): DashboardPage {
  return { nav: { href, label, keepsFilters: false }, routes }
}
