// Builds the dashboard (one Elysia instance per route group) without listening: tests call
// `app.handle(request)`; only `startDashboardService` binds a port.

import { Elysia } from 'elysia'
import { ErrorPage, ErrorPartial } from '../../views/pages/error-page.tsx'
import type { CostModel } from '../analytics/cost-model.ts'
import { logger } from '../log.ts'
import { limitConcurrentQueries } from '../store/explorer.ts'
import type { Store } from '../store/store.ts'
import { assetRoutes } from './assets/assets-routes.ts'
import { DashboardInputError } from './dashboard-input-error.ts'
import { liveRoutes } from './live/live-routes.ts'
import type { SseHub } from './live/sse-hub.ts'
import { dashboardPages } from './pages/dashboard-pages.ts'
import { createPageContext } from './pages/page-context.ts'
import { htmlResponse, isHtmxRequest } from './pages/respond.ts'
import { decideAccess } from './security/dashboard-access.ts'
import { isAllowedHost } from './security/host-allow-list.ts'
import { securityHeaders } from './security/security-headers.ts'
import type { ServicesControl } from './services/services-control.ts'

const log = logger('dashboard')

export interface DashboardDeps {
  store: Store
  costs: CostModel
  /** IANA zone for days and times on every page. */
  timezone: string
  /** @default Date.now */
  now?: () => number
  hub: SseHub
  services: ServicesControl
  /** Secret that state-changing forms carry (see security/csrf.ts). */
  csrfToken: string
  /** The per-user secret every page, partial, stream and query needs (see security/dashboard-access.ts). */
  accessToken: string
  /** Names the Host header may carry, and the port it must name (known once listening). */
  hosts: { names: readonly string[]; port: () => number }
  /** Claude Code directories to find a session's transcript in when the store does not know its path. */
  claudeDirs: readonly string[]
}

export function createDashboardApp(deps: DashboardDeps) {
  // One dashboard runs at most two explorer queries at a time, whatever the store (a flood is refused).
  const pages = dashboardPages({ ...deps, explorer: limitConcurrentQueries(deps.store.explorer()) })
  const nav = pages.flatMap((p) => (p.nav ? [p.nav] : []))
  const ctx = createPageContext(deps.store, deps.costs, deps.timezone, deps.now ?? Date.now, deps.hub, nav)
  const app = new Elysia({ name: 'dashboard' })
    .onRequest(({ request, set }) => {
      Object.assign(set.headers, securityHeaders)
      const host = request.headers.get('host') ?? new URL(request.url).host
      if (!isAllowedHost(host, deps.hosts.names, deps.hosts.port())) {
        return new Response('Forbidden: this dashboard answers only to localhost', {
          status: 403,
          headers: { 'content-type': 'text/plain; charset=utf-8', ...securityHeaders },
        })
      }
      const access = decideAccess(
        { method: request.method, url: new URL(request.url), headers: request.headers },
        deps.accessToken,
        deps.hosts.port(),
      )
      if (access.kind === 'exchange')
        return new Response(null, {
          status: 303,
          headers: { location: access.location, 'set-cookie': access.setCookie, ...securityHeaders },
        })
      if (access.kind === 'deny') {
        const props = { status: access.status, message: access.message }
        const body = isHtmxRequest(request) ? ErrorPartial(props) : ErrorPage({ ...props, nav })
        return Promise.resolve(body).then((html) => htmlResponse(html, access.status, securityHeaders))
      }
      return undefined
    })
    .onError(({ code, error, request }) => {
      const status =
        error instanceof DashboardInputError
          ? error.status
          : code === 'NOT_FOUND'
            ? 404
            : code === 'VALIDATION' || code === 'PARSE'
              ? 400
              : 500
      const message =
        error instanceof DashboardInputError
          ? error.message
          : status === 404
            ? 'No such page'
            : status === 400
              ? 'The request could not be read'
              : 'The dashboard failed to answer; the details are in its log'
      if (status === 500) log.error(error)
      const body = isHtmxRequest(request)
        ? ErrorPartial({ status, message })
        : ErrorPage({ status, message, nav })
      return Promise.resolve(body).then((html) => htmlResponse(html, status, securityHeaders))
    })
    .get('/healthz', () => ({
      ok: true,
      service: 'dashboard',
      version: deps.hub.version,
      streams: deps.hub.subscribers,
    }))
    .use(assetRoutes())
    .use(liveRoutes(deps.hub))
  for (const page of pages) app.use(page.routes(ctx))
  return app
}

export type DashboardApp = ReturnType<typeof createDashboardApp>
