// Who may use the dashboard. Binding to loopback keeps other machines out but not other accounts on
// this one, so every route but /healthz and the static assets wants a per-user secret: the token in
// the run directory (0700), which the URL `run` prints carries once (`?token=`, like Jupyter's) and
// which the dashboard swaps for an HttpOnly cookie. Requests a browser marks as coming from another
// site (Sec-Fetch-Site) are refused too, but for plain link navigations to a page: a page on any
// site, even another port of localhost ("same-site"), must not make the browser run explorer queries.
// Pure: request facts in, a decision out.

import { isValidCsrfToken as sameSecret } from './csrf.ts'

export const ACCESS_QUERY = 'token'

export type AccessDecision =
  | { kind: 'allow' }
  /** A valid `?token=`: set the cookie and send the browser to the same URL without the token. */
  | { kind: 'exchange'; location: string; setCookie: string }
  | { kind: 'deny'; status: 401 | 403; message: string }

export interface AccessRequest {
  method: string
  url: URL
  headers: Headers
}

/** One cookie per port: two dashboards on one host (two homes) must not overwrite each other's. */
export function accessCookieName(port: number): string {
  return `context-cleaner-${port}`
}

const publicPaths = (path: string) => path === '/healthz' || path.startsWith('/assets/')

export function decideAccess(request: AccessRequest, token: string, port: number): AccessDecision {
  const path = request.url.pathname
  if (publicPaths(path)) return { kind: 'allow' }
  const crossSite = crossSiteRefusal(request)
  if (crossSite !== null) return { kind: 'deny', status: 403, message: crossSite }
  const name = accessCookieName(port)
  const offered = request.url.searchParams.get(ACCESS_QUERY)
  if (offered !== null) {
    if (!sameSecret(token, offered))
      return { kind: 'deny', status: 401, message: 'This access link is wrong or from an older install.' }
    const clean = new URL(request.url)
    clean.searchParams.delete(ACCESS_QUERY)
    return {
      kind: 'exchange',
      location: `${clean.pathname}${clean.search}`,
      // Lax: a link from elsewhere still opens the dashboard; cross-site fetches and forms carry no cookie.
      setCookie: `${name}=${token}; Path=/; HttpOnly; SameSite=Lax`,
    }
  }
  if (sameSecret(token, cookieValue(request.headers.get('cookie'), name))) return { kind: 'allow' }
  return {
    kind: 'deny',
    status: 401,
    message:
      'This dashboard opens with its access link: the URL `context-cleaner run` printed, or the `url` in `context-cleaner status --json`.',
  }
}

/**
 * Why a request a browser sent from another site (or another port of this host) is refused, or null.
 * Clients that send no Sec-Fetch-Site (curl, scripts) are judged by the token alone.
 */
function crossSiteRefusal({ method, url, headers }: AccessRequest): string | null {
  const site = headers.get('sec-fetch-site')
  if (site === null || site === 'same-origin' || site === 'none') return null
  const isExplorer = url.pathname === '/explorer' || url.pathname.startsWith('/explorer.')
  const isNavigation = method === 'GET' && headers.get('sec-fetch-mode') === 'navigate'
  if (isNavigation && !isExplorer) return null
  return 'Requests from other sites are refused; open the dashboard from its own pages.'
}

function cookieValue(header: string | null, name: string): string | undefined {
  if (header === null) return undefined
  for (const part of header.split(';')) {
    const at = part.indexOf('=')
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim()
  }
  return undefined
}
