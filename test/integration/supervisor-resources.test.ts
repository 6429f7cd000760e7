// The watchdog's resource watch and retry policy against real processes: the real supervisor with fake
// services, memory limits from the real setting, and the real `status`.

import { afterEach, beforeEach, expect, setDefaultTimeout, test } from 'bun:test'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Subprocess } from 'bun'
import { isAlive } from '../../src/supervisor/process-info.ts'
import { renderStatus } from '../../src/supervisor/render-status.ts'
import { supervisorServices } from '../../src/web/services/supervisor-services.ts'
import { createTestDashboard, get } from '../helpers/dashboard.ts'
import {
  byName,
  leftovers,
  makeHome,
  pidOf,
  processesOfHome,
  startFake,
  stopAndExpectNothingLeft,
  type TestHome,
  testPolicy,
  waitFor,
} from '../helpers/supervisor.ts'

let home: TestHome
let supervisor: Subprocess
setDefaultTimeout(30_000)

beforeEach(() => {
  home = makeHome()
})

afterEach(() => stopAndExpectNothingLeft(home, supervisor))

test('status --json carries memory, CPU and the memory limit of every process', async () => {
  supervisor = await startFake(home, 'ingest:ok,collector:ok', testPolicy, {
    CONTEXT_CLEANER_MEMORY_LIMIT: 'collector=300',
  })
  await waitFor(
    async () => (await home.status()).every((p) => p.rssBytes !== null && p.cpuPercent !== null),
    'figures for every process',
  )
  const status = await home.status()
  for (const p of status) {
    expect(p.rssBytes).toBeGreaterThan(5 * 2 ** 20)
    expect(p.rssBytes).toBeLessThan(1024 * 2 ** 20)
    expect(p.cpuPercent).toBeGreaterThanOrEqual(0)
  }
  expect(status.map((p) => [p.name, p.memoryLimitBytes, p.warning])).toEqual([
    ['supervisor', null, null],
    ['ingest', 384 * 2 ** 20, null],
    ['collector', 300 * 2 ** 20, null],
  ])
  const table = renderStatus(status)
  expect(table).toContain('/ 300 MB')
  expect(table).toMatch(/│ collector +│ \d+ +│ \d+ +│ running │ 0 +│ [\d.]+ MB \/ 300 MB │ [\d.]+% +│/)
})

test('a service above its memory limit is restarted, and status says why', async () => {
  supervisor = await startFake(home, 'ingest:ok,collector:ok', testPolicy, {
    CONTEXT_CLEANER_MEMORY_LIMIT: 'collector=5',
  })
  await waitFor(async () => byName(await home.status(), 'collector').restarts >= 1, 'collector restarted')
  const collector = byName(await home.status(), 'collector')
  expect(collector.memoryLimitBytes).toBe(5 * 2 ** 20)
  expect(collector.lastError).toMatch(/^memory [\d.]+ MB above its 5 MB limit for 2 checks in a row/)
  expect(byName(await home.status(), 'ingest')).toMatchObject({ state: 'running', restarts: 0 })
  const log = (await home.cli(['logs', 'collector'])).stdout
  expect(log).toMatch(/\[supervisor\] killing: memory [\d.]+ MB above its 5 MB limit/)
})

test('a service above its memory limit that ignores SIGTERM is killed with SIGKILL after the grace', async () => {
  supervisor = await startFake(home, 'ingest:ok,collector:ignore-sigterm', testPolicy, {
    CONTEXT_CLEANER_MEMORY_LIMIT: 'collector=5',
  })
  const first = pidOf(byName(await home.status(), 'collector'))
  // SIGTERM alone would leave it running for good: no exit, so no restart.
  await waitFor(async () => byName(await home.status(), 'collector').restarts >= 1, 'collector restarted')
  expect(isAlive(first)).toBe(false)
  const collector = byName(await home.status(), 'collector')
  expect(collector.pid).not.toBe(first)
  expect(collector.lastError).toMatch(/^memory [\d.]+ MB above its 5 MB limit for 2 checks in a row/)
})

test('sustained high CPU is a warning in status and on the Services page, which shows every figure', async () => {
  // Low figures: on a loaded shared machine a busy process may get only a fraction of a core.
  const policy = { ...testPolicy, healthIntervalMs: 500, cpuWarnPercent: 10, cpuWarnAfterMs: 1500 }
  supervisor = await startFake(home, 'ingest:busy,collector:ok', policy, {
    CONTEXT_CLEANER_MEMORY_LIMIT: 'collector=300',
  })
  let ingest = byName(await home.status(), 'ingest')
  await waitFor(async () => {
    ingest = byName(await home.status(), 'ingest')
    return ingest.warning !== null
  }, 'a CPU warning')
  expect(ingest.warning).toMatch(/^CPU \d+% for \d+ s \(above 10% of a core\)$/)
  expect(ingest).toMatchObject({ state: 'running', restarts: 0, lastError: null })

  // The dashboard's page, from the same supervisor over its socket.
  const dash = createTestDashboard(supervisorServices(home.paths.socket))
  const html = await (await get(dash.app, '/services')).text()
  await dash.close()
  const row = (name: string) => new RegExp(`<tr data-service="${name}">[\\s\\S]*?</tr>`).exec(html)?.[0] ?? ''
  expect(row('supervisor')).toMatch(/<td class="num memory">[\d.]+ MB<\/td><td class="num cpu">[\d.]+%<\/td>/)
  expect(row('collector')).toMatch(
    /<td class="num memory">[\d.]+ MB \/ 300\.0 MB<\/td><td class="num cpu">[\d.]+%<\/td>/,
  )
  expect(row('ingest')).toMatch(
    /<span class="badge warn warning">CPU \d+% for \d+ s \(above 10% of a core\)<\/span>/,
  )
  const charts = /<section class="card" id="resource-history">[\s\S]*?<\/section>/.exec(html)?.[0] ?? ''
  expect(charts.match(/<svg class="chart line-chart"/g)).toHaveLength(2)
  expect(charts.match(/<polyline class="line" points="[\d., ]+"/g)).toHaveLength(6)
  expect(charts).toContain('<title>collector</title>')
})

test('a failed service is tried again slowly, and its error clears once it has run stably', async () => {
  const marker = join(home.home, 'ready-now')
  const policy = { ...testPolicy, maxAttempts: 2, slowRetryMs: 2000, stableAfterMs: 500 }
  supervisor = await startFake(home, 'ingest:fail-until-file', policy, { FAKE_UNTIL_FILE: marker })
  expect(byName(await home.status(), 'ingest').lastError).toMatch(
    /^exited with code 1: fake failure: cannot open the store \(\d failures in a row; trying again every 2 s\)$/,
  )
  // Two attempts, then the third only after the slow interval: it did not give up.
  await waitFor(async () => byName(await home.status(), 'ingest').restarts >= 2, 'a slow retry')
  writeFileSync(marker, '')
  await waitFor(async () => byName(await home.status(), 'ingest').state === 'running', 'ingest running')
  await waitFor(async () => byName(await home.status(), 'ingest').lastError === null, 'the error cleared')
})

test('kill -9 of the supervisor ends its services too', async () => {
  supervisor = await startFake(home, 'ingest:ok,collector:ok')
  const status = await home.status()
  process.kill(pidOf(byName(status, 'supervisor')), 'SIGKILL')
  await waitFor(() => processesOfHome(home).length === 0, 'every service gone')
  expect(
    leftovers(
      home,
      status.flatMap((p) => (p.pid === null ? [] : [p.pid])),
    ).alive,
  ).toEqual([])
})

test.skipIf(process.platform !== 'linux' || Bun.which('prlimit') === null)(
  'each service runs under its hard address-space ceiling',
  async () => {
    supervisor = await startFake(home, 'ingest:ok,collector:ok', testPolicy, {
      CONTEXT_CLEANER_MEMORY_LIMIT: 'ingest=1024,collector=off',
    })
    const status = await home.status()
    const ceiling = (name: string) =>
      /^Max address space\s+(\S+)/m.exec(
        readFileSync(`/proc/${pidOf(byName(status, name))}/limits`, 'utf8'),
      )?.[1]
    expect([ceiling('ingest'), ceiling('collector')]).toEqual([String(2816 * 2 ** 20), 'unlimited'])
  },
)
