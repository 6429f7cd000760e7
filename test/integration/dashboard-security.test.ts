import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { unsampled } from '../../src/supervisor/protocol.ts'
import type { ServicesControl } from '../../src/web/services/services-control.ts'
import {
  apiRequest,
  createTestDashboard,
  get,
  parseHtml,
  post,
  sessionRecord,
  TEST_ACCESS_TOKEN,
  TEST_CSRF,
  TEST_PORT,
  type TestDashboard,
} from '../helpers/dashboard.ts'

const restarts: string[] = []
const services: ServicesControl = {
  async snapshot() {
    const status = {
      state: 'running',
      pid: 1,
      port: null,
      restarts: 0,
      lastHealthCheck: null,
      lastError: null,
      ...unsampled,
    }
    return {
      running: true,
      supervisor: { name: 'supervisor', ...status },
      services: [{ name: 'ingest', ...status }],
      history: [],
      logs: [{ name: 'ingest', lines: ['<script>alert(1)</script>'] }],
    }
  },
  async restart(name) {
    restarts.push(name)
    return {
      ok: true,
      service: {
        name,
        state: 'running',
        pid: 2,
        port: null,
        restarts: 1,
        lastHealthCheck: null,
        lastError: null,
        ...unsampled,
      },
    }
  },
}

const evilProject = '/home/dev/<script>alert(1)</script>/"><img src=x onerror=alert(1)>'
const evilModel = '"><img src=x onerror=alert(2)>'
let dash: TestDashboard

beforeAll(async () => {
  dash = createTestDashboard(services)
  await dash.store.ingest({
    requests: [
      apiRequest(1, { sessionId: '"><img src=x onerror=alert(3)>', project: evilProject, model: evilModel }),
    ],
    sessions: [sessionRecord('"><img src=x onerror=alert(3)>', evilProject, 0, 1)],
  })
})

afterAll(async () => {
  await dash.close()
})

describe('Host allow-list (DNS rebinding)', () => {
  it.each([`localhost:${TEST_PORT}`, `127.0.0.1:${TEST_PORT}`, `[::1]:${TEST_PORT}`])(
    'serves %s',
    async (host) => {
      expect((await get(dash.app, '/', { host })).status).toBe(200)
    },
  )

  it.each([
    `evil.example:${TEST_PORT}`,
    `localhost:${TEST_PORT + 1}`,
    'localhost',
    `localhost.evil.example:${TEST_PORT}`,
  ])('refuses %s, on pages, the stream and assets alike', async (host) => {
    for (const path of ['/', '/events', '/assets/htmx.min.js', '/explorer?sql=select+1']) {
      const res = await get(dash.app, path, { host })
      expect(res.status).toBe(403)
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    }
  })
})

describe('Content-Security-Policy', () => {
  it.each(['/', '/sessions', '/no/such/page', '/?range=bad', '/explorer.csv?sql=select+1', '/healthz'])(
    'is sent with %s, with no inline script allowed',
    async (path) => {
      const res = await get(dash.app, path)
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'none'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toContain('unsafe-inline')
      expect(csp).not.toContain('unsafe-eval')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    },
  )
})

describe('state changes', () => {
  it('refuses a restart without the form token', async () => {
    const res = await post(dash.app, '/services/ingest/restart', {})
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('Missing or stale form token')
    expect(restarts).toEqual([])
  })

  it('refuses a restart with a wrong token', async () => {
    expect((await post(dash.app, '/services/ingest/restart', { _csrf: `${TEST_CSRF}x` })).status).toBe(403)
    expect(restarts).toEqual([])
  })

  it('does not restart on GET', async () => {
    expect((await get(dash.app, '/services/ingest/restart')).status).toBe(404)
    expect(restarts).toEqual([])
  })

  it('restarts with the token from the page, then redirects back', async () => {
    const page = await (await get(dash.app, '/services')).text()
    const token = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? ''
    const res = await post(dash.app, '/services/ingest/restart', { _csrf: token })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/services?restarted=ingest')
    expect(restarts).toEqual(['ingest'])
  })

  it('answers an htmx restart with the refreshed services partial', async () => {
    const res = await post(
      dash.app,
      '/services/ingest/restart',
      { _csrf: TEST_CSRF },
      { 'hx-request': 'true' },
    )
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Restarted ingest')
  })
})

describe('escaping data', () => {
  it.each([
    '/',
    '/?range=all',
    '/sessions?range=all',
    '/projects?range=all',
    `/sessions/${encodeURIComponent('"><img src=x onerror=alert(3)>')}`,
    '/services',
  ])('%s shows hostile project paths, models and ids as text', async (path) => {
    const res = await get(dash.app, path)
    expect(res.status).toBe(200)
    const page = await parseHtml(await res.text())
    expect(page.elements).not.toContain('img')
    expect(page.scripts).toEqual(['/assets/htmx.min.js', '/assets/hx-sse.min.js', '/assets/live-status.js'])
  })

  it('keeps hostile values in filters and links escaped too', async () => {
    const path = `/?project=${encodeURIComponent(evilProject)}&model=${encodeURIComponent(evilModel)}`
    const page = await parseHtml(await (await get(dash.app, path)).text())
    expect(page.elements).not.toContain('img')
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })
})

describe('the per-user access token (another account on this machine reaches 127.0.0.1 too)', () => {
  const anonymous = { cookie: '' }
  const protectedRoutes = [
    ['a page', '/', {}],
    ['a partial', '/sessions', { 'hx-request': 'true' }],
    ['a context page', '/sessions/session-a/context', {}],
    ['the live stream', '/events', {}],
    ['the explorer', '/explorer?sql=select+1', {}],
    ['the CSV export', '/explorer.csv?sql=select+1', {}],
    ['the services page (and its form token)', '/services', {}],
  ] as const

  it.each(protectedRoutes)('refuses %s without the cookie (401)', async (_, path, headers) => {
    const res = await get(dash.app, path, { ...anonymous, ...headers })
    expect(res.status).toBe(401)
    expect(await res.text()).toContain('context-cleaner status --json')
  })

  it.each([
    ['a wrong token', `${'x'.repeat(44)}`],
    ['the token of a dashboard on another port', TEST_ACCESS_TOKEN],
  ])('refuses a cookie with %s', async (_, value) => {
    const name =
      value === TEST_ACCESS_TOKEN ? `context-cleaner-${TEST_PORT + 1}` : `context-cleaner-${TEST_PORT}`
    expect((await get(dash.app, '/', { cookie: `${name}=${value}` })).status).toBe(401)
  })

  it('refuses a restart without the cookie, even with the form token', async () => {
    const before = restarts.length
    const res = await post(dash.app, '/services/ingest/restart', { _csrf: TEST_CSRF }, anonymous)
    expect([res.status, restarts.length]).toEqual([401, before])
  })

  it('swaps the token in the URL for an HttpOnly cookie and sends the browser on without it', async () => {
    const res = await get(dash.app, `/sessions?range=all&token=${TEST_ACCESS_TOKEN}`, anonymous)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/sessions?range=all')
    expect(res.headers.get('set-cookie')).toBe(
      `context-cleaner-${TEST_PORT}=${TEST_ACCESS_TOKEN}; Path=/; HttpOnly; SameSite=Lax`,
    )
    const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? ''
    expect((await get(dash.app, '/sessions?range=all', { cookie })).status).toBe(200)
  })

  it('refuses a wrong token in the URL and sets no cookie', async () => {
    const res = await get(dash.app, '/?token=guess', anonymous)
    expect([res.status, res.headers.get('set-cookie')]).toEqual([401, null])
  })

  it.each(['/healthz', '/assets/htmx.min.js', '/assets/app.css'])('serves %s to anyone', async (path) => {
    expect((await get(dash.app, path, anonymous)).status).toBe(200)
  })
})

describe('requests from other sites (Sec-Fetch-Site), even with the cookie', () => {
  const query = `/explorer?sql=${encodeURIComponent('SELECT hex(zeroblob(1000))')}`
  it.each([
    ['a cross-site fetch of the explorer', query, 'cross-site', 'cors'],
    ['a page on another port of localhost (same-site) fetching the explorer', query, 'same-site', 'no-cors'],
    ['a cross-site link to an explorer query', query, 'cross-site', 'navigate'],
    ['a cross-site image of the CSV export', '/explorer.csv?sql=select+1', 'cross-site', 'no-cors'],
    ['a cross-site fetch of a page', '/sessions', 'cross-site', 'cors'],
    ['a cross-site stream', '/events', 'cross-site', 'cors'],
  ])('refuses %s (403)', async (_, path, site, mode) => {
    const res = await get(dash.app, path, { 'sec-fetch-site': site, 'sec-fetch-mode': mode })
    expect(res.status).toBe(403)
  })

  it('refuses a cross-site form post to restart a service', async () => {
    const res = await post(
      dash.app,
      '/services/ingest/restart',
      { _csrf: TEST_CSRF },
      { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' },
    )
    expect(res.status).toBe(403)
  })

  it.each([
    ['a link from another site to a page', '/sessions', 'cross-site', 'navigate'],
    ['the dashboard fetching its own explorer', query, 'same-origin', 'cors'],
    ['a bookmark of an explorer query', query, 'none', 'navigate'],
  ])('serves %s', async (_, path, site, mode) => {
    const res = await get(dash.app, path, { 'sec-fetch-site': site, 'sec-fetch-mode': mode })
    expect(res.status).toBe(200)
  })
})
