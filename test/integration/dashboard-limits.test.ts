// The Limits page over a real SQLite store: readings go in through the store API (as the statusline
// writes them), the loader folds them with `report limits`' own report, and the page is served through
// the real app with its access token; a new reading reaches open pages through the store's change watcher.

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { defaultCostModel } from '../../src/analytics/pricing/default-cost-model.ts'
import type { RateLimitObservation } from '../../src/model/rate-limits.ts'
import { SseHub } from '../../src/web/live/sse-hub.ts'
import { loadLimits } from '../../src/web/pages/limits-data.ts'
import { createPageContext } from '../../src/web/pages/page-context.ts'
import { createTestDashboard, get, NOW, type TestDashboard } from '../helpers/dashboard.ts'
import { rateLimitReading } from '../helpers/rate-limit-readings.ts'

const MIN = 60_000
const HOUR = 3_600_000

function reading(extra: Partial<RateLimitObservation>): RateLimitObservation {
  return rateLimitReading({
    resetsAt: NOW + 2 * HOUR,
    firstObservedAt: NOW - 2 * HOUR,
    lastObservedAt: NOW - 2 * HOUR,
    sessionId: 'session-a',
    ...extra,
  })
}

let dash: TestDashboard

beforeAll(() => {
  dash = createTestDashboard()
})

afterAll(async () => {
  await dash.close()
})

describe('Limits page', () => {
  it('shows the how-to-start card before any reading', async () => {
    const res = await get(dash.app, '/limits')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('<title>Limits · Context Cleaner</title>')
    expect(html).toContain('context-cleaner setup claude --statusline')
    expect(html).toContain('href="/limits"')
  })

  it('refuses a request without the access token', async () => {
    const res = await get(dash.app, '/limits', { cookie: '' })
    expect(res.status).not.toBe(200)
  })

  it('loads gauges, projection, history and hits from readings stored through the store API', async () => {
    await dash.store.recordRateLimits([
      reading({ usedPercentage: 10, firstObservedAt: NOW - 2 * HOUR, lastObservedAt: NOW - 2 * HOUR }),
      reading({ usedPercentage: 30, firstObservedAt: NOW - HOUR, lastObservedAt: NOW - HOUR + 5 * MIN }),
      reading({ usedPercentage: 50, firstObservedAt: NOW - 10 * MIN, lastObservedAt: NOW - 5 * MIN }),
      reading({
        window: 'seven_day',
        usedPercentage: 100,
        resetsAt: NOW - 24 * HOUR,
        firstObservedAt: NOW - 3 * 24 * HOUR,
        lastObservedAt: NOW - 3 * 24 * HOUR,
      }),
    ])
    const ctx = createPageContext(dash.store, defaultCostModel(), 'UTC', () => NOW, new SseHub(), [])
    const data = await loadLimits(ctx, { range: '30d' })
    expect(data.anyReadings).toBe(true)
    expect(data.report.fiveHour?.usedPercentage).toBe(50)
    expect(data.report.fiveHour?.projection?.percentAtReset).toBeGreaterThan(50)
    expect(data.report.spendLimit).toBeNull()
    expect(data.history.map((s) => s.name)).toEqual(['5-hour', '7-day'])
    expect(data.history[0]?.points.map((p) => p.y)).toEqual([10, 30, 30, 50, 50])
    expect(data.hits).toEqual([
      {
        window: 'seven_day',
        reachedAt: new Date(NOW - 3 * 24 * HOUR).toISOString(),
        resetsAt: new Date(NOW - 24 * HOUR).toISOString(),
        source: 'statusline',
      },
    ])
    // The range narrows the history and the hits, not the gauges.
    const today = await loadLimits(ctx, { range: 'today' })
    expect(today.history.map((s) => s.name)).toEqual(['5-hour'])
    expect(today.hits).toEqual([])
    expect(today.report.sevenDay?.usedPercentage).toBe(100)
  })

  it('serves the page through the app, and its live region re-renders with a new reading', async () => {
    const html = await (await get(dash.app, '/limits')).text()
    expect(html).toContain('id="gauge-fiveHour"')
    expect(html).toContain('Resets in 2 h 00 min')
    expect(html).toContain('hx-trigger="store-changed from:body"')
    expect(html).toContain('svg class="chart line-chart"')
    expect(html).toContain('id="limit-hits"')

    const changes: number[] = []
    const watcher = dash.store.watchChanges(() => changes.push(Date.now()))
    try {
      await dash.store.recordRateLimits([
        reading({
          window: 'spend_limit',
          usedPercentage: 24,
          usedUsd: 12,
          limitUsd: 50,
          period: '<b>monthly</b>',
        }),
      ])
      const deadline = Date.now() + 20_000
      while (changes.length === 0 && Date.now() < deadline) await Bun.sleep(50)
      expect(changes.length).toBeGreaterThan(0)
    } finally {
      watcher.stop()
    }
    const partial = await (await get(dash.app, '/limits', { 'hx-request': 'true' })).text()
    expect(partial.startsWith('<div class="stack">')).toBe(true)
    expect(partial).toContain('$12.00 of $50.00 (&lt;b&gt;monthly&lt;/b&gt;)')
    expect(partial).not.toContain('<b>monthly')
  })

  it('lists a hit the importer read from a transcript notice, with its window', async () => {
    await dash.store.ingest({
      requests: [],
      sessions: [],
      rateLimits: [
        reading({
          window: 'seven_day_opus',
          usedPercentage: 100,
          resetsAt: NOW + 48 * HOUR,
          firstObservedAt: NOW - 30 * MIN,
          lastObservedAt: NOW - 30 * MIN,
          source: 'transcript',
        }),
      ],
    })
    const html = await (await get(dash.app, '/limits')).text()
    expect(html).toContain('id="gauge-sevenDayOpus"')
    const hits = html.slice(html.indexOf('id="limit-hits"'))
    expect(hits).toContain('<td>Opus 7-day</td>')
    expect(hits).toContain('<td>transcript</td>')
  })
})
