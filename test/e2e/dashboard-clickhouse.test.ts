// The dashboard in a real Chromium on a ClickHouse store: `serve ingest` and `serve dashboard` processes
// pointed at a private ClickHouse server, and the Overview and the explorer load cleanly with no SQLite
// store file anywhere. (Live updates on ClickHouse are checked over a socket in
// test/integration/dashboard-clickhouse.test.ts.)

import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { type ClickHouseServer, startClickHouse, uniqueDatabase } from '../helpers/clickhouse-server.ts'
import {
  createSandbox,
  launchChromium,
  openPage,
  type Sandbox,
  type ServiceProcess,
  screenshot,
  serve,
  writeSession,
} from './e2e-support.ts'

const SONNET = 'claude-sonnet-4-5-20250929'
const alpha = '/home/dev/src/alpha'
const now = Date.now()

setDefaultTimeout(30_000)

let server: ClickHouseServer
let sandbox: Sandbox
let ingest: ServiceProcess
let dashboard: ServiceProcess
let browser: Browser

beforeAll(async () => {
  server = await startClickHouse()
  sandbox = createSandbox()
  sandbox.env.CONTEXT_CLEANER_STORE = server.storeUrl(uniqueDatabase('e2e'))
  writeSession(sandbox, { cwd: alpha, sessionId: 'session-ch-1', count: 5 }, (i) => ({
    requestId: `req_ch_${i}`,
    model: SONNET,
    timestamp: now - 3_600_000 + i * 60_000,
  }))
  ingest = await serve('ingest', sandbox)
  dashboard = await serve('dashboard', sandbox)
  browser = await launchChromium()
})

afterAll(async () => {
  await browser.close()
  await dashboard.stop()
  await ingest.stop()
  sandbox.cleanup()
  await server.stop()
})

const open = (path: string) => openPage(browser, sandbox, dashboard.port, path)

describe('dashboard in Chromium on ClickHouse', () => {
  it.each([
    ['overview', '/'],
    [
      'explorer',
      `/explorer?sql=${encodeURIComponent('SELECT model, count() AS requests FROM api_requests GROUP BY model')}`,
    ],
  ])('%s loads with no console error, CSP violation or failed request', async (name, path) => {
    const { page, problems } = await open(path)
    await screenshot(page, `e2e-clickhouse-${name}`)
    expect(problems).toEqual([])
    expect(await page.locator('h1').count()).toBe(1)
    expect(existsSync(join(sandbox.env.CONTEXT_CLEANER_HOME ?? '', 'data', 'context-cleaner.db'))).toBe(false)
    await page.close()
  })
})
