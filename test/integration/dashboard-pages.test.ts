import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import {
  createTestDashboard,
  get,
  leafText,
  parseHtml,
  seedSample,
  type TestDashboard,
} from '../helpers/dashboard.ts'

let dash: TestDashboard

beforeAll(async () => {
  dash = createTestDashboard()
  await seedSample(dash.store)
})

afterAll(async () => {
  await dash.close()
})

describe('dashboard pages', () => {
  it.each([
    ['/', 'Overview'],
    ['/?range=all&project=alpha', 'Overview'],
    ['/sessions', 'Sessions'],
    ['/sessions?q=beta&sort=cost&order=asc', 'Sessions'],
    ['/sessions/session-a', 'Session session-a'],
    ['/projects', 'Projects & models'],
    ['/team', 'Team'],
    ['/limits', 'Limits'],
    ['/tools', 'Tools'],
    ['/telemetry', 'Telemetry'],
    ['/explorer', 'Data explorer'],
    ['/services', 'Services'],
  ])('%s renders a full page titled %s that loads only our own scripts', async (path, title) => {
    const res = await get(dash.app, path)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await res.text()
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain(`<title>${title.replace('&', '&amp;')} · Context Cleaner</title>`)
    expect((await parseHtml(html)).scripts).toEqual([
      '/assets/htmx.min.js',
      '/assets/hx-sse.min.js',
      '/assets/live-status.js',
    ])
  })

  it('shows today, 7 and 30 day totals, with the week-old request only in the longer periods', async () => {
    const html = await (await get(dash.app, '/')).text()
    const today = leafText(html, 'period-today-cost')
    const week = leafText(html, 'period-7d-cost')
    expect(today).toMatch(/^\$\d+\.\d{2}$/)
    expect(Number(week?.slice(1)) - Number(today?.slice(1))).toBeCloseTo(2.5, 2)
    expect(leafText(html, 'period-30d-cost')).toBe(week)
  })

  it('changes the numbers when a filter is applied, and keeps the filter in navigation links', async () => {
    const all = leafText(await (await get(dash.app, '/')).text(), 'range-total')
    const html = await (await get(dash.app, '/?model=claude-opus-4-1-20250805')).text()
    const opus = leafText(html, 'range-total')
    expect(opus).toContain('4 requests in this range')
    expect(all).toContain('11 requests in this range')
    expect(html).toContain('href="/sessions?model=claude-opus-4-1-20250805"')
  })

  it('shows the active 5-hour block with burn rate and projection', async () => {
    const html = await (await get(dash.app, '/')).text()
    expect(html).toContain('Active 5-hour block')
    expect(html).toContain('Burn rate')
    expect(html).toMatch(/min left/)
  })

  it('answers an htmx request with the live region only', async () => {
    const res = await get(dash.app, '/', { 'hx-request': 'true' })
    const html = await res.text()
    expect(html.startsWith('<div class="stack">')).toBe(true)
    expect(html).not.toContain('<html')
    expect(res.headers.get('vary')).toBe('HX-Request')
  })

  it('declares its live stream, at the version it was rendered at, in the page', async () => {
    const html = await (await get(dash.app, '/sessions')).text()
    expect(html).toContain(`hx-sse:connect="/events?since=${dash.hub.version}"`)
    expect(html).toContain('hx-trigger="store-changed from:body"')
  })

  it('searches, sorts and pages sessions', async () => {
    const byCost = await (await get(dash.app, '/sessions?range=all&sort=cost&order=desc')).text()
    const order = [...byCost.matchAll(/href="\/sessions\/(session-[a-z]+)"/g)].map((m) => m[1])
    expect(order).toEqual(['session-old', 'session-b', 'session-a'])
    const search = await (await get(dash.app, '/sessions?range=all&q=beta')).text()
    expect([...search.matchAll(/href="\/sessions\/(session-[a-z]+)"/g)].map((m) => m[1])).toEqual([
      'session-b',
    ])
    expect(leafText(search, 'sessions-count')).toBe('1 sessions · page 1 of 1')
  })

  it('shows a session with its charts and timeline', async () => {
    const html = await (await get(dash.app, '/sessions/session-a')).text()
    expect(html).toContain('Context size over time')
    expect(html).toContain('class="chart line-chart"')
    expect(html.match(/class="bar series-2"/g)?.length).toBe(6)
    expect(html.match(/<li class="event request">/g)?.length).toBe(6)
  })

  it('shows cache hit rates for projects and models', async () => {
    const html = await (await get(dash.app, '/projects?range=all')).text()
    expect(html).toContain('Cache hit rate')
    expect(html).toMatch(/\d+\.\d%/)
  })

  it('tells the truth when there is no telemetry yet', async () => {
    for (const path of ['/tools', '/telemetry']) {
      const html = await (await get(dash.app, path)).text()
      expect(html).toContain('No telemetry yet — run <code>context-cleaner setup claude</code>')
    }
  })

  it('says the supervisor is not running rather than failing', async () => {
    const html = await (await get(dash.app, '/services')).text()
    expect(html).toContain('Supervisor not running')
  })

  it('takes a unique session id prefix, and says which sessions an ambiguous one matches', async () => {
    const page = await get(dash.app, '/sessions/session-o')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Session session-old')
    const ambiguous = await get(dash.app, '/sessions/session-')
    expect(ambiguous.status).toBe(400)
    expect(await ambiguous.text()).toContain(
      'Session id prefix session- matches 3 sessions (session-a, session-b, session-old); give more characters',
    )
  })

  it('renders errors as a page, or as a partial for htmx', async () => {
    const page = await get(dash.app, '/sessions/nope')
    expect(page.status).toBe(404)
    expect(await page.text()).toContain('No session `nope`')
    const partial = await get(dash.app, '/?range=year', { 'hx-request': 'true' })
    expect(partial.status).toBe(400)
    expect(await partial.text()).toBe(
      '<div class="error" role="alert"><strong>Error 400</strong> <span>Expected `range` to be one of today, 7d, 30d, 90d, all, custom, got `year`</span></div>',
    )
    expect((await get(dash.app, '/no/such/page')).status).toBe(404)
  })

  it('serves htmx, its SSE extension and the stylesheet from this origin', async () => {
    for (const [path, type] of [
      ['/assets/htmx.min.js', 'text/javascript; charset=utf-8'],
      ['/assets/hx-sse.min.js', 'text/javascript; charset=utf-8'],
      ['/assets/live-status.js', 'text/javascript; charset=utf-8'],
      ['/assets/app.css', 'text/css; charset=utf-8'],
      ['/assets/favicon.svg', 'image/svg+xml; charset=utf-8'],
    ]) {
      const res = await get(dash.app, path ?? '')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe(type ?? '')
    }
    expect((await get(dash.app, '/assets/..%2Fpackage.json')).status).toBe(404)
  })

  it('answers health checks', async () => {
    expect(await (await get(dash.app, '/healthz')).json()).toEqual({
      ok: true,
      service: 'dashboard',
      version: 0,
      streams: 0,
    })
  })
})
