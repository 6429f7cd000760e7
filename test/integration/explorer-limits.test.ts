// The explorer against a real `serve dashboard` process, as the adversarial review attacked it:
// `SELECT hex(zeroblob(100000000))` used to raise the dashboard's RSS from 66 to 456 MB (the child's
// answer was read without a cap) and a query child reached 950 MB; eight queries at once ran twelve
// processes. Now the answer is refused inside the budget, the dashboard stays small, and at most two
// query children run at a time.

import { afterAll, beforeAll, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { rssBytesFromStatus } from '../../src/supervisor/resource-readings.ts'
import { createSandbox, type Sandbox, type ServiceProcess, serve } from '../e2e/e2e-support.ts'
import { dashboardAccess } from '../helpers/dashboard-access.ts'

let sandbox: Sandbox
let dashboard: ServiceProcess
let headers: { cookie: string }
const MB = 1024 * 1024

beforeAll(async () => {
  sandbox = createSandbox()
  dashboard = await serve('dashboard', sandbox)
  headers = dashboardAccess(join(sandbox.root, 'cc-home'), dashboard.port).headers
})

afterAll(async () => {
  await dashboard.stop()
  sandbox.cleanup()
})

const rss = (pid: number) => rssBytesFromStatus(readFileSync(`/proc/${pid}/status`, 'utf8')) ?? 0
const queryChildren = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).length

const explore = (sql: string) =>
  fetch(`http://127.0.0.1:${dashboard.port}/explorer?sql=${encodeURIComponent(sql)}`, { headers })

test('a 200 MB answer is refused, and the dashboard does not grow by it', async () => {
  const before = rss(dashboard.pid)
  const page = await (await explore('SELECT hex(zeroblob(100000000))')).text()
  const csv = await fetch(
    `http://127.0.0.1:${dashboard.port}/explorer.csv?sql=${encodeURIComponent('SELECT hex(zeroblob(100000000))')}`,
    { headers },
  )
  expect(page.match(/needed more than 384 MB of memory|larger than a result may be/)?.[0]).toBeDefined()
  expect(csv.status).toBe(400)
  expect(rss(dashboard.pid) - before).toBeLessThan(64 * MB)
})

test('a flood of slow queries runs at most two children; the rest are told the explorer is busy', async () => {
  const slow = 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n'
  let most = 0
  const watch = setInterval(() => {
    most = Math.max(most, queryChildren(dashboard.pid))
  }, 20)
  const pages = await Promise.all(Array.from({ length: 8 }, async () => (await explore(slow)).text()))
  clearInterval(watch)
  const busy = pages.filter((p) => p.includes('queries are already running')).length
  const stopped = pages.filter((p) => p.includes('ran longer than')).length
  expect([busy, stopped]).toEqual([6, 2])
  expect(most).toBeLessThanOrEqual(2)
})
