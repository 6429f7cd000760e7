// Every page at a phone's width (420 px), with data that has long ids and a long project path: nothing
// may push the document wider than the viewport (tables scroll in their own box instead).

import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test'
import type { Browser } from 'playwright-core'
import {
  accessUrl,
  cli,
  createSandbox,
  launchChromium,
  type Sandbox,
  type ServiceProcess,
  serve,
  writeSession,
} from './e2e-support.ts'

setDefaultTimeout(30_000)

const project = `/home/dev/${'very-long-project-directory-name/'.repeat(4)}repository-without-breaks_${'x'.repeat(60)}`
const session = `5e55a0a1-2222-4aaa-8bbb-${'0'.repeat(12)}-with-a-much-longer-session-identifier`
const now = Date.now()

let sandbox: Sandbox
let dashboard: ServiceProcess
let browser: Browser

beforeAll(async () => {
  sandbox = createSandbox()
  writeSession(sandbox, { cwd: project, sessionId: session, count: 4 }, (i) => ({
    requestId: `req_${'r'.repeat(70)}_${i}`,
    model: 'claude-sonnet-4-5-20250929',
    timestamp: now - 3_600_000 + i * 60_000,
  }))
  const imported = await cli(['import'], sandbox)
  if (imported.exitCode !== 0) throw new Error(imported.stderr)
  dashboard = await serve('dashboard', sandbox)
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await dashboard?.stop()
  sandbox.cleanup()
})

describe('pages at 420 px', () => {
  it.each([
    '/',
    '/sessions',
    `/sessions/${session}`,
    `/sessions/${session}/context`,
    '/projects',
    '/team',
    '/limits',
    '/tools',
    '/telemetry',
    `/explorer?sql=${encodeURIComponent('SELECT session_id, project, request_id, model FROM api_requests')}`,
    '/services',
  ])('%s does not scroll sideways', async (path) => {
    const page = await browser.newPage({ viewport: { width: 420, height: 800 } })
    const res = await page.goto(accessUrl(sandbox, dashboard.port, path), { waitUntil: 'load' })
    expect(res?.status()).toBe(200)
    // A string, as the other browser tests pass: the repo's TypeScript has no DOM types.
    const widths = (await page.evaluate(`(() => {
      const d = document.documentElement
      // What sticks out, to name in a failure: elements past the edge, or content wider than the screen.
      const wide = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > d.clientWidth + 1 || e.scrollWidth > d.clientWidth + 1)
        .slice(-5)
        .map((e) => e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))
      const narrowest = Math.min(...[...document.querySelectorAll('td.key')].map((e) => e.clientWidth))
      return { scroll: d.scrollWidth, client: d.clientWidth, wide, narrowest }
    })()`)) as { scroll: number; client: number; wide: string[]; narrowest: number }
    // An id or path in a key cell keeps a readable width instead of one character per line.
    if (Number.isFinite(widths.narrowest)) expect(widths.narrowest).toBeGreaterThan(80)
    expect({ path, ...widths, narrowest: 0, wide: widths.scroll > widths.client ? widths.wide : [] }).toEqual(
      {
        path,
        scroll: widths.client,
        client: widths.client,
        narrowest: 0,
        wide: [],
      },
    )
    await page.close()
  })
})
