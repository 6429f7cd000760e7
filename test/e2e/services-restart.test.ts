// The Services page against a real supervisor (`context-cleaner run`): each process's memory and CPU
// with a chart of their history, and the restart button restarts the service, and the page shows its
// new process.

import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test'
import type { Browser } from 'playwright-core'
import {
  cli,
  createSandbox,
  freePort,
  launchChromium,
  type Sandbox,
  screenshot,
  watchProblems,
} from './e2e-support.ts'

setDefaultTimeout(60_000)

let sandbox: Sandbox
let browser: Browser
let dashboardUrl: string

beforeAll(async () => {
  sandbox = createSandbox()
  const run = await cli(
    ['run', '--no-browser', '--port', String(freePort()), '--collector-port', String(freePort())],
    sandbox,
  )
  expect(run.exitCode).toBe(0)
  dashboardUrl = run.stdout.trim()
  browser = await launchChromium()
})

afterAll(async () => {
  await browser.close()
  expect((await cli(['stop'], sandbox)).exitCode).toBe(0)
  sandbox.cleanup()
})

describe('services page', () => {
  it('shows the memory, limit and CPU of every process, and charts them', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const problems = watchProblems(page)
    // The supervisor samples every 2 s; the page is read once two samples (and so a CPU figure) exist.
    await Bun.sleep(4500)
    // The URL `run` printed (it carries the access token), with the path of the Services page.
    const services = new URL(dashboardUrl)
    services.pathname = '/services'
    await page.goto(services.href, { waitUntil: 'load' })
    for (const [name, limit] of [
      ['supervisor', ''],
      ['ingest', ' / 384.0 MB'],
      ['collector', ' / 512.0 MB'],
      ['dashboard', ' / 384.0 MB'],
    ]) {
      const row = page.locator(`#services tr[data-service="${name}"]`)
      expect(await row.locator('td.memory').textContent()).toMatch(new RegExp(`^\\d+\\.\\d MB${limit}$`))
      expect(await row.locator('td.cpu').textContent()).toMatch(/^\d+(\.\d)?%$/)
    }
    const charts = page.locator('#resource-history svg.line-chart')
    expect(await charts.count()).toBe(2)
    expect(await charts.first().locator('polyline').count()).toBe(4)
    expect(await charts.first().isVisible()).toBe(true)
    await screenshot(page, 'e2e-services-resources')
    expect(problems).toEqual([])
    await page.close()
  })

  it('restarts a service with its button', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const problems = watchProblems(page)
    // The URL `run` printed, as a person would follow it, with the path of the Services page.
    const services = new URL(dashboardUrl)
    services.pathname = '/services'
    await page.goto(services.href, { waitUntil: 'load' })
    const row = page.locator('#services tr[data-service="ingest"]')
    const pidBefore = await row.locator('td').nth(2).textContent()
    expect(await row.locator('td').nth(1).textContent()).toBe('running')
    await row.locator('button', { hasText: 'Restart' }).click()
    await page.locator('#services p[role="status"]', { hasText: 'Restarted ingest' }).waitFor()
    await screenshot(page, 'e2e-services-restarted')
    expect(await row.locator('td').nth(4).textContent()).toBe('1')
    expect(await row.locator('td').nth(2).textContent()).not.toBe(pidBefore)
    expect(problems).toEqual([])
    await page.close()
  })
})
