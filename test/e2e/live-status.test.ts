// The "live" badge in a real Chromium: green while the dashboard answers, and no longer green (then
// "disconnected") once the dashboard service stops.

import { afterAll, beforeAll, expect, setDefaultTimeout, test } from 'bun:test'
import type { Browser } from 'playwright-core'
import {
  accessUrl,
  createSandbox,
  launchChromium,
  type Sandbox,
  type ServiceProcess,
  serve,
} from './e2e-support.ts'

setDefaultTimeout(60_000)

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

test('the badge shows live, then disconnected after the services stop', async () => {
  const page = await browser.newPage()
  await page.goto(accessUrl(sandbox, dashboard.port, '/'))
  const badge = page.locator('#live-stream')
  await page.waitForFunction("document.querySelector('#live-stream')?.getAttribute('data-state') === 'live'")
  expect(await badge.textContent()).toBe('live')

  await dashboard.stop()
  await page.waitForFunction(
    "document.querySelector('#live-stream')?.getAttribute('data-state') === 'disconnected'",
    undefined,
    { timeout: 20_000 },
  )
  expect(await badge.textContent()).toBe('disconnected')
  expect(await badge.getAttribute('title')).toContain('retrying')
  // A string: the test's own types have no DOM.
  const dot = await page.evaluate(
    "getComputedStyle(document.querySelector('#live-stream'), '::before').color",
  )
  expect(dot).toBe('rgb(180, 35, 24)')
})
