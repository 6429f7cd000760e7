// The dashboard in a real Chromium, against real `serve ingest` and `serve dashboard` processes that
// share one store: every page loads cleanly, charts draw, filters change the numbers, a line appended
// to a transcript shows up on the open Overview without a reload, and a session's Context view draws.

import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test'
import { copyFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { loadConfig } from '../../src/config/load-config.ts'
import type { RateLimitWindow } from '../../src/model/rate-limits.ts'
import { openStore } from '../../src/store/open-store.ts'
import { rateLimitReading } from '../helpers/rate-limit-readings.ts'
import {
  accessUrl,
  appendTranscript,
  assistantLine,
  createSandbox,
  launchChromium,
  openPage,
  type Sandbox,
  type ServiceProcess,
  screenshot,
  serve,
  transcriptPath,
  watchProblems,
  writeSession,
} from './e2e-support.ts'

const SONNET = 'claude-sonnet-4-5-20250929'
const OPUS = 'claude-opus-4-1-20250805'
const alpha = '/home/dev/src/alpha'
const beta = '/home/dev/src/beta-<b>"x"</b>'
/** A hand-made session with reads, edits and a paste (dated May 2026, outside the default 30 days). */
const CONTEXT_SESSION = '5e55a0a1-1111-4aaa-8bbb-000000000001'
const now = Date.now()

// Real processes and a browser: more room than unit tests (bunfig's [test] timeout is not applied by Bun 1.4.5).
setDefaultTimeout(30_000)

let sandbox: Sandbox
let ingest: ServiceProcess
let dashboard: ServiceProcess
let browser: Browser
let base: string
let liveTranscript: string

beforeAll(async () => {
  sandbox = createSandbox()
  liveTranscript = writeSession(sandbox, { cwd: alpha, sessionId: 'session-alpha-1', count: 12 }, (i) => ({
    requestId: `req_a1_${i}`,
    model: SONNET,
    timestamp: now - 3 * 3_600_000 + i * 120_000,
    cacheRead: 20_000 + i * 8000,
  }))
  writeSession(sandbox, { cwd: alpha, sessionId: 'session-alpha-0', count: 6 }, (i) => ({
    requestId: `req_a0_${i}`,
    model: SONNET,
    timestamp: now - 2 * 86_400_000 + i * 300_000,
  }))
  writeSession(sandbox, { cwd: beta, sessionId: 'session-beta-1', count: 8 }, (i) => ({
    requestId: `req_b1_${i}`,
    model: OPUS,
    timestamp: now - 26 * 3_600_000 + i * 60_000,
    output: 3000,
  }))
  copyFileSync(
    join(import.meta.dir, '..', 'fixtures', 'context', 'reads-and-edits.jsonl'),
    transcriptPath(sandbox, '/home/dev/app', CONTEXT_SESSION),
  )
  ingest = await serve('ingest', sandbox)
  dashboard = await serve('dashboard', sandbox)
  base = `http://127.0.0.1:${dashboard.port}`
  browser = await launchChromium()
})

afterAll(async () => {
  await browser.close()
  await dashboard.stop()
  await ingest.stop()
  sandbox.cleanup()
})

const open = (path: string) => openPage(browser, sandbox, dashboard.port, path)

describe('dashboard in Chromium', () => {
  it.each([
    ['overview', '/'],
    ['sessions', '/sessions'],
    ['session', '/sessions/session-alpha-1'],
    ['context', `/sessions/${CONTEXT_SESSION}/context`],
    ['projects', '/projects'],
    ['limits', '/limits'],
    ['tools', '/tools'],
    ['telemetry', '/telemetry'],
    [
      'explorer',
      `/explorer?sql=${encodeURIComponent('SELECT model, count(*) AS requests FROM api_requests GROUP BY model')}`,
    ],
    ['services', '/services'],
  ])('%s loads with no console error, CSP violation or failed request', async (name, path) => {
    const { page, problems } = await open(path)
    await screenshot(page, `e2e-${name}`)
    expect(problems).toEqual([])
    expect(await page.locator('h1').count()).toBe(1)
    await page.close()
  })

  it('draws the charts', async () => {
    const { page, problems } = await open('/')
    const bars = page.locator('svg.bar-chart rect.bar')
    expect(await bars.count()).toBe(30)
    const heights = await bars.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))
    expect(heights.filter((h) => h > 1).length).toBe(3)
    await page.goto(`${base}/sessions/session-alpha-1`, { waitUntil: 'load' })
    const line = await page.locator('svg.line-chart polyline').first().boundingBox()
    expect(line?.width ?? 0).toBeGreaterThan(100)
    expect(await page.locator('svg.stacked-bar-chart rect.bar').count()).toBe(48)
    expect(problems).toEqual([])
    await page.close()
  })

  it('draws the Context view, reached from the session page', async () => {
    const { page, problems } = await open(`/sessions/${CONTEXT_SESSION}`)
    await Promise.all([
      page.waitForURL(/\/context$/),
      page.click(`a[href="/sessions/${CONTEXT_SESSION}/context"]`),
    ])
    const bars = page.locator('svg.context-chart rect.bar')
    const heights = await bars.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))
    expect(heights.filter((h) => h > 0).length).toBeGreaterThan(14)
    expect(await page.locator('svg.context-chart .window-line line').count()).toBe(1)
    expect(await page.locator('#health-score').textContent()).toMatch(/^\d+$/)
    expect(await page.locator('#findings tbody tr').count()).toBe(6)
    await page.click('text=Zoom to the requests')
    expect(page.url()).toEndWith('/context?scale=data')
    await screenshot(page, 'e2e-context-zoomed')
    expect(problems).toEqual([])
    await page.close()
  })

  it('changes the numbers when a filter is applied', async () => {
    const { page, problems } = await open('/')
    const all = await page.locator('#range-total').textContent()
    await page.selectOption('select[name="model"]', OPUS)
    await Promise.all([page.waitForURL(/model=/), page.click('form.filters button[type="submit"]')])
    const opus = await page.locator('#range-total').textContent()
    await screenshot(page, 'e2e-overview-filtered')
    expect(all).toContain('26 requests in this range')
    expect(opus).toContain('8 requests in this range')
    expect(page.url()).toContain(`model=${encodeURIComponent(OPUS)}`)
    expect(problems).toEqual([])
    await page.close()
  })

  it('shows a line appended to a transcript on the open Overview, without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const problems = watchProblems(page)
    const connected = page.waitForResponse((r) => r.url().includes('/events'))
    await page.goto(accessUrl(sandbox, dashboard.port, '/'), { waitUntil: 'domcontentloaded' })
    await connected
    await page.evaluate(() => {
      ;(globalThis as unknown as { notReloaded: boolean }).notReloaded = true
    })
    expect(await page.locator('#live-feed tr[data-key="req:req_live_1"]').count()).toBe(0)
    appendTranscript(
      liveTranscript,
      assistantLine({
        requestId: 'req_live_1',
        sessionId: 'session-alpha-1',
        cwd: alpha,
        model: SONNET,
        timestamp: Date.now(),
      }),
    )
    await page.locator('#live-feed tr[data-key="req:req_live_1"]').waitFor({ timeout: 10_000 })
    await screenshot(page, 'e2e-overview-live')
    expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    )
    expect(await page.locator('#range-total').textContent()).toContain('27 requests in this range')
    expect(problems).toEqual([])
    await page.close()
  })

  it('colours the limit gauges by how full they are, a full one apart from a filling one', async () => {
    const store = openStore(loadConfig({}, sandbox.env))
    const at = Date.now() - 60_000
    const reading = (window: RateLimitWindow, usedPercentage: number) =>
      rateLimitReading({
        window,
        usedPercentage,
        resetsAt: at + 3_600_000,
        firstObservedAt: at,
        lastObservedAt: at,
      })
    try {
      await store.recordRateLimits([
        reading('five_hour', 42),
        reading('seven_day', 80),
        reading('spend_limit', 95),
      ])
    } finally {
      await store.close()
    }
    const { page, problems } = await open('/limits')
    const levels = await page
      .locator('svg.gauge-bar')
      .evaluateAll((els) => els.map((e) => e.getAttribute('class')))
    expect(levels).toEqual(['gauge-bar low', 'gauge-bar medium', 'gauge-bar high'])
    const fills = await page.locator('svg.gauge-bar .gauge-fill').evaluateAll((els) => {
      const svg = els[0]?.parentElement
      const fillOf = (e: (typeof els)[number]) => e.ownerDocument.defaultView?.getComputedStyle(e).fill
      // What the stylesheet's variables resolve to in this page, to compare computed colours with.
      const probe = (colour: string) => {
        const rect = svg?.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'rect')
        if (!rect) return undefined
        rect.style.fill = colour
        svg?.append(rect)
        const value = fillOf(rect)
        rect.remove()
        return value
      }
      return {
        gauges: els.map(fillOf),
        warn: probe('var(--warn)'),
        error: probe('var(--error)'),
      }
    })
    const [low, medium, high] = fills.gauges
    expect(medium).toBe(fills.warn)
    expect(high).toBe(fills.error)
    expect(new Set([low, medium, high]).size).toBe(3)
    await screenshot(page, 'e2e-limits-gauges')
    expect(problems).toEqual([])
    await page.close()
  })

  it('works without JavaScript for reading', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(accessUrl(sandbox, dashboard.port, '/sessions?sort=cost'))
    expect(await page.locator('#sessions tbody tr').count()).toBe(3)
    await page.click('a[href^="/sessions/session-beta-1"]')
    expect(await page.locator('h1').textContent()).toBe('session-beta-1')
    await context.close()
  })
})
