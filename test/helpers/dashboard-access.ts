// Getting into a real dashboard process as its owner does: the token in the run directory, as the
// cookie the dashboard sets (for fetch) or as the access URL `run` prints (for a browser).

import { join } from 'node:path'
import { readAccessToken } from '../../src/supervisor/access-tokens.ts'
import { accessCookieName } from '../../src/web/security/dashboard-access.ts'

export interface DashboardAccess {
  /** `{ cookie }`, to spread into a fetch's headers. */
  headers: { cookie: string }
  /** The one-click URL: the dashboard swaps its token for the cookie and redirects to `/`. */
  url: string
}

/** `ccHome` is the dashboard's CONTEXT_CLEANER_HOME; the dashboard must have started (it makes the token). */
export function dashboardAccess(ccHome: string, port: number): DashboardAccess {
  const token = readAccessToken(join(ccHome, 'run'), 'dashboard')
  if (token === null) throw new Error(`no dashboard token under ${ccHome}/run`)
  return {
    headers: { cookie: `${accessCookieName(port)}=${token}` },
    url: `http://127.0.0.1:${port}/?token=${token}`,
  }
}
