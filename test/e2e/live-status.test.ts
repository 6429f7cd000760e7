// The "live" badge in a real Chromium: green while the dashboard answers, "disconnected" once the
// dashboard service stops, and green again when a dashboard comes back on the same address.
// The waits are locators, not waitForFunction: a string predicate is evaluated with eval, which the
// page's CSP (script-src 'self') refuses whenever the first check does not already pass.

import { afterAll, beforeAll, expect, setDefaultTimeout, test } from 'bun:test'
import type { Browser, Page } from 'playwright-core'
import {
  accessUrl,
  createSandbox,
  launchChromium,
  type Sandbox,
  type ServiceProcess,
  serve,
} from './e2e-support.ts'

setDefaultTimeout(90_000)

let sandbox: Sandbox
let dashboard: ServiceProcess
let browser: Browser

beforeAll(async () => {
  sandbox = createSandbox()
  dashboard = await serve('dashboard', sandbox)
  browser = await launchChromium()
})

afterAll(async () => {
  await browser.close()
  await dashboard.stop()
  sandbox.cleanup()
})

async function badgeReaches(page: Page, state: 'live' | 'disconnected'): Promise<void> {
  await page.locator(`#live-stream[data-state="${state}"]`).waitFor({ timeout: 30_000 })
}

test('the badge shows live, disconnected after the service stops, and live again when it is back', async () => {
  const page = await browser.newPage()
  await page.goto(accessUrl(sandbox, dashboard.port, '/'))
  const badge = page.locator('#live-stream')
  await badgeReaches(page, 'live')
  expect(await badge.textContent()).toBe('live')

  const port = dashboard.port
  await dashboard.stop()
  await badgeReaches(page, 'disconnected')
  expect(await badge.textContent()).toBe('disconnected')
  expect(await badge.getAttribute('title')).toContain('retrying')
  // A string: the test's own types have no DOM (evaluate goes over the protocol, not through eval).
  const dot = await page.evaluate(
    "getComputedStyle(document.querySelector('#live-stream'), '::before').color",
  )
  expect(dot).toBe('rgb(180, 35, 24)')

  // htmx keeps retrying with back-off; the next try that connects turns the badge green again.
  dashboard = await serve('dashboard', sandbox, port)
  await badgeReaches(page, 'live')
  expect(await badge.textContent()).toBe('live')
  expect(await badge.getAttribute('title')).toBe('Updates arrive over a live connection')
})
