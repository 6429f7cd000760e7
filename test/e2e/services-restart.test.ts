// The Services page against a real supervisor (`context-cleaner run`): the restart button restarts the
// service, and the page shows its new process.

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
