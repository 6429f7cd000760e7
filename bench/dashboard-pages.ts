// Dashboard speed with a million API requests in the store: server time per page (through app.handle,
// so no network) and live-update latency (a commit, or a transcript line, until the SSE event arrives
// and the refreshed region is rendered). Targets: page p95 < 100 ms, SSE p95 < 500 ms.
//
//   bun bench/dashboard-pages.ts [--requests 1000000] [--runs 30]

import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { defaultCostModel } from '../src/analytics/pricing/default-cost-model.ts'
import type { ApiRequestRecord } from '../src/model/records.ts'
import { parseReadyLine } from '../src/services/service.ts'
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts'
import { createDashboardApp } from '../src/web/create-dashboard-app.ts'
import { SseHub } from '../src/web/live/sse-hub.ts'
import { accessCookieName } from '../src/web/security/dashboard-access.ts'
import { supervisorNotRunning } from '../src/web/services/services-control.ts'
import { dashboardAccess } from '../test/helpers/dashboard-access.ts'
import { seedDashboardStore } from './seed-dashboard-store.ts'

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '30' } },
})
const REQUESTS = Number(values.requests)
const RUNS = Number(values.runs)
const out = (line = '') => process.stdout.write(`${line}\n`)

function stats(samples: number[]): { median: number; p95: number; max: number } {
  const s = [...samples].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? 0 }
}

function row(label: string, samples: number[], target: number): string {
  const { median, p95, max } = stats(samples)
  const mark = p95 < target ? 'ok' : 'OVER'
  return `${label.padEnd(44)} ${median.toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${max.toFixed(1).padStart(8)}  ${mark}`
}

const home = mkdtempSync(join(tmpdir(), 'cc-bench-dashboard-'))
const dbPath = join(home, 'cc-home', 'data', 'context-cleaner.db')
mkdirSync(join(home, 'cc-home', 'data'), { recursive: true })
const now = Date.now()

out(`Seeding ${REQUESTS.toLocaleString('en-US')} API requests (rollup triggers on)…`)
const started = performance.now()
const { sessions } = await seedDashboardStore({ path: dbPath, requests: REQUESTS, now })
out(
  `  ${sessions.toLocaleString('en-US')} sessions in ${((performance.now() - started) / 1000).toFixed(1)} s`,
)

const store = new SqliteStore(dbPath)
const hub = new SseHub()
const app = createDashboardApp({
  store,
  costs: defaultCostModel(),
  timezone: 'UTC',
  hub,
  services: supervisorNotRunning('bench'),
  csrfToken: 'bench',
  accessToken: 'bench-access-token',
  hosts: { names: ['localhost'], port: () => 80 },
  claudeDirs: [],
})
const benchCookie = `${accessCookieName(80)}=bench-access-token`
const request = (path: string, headers: Record<string, string> = {}) =>
  app.handle(
    new Request(`http://localhost${path}`, {
      headers: { host: 'localhost', cookie: benchCookie, ...headers },
    }),
  )

const sessionId = `00000000-0000-4000-8000-${Math.floor(sessions / 2)
  .toString(16)
  .padStart(12, '0')}`
const pages: [string, string, Record<string, string>?][] = [
  ['Overview (30 days)', '/'],
  ['Overview live refresh (htmx partial)', '/', { 'hx-request': 'true' }],
  ['Overview, one project (30 days)', '/?project=project-7'],
  ['Overview (90 days)', '/?range=90d'],
  ['Overview (all time)', '/?range=all'],
  ['Sessions (30 days, newest)', '/sessions'],
  ['Sessions (all time, by cost)', '/sessions?range=all&sort=cost'],
  ['Sessions search (all time)', '/sessions?range=all&q=project-3'],
  ['Session page (200 requests)', `/sessions/${sessionId}`],
  ['Projects & models (30 days)', '/projects'],
  ['Projects & models (all time)', '/projects?range=all'],
  ['Tools', '/tools'],
  ['Telemetry', '/telemetry'],
  ['Services', '/services'],
  ['Explorer (page + schema)', '/explorer'],
  [
    'Explorer query (count by model, 1M rows)',
    `/explorer?sql=${encodeURIComponent('SELECT model, count(*) FROM api_requests GROUP BY model')}`,
  ],
]

out()
out(`Server time per page, ${RUNS} runs after 3 warm-ups (ms)`)
out(`${'page'.padEnd(44)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)}`)
for (const [label, path, headers] of pages) {
  for (let i = 0; i < 3; i++) await (await request(path, headers)).text()
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    const res = await request(path, headers)
    await res.text()
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
    samples.push(performance.now() - t0)
  }
  out(row(label, samples, 100))
}

// Live updates, in process: another connection commits; the watcher polls data_version.
const decoder = new TextDecoder()
const watcher = store.watchChanges(() => hub.publish())
const writer = new SqliteStore(dbPath)
const stream = await app.handle(
  new Request('http://localhost/events', { headers: { host: 'localhost', cookie: benchCookie } }),
)
const reader = (stream.body as ReadableStream<Uint8Array | string>).getReader()
const nextEvent = async (name: string) => {
  for (;;) {
    const { value } = await reader.read()
    const text = typeof value === 'string' ? value : decoder.decode(value)
    if (text.includes(`event: ${name}`)) return
  }
}
await nextEvent('live-connected')
function liveRecord(i: number): ApiRequestRecord {
  return {
    key: `req:bench-live-${i}`,
    messageId: null,
    requestId: `bench-live-${i}`,
    sessionId,
    project: '/home/dev/src/project-7',
    model: 'claude-sonnet-4-5-20250929',
    timestamp: Date.now(),
    inputTokens: 10,
    outputTokens: 500,
    cacheCreationTokens: 1000,
    cacheReadTokens: 80_000,
    cacheCreation5mTokens: 1000,
    cacheCreation1hTokens: 0,
    costUsd: null,
    durationMs: 1000,
    gitBranch: 'main',
    version: '2.1.0',
    isSidechain: false,
    agentId: null,
    source: 'transcript',
  }
}
const commitToEvent: number[] = []
const commitToRegion: number[] = []
for (let i = 0; i < RUNS; i++) {
  await Bun.sleep(20 + Math.random() * 100)
  const t0 = performance.now()
  await writer.ingest({ requests: [liveRecord(i)], sessions: [] })
  await nextEvent('store-changed')
  commitToEvent.push(performance.now() - t0)
  await (await request('/', { 'hx-request': 'true' })).text()
  commitToRegion.push(performance.now() - t0)
}
await reader.cancel()
await writer.close()
watcher.stop()

// Live updates end to end: real `serve ingest` and `serve dashboard` processes on the same store; a line
// appended to a transcript until the SSE event reaches a client, and until the refreshed region is back.
const claudeDir = join(home, 'claude')
const projectDir = join(claudeDir, 'projects', '-home-dev-src-live')
mkdirSync(projectDir, { recursive: true })
const transcript = join(projectDir, 'bench-live-session.jsonl')
writeFileSync(transcript, '')
const env = {
  PATH: process.env.PATH ?? '',
  HOME: home,
  CONTEXT_CLEANER_HOME: join(home, 'cc-home'),
  CLAUDE_CONFIG_DIR: claudeDir,
  TZ: 'UTC',
}
const mainScript = resolve(import.meta.dir, '..', 'src', 'cli', 'main.ts')
async function serve(name: string) {
  const child = Bun.spawn([process.execPath, mainScript, 'serve', name, '--port', '0'], {
    env,
    stdout: 'pipe',
    stderr: 'ignore',
  })
  const lines = child.stdout.getReader()
  let text = ''
  for (;;) {
    const { value, done } = await lines.read()
    if (done) throw new Error(`serve ${name} exited`)
    text += decoder.decode(value)
    const ready = text
      .split('\n')
      .map(parseReadyLine)
      .find((r) => r !== undefined)
    if (ready) return { child, port: ready.port }
  }
}
await store.close()
const ingest = await serve('ingest')
const dashboard = await serve('dashboard')
const access = dashboardAccess(join(home, 'cc-home'), dashboard.port)
const sse = await fetch(`http://127.0.0.1:${dashboard.port}/events`, { headers: access.headers })
const sseReader = (sse.body as ReadableStream<Uint8Array>).getReader()
const nextRemote = async (name: string) => {
  for (;;) {
    const { value } = await sseReader.read()
    if (decoder.decode(value).includes(`event: ${name}`)) return
  }
}
await nextRemote('live-connected')
const lineToEvent: number[] = []
const lineToRegion: number[] = []
for (let i = 0; i < RUNS; i++) {
  await Bun.sleep(50 + Math.random() * 100)
  const requestId = `req_bench_line_${i}`
  const line = JSON.stringify({
    type: 'assistant',
    requestId,
    sessionId: 'bench-live-session',
    cwd: '/home/dev/src/live',
    timestamp: new Date().toISOString(),
    message: {
      id: `msg_${requestId}`,
      model: 'claude-sonnet-4-5-20250929',
      role: 'assistant',
      usage: {
        input_tokens: 5,
        output_tokens: 300,
        cache_creation_input_tokens: 100,
        cache_read_input_tokens: 50_000,
      },
    },
  })
  const t0 = performance.now()
  appendFileSync(transcript, `${line}\n`)
  await nextRemote('store-changed')
  lineToEvent.push(performance.now() - t0)
  const region = await (
    await fetch(`http://127.0.0.1:${dashboard.port}/`, {
      headers: { 'hx-request': 'true', ...access.headers },
    })
  ).text()
  if (!region.includes(`data-key="req:${requestId}"`))
    throw new Error(`line ${i} not on the refreshed Overview`)
  lineToRegion.push(performance.now() - t0)
}
await sseReader.cancel()
dashboard.child.kill('SIGTERM')
ingest.child.kill('SIGTERM')
await Promise.all([dashboard.child.exited, ingest.child.exited])
rmSync(home, { recursive: true, force: true })

out()
out(`Live updates, ${RUNS} samples (ms)`)
out(`${'path'.padEnd(44)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)}`)
out(row('commit → SSE event (in process)', commitToEvent, 500))
out(row('commit → refreshed Overview region', commitToRegion, 500))
out(row('transcript line → SSE event (2 processes)', lineToEvent, 500))
out(row('transcript line → refreshed Overview region', lineToRegion, 500))
