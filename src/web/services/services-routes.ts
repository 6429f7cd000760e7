import { Elysia } from 'elysia'
import { CSRF_FIELD } from '../../../views/contract/csrf-field.ts'
import type { NavItem } from '../../../views/layout.tsx'
import { ServicesContent, ServicesPage } from '../../../views/pages/services-page.tsx'
import { DashboardInputError } from '../dashboard-input-error.ts'
import { text } from '../filters/dashboard-filters.ts'
import { isHtmxRequest, pageOrPartial } from '../pages/respond.ts'
import { isValidCsrfToken } from '../security/csrf.ts'
import type { ServicesControl } from './services-control.ts'

const LOG_LINES = 20

export function servicesRoutes(services: ServicesControl, csrfToken: string, nav: readonly NavItem[]) {
  return new Elysia({ name: 'services' })
    .get('/services', async ({ query, request }) => {
      const snapshot = await services.snapshot(LOG_LINES)
      const notice = text(query, 'restarted')
      const error = text(query, 'error')
      const message =
        error !== undefined
          ? { ok: false, text: error }
          : notice !== undefined
            ? { ok: true, text: `Restarted ${notice}` }
            : null
      return pageOrPartial(
        request,
        () => ServicesPage({ snapshot, csrfToken, message, nav, now: Date.now() }),
        () => ServicesContent({ snapshot, csrfToken, message, now: Date.now() }),
      )
    })
    .post('/services/:name/restart', async ({ params, body, request }) => {
      const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>
      if (!isValidCsrfToken(csrfToken, form[CSRF_FIELD]))
        throw new DashboardInputError(
          'forbidden',
          'Missing or stale form token: reload the page and try again',
        )
      const outcome = await services.restart(params.name)
      if (isHtmxRequest(request)) {
        const snapshot = await services.snapshot(LOG_LINES)
        const message = outcome.ok
          ? { ok: true, text: `Restarted ${params.name}` }
          : { ok: false, text: outcome.message }
        return pageOrPartial(
          request,
          () => ServicesPage({ snapshot, csrfToken, message, nav, now: Date.now() }),
          () => ServicesContent({ snapshot, csrfToken, message, now: Date.now() }),
        )
      }
      const next = outcome.ok
        ? `/services?restarted=${encodeURIComponent(params.name)}`
        : `/services?error=${encodeURIComponent(outcome.message)}`
      return new Response(null, { status: 303, headers: { location: next } })
    })
}
