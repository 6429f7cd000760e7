// The executable that `bun run build` makes (scripts/build-executable.ts), run as a user would: it
// answers as the source CLI does, reaches its workers and internal entries inside itself, serves the
// dashboard assets it carries, and writes large output through a pipe in full.

import { afterAll, beforeAll, expect, setDefaultTimeout, test } from 'bun:test'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildExecutable } from '../../scripts/build-executable.ts'
import { commandLine } from '../../src/supervisor/process-info.ts'
import { type CliResult, repoRoot, runCli, tempDir } from '../helpers/cli.ts'
import { dashboardAccess } from '../helpers/dashboard-access.ts'
import { freePort } from '../helpers/free-port.ts'
import { apiRequestEvent, logsPayload } from '../helpers/otlp-payloads.ts'
import {
  byName,
  leftovers,
  makeHome,
  nothingLeft,
  pidOf,
  processesOfHome,
  waitFor,
} from '../helpers/supervisor.ts'
import { assistantLine, userLine } from '../helpers/transcript-lines.ts'

setDefaultTimeout(120_000)

const dir = tempDir('cc-exe-')
let executable: string

beforeAll(async () => {
  executable = await buildExecutable(join(dir.path, 'context-cleaner'))
})

afterAll(() => dir.cleanup())

const DAYS = 400
const dayMs = 86_400_000

/**
 * One request a day for 400 days (a daily report of about 200 KB, several pipe buffers), with
 * `paddingMb` of long prompts across two files: an import of 32 MB or more scans in the worker.
 */
function writeHistory(claudeDir: string, paddingMb: number): void {
  const project = join(claudeDir, 'projects', '-home-dev-app')
  mkdirSync(project, { recursive: true })
  const prompt = 'p'.repeat(256 * 1024)
  for (const session of ['s1', 's2']) {
    const lines: string[] = []
    for (let day = session === 's1' ? 0 : 1; day < DAYS; day += 2) {
      const timestamp = new Date(Date.UTC(2025, 0, 1) + day * dayMs).toISOString()
      lines.push(userLine(session, 'go', timestamp))
      lines.push(assistantLine({ session, request: `${session}-${day}`, timestamp, input: day, output: 7 }))
    }
    for (let i = 0; i < paddingMb * 2; i++) lines.push(userLine(session, prompt, '2025-01-01T00:00:00.000Z'))
    writeFileSync(join(project, `${session}.jsonl`), `${lines.join('\n')}\n`)
  }
}

function succeeded(r: CliResult): string {
  expect({ exitCode: r.exitCode, stderr: r.exitCode === 0 ? '' : r.stderr }).toEqual({
    exitCode: 0,
    stderr: '',
  })
  return r.stdout
}

test('imports and reports exactly as the source CLI does, and a large report arrives whole', async () => {
  const claudeDir = join(dir.path, 'claude')
  writeHistory(claudeDir, 34)
  const source = { home: join(dir.path, 'home-source'), claudeDir }
  const built = { home: join(dir.path, 'home-built'), claudeDir, program: [executable] }
  const withoutTime = (out: string) => ({ ...JSON.parse(out), durationMs: 0 })

  const imported = withoutTime(succeeded(await runCli(['import', '--json'], built)))
  expect(imported).toEqual(withoutTime(succeeded(await runCli(['import', '--json'], source))))
  expect(imported).toMatchObject({ files: 2, newRequests: DAYS })
  expect(imported.bytes).toBeGreaterThan(34 * 1024 * 1024)

  for (const report of [['daily', '--breakdown'], ['monthly'], ['session'], ['blocks']]) {
    const args = ['report', ...report, '--json']
    expect(succeeded(await runCli(args, built))).toBe(succeeded(await runCli(args, source)))
  }
  const daily = succeeded(await runCli(['report', 'daily', '--json'], built))
  expect(daily.length).toBeGreaterThan(2 * 65_536)
  expect(JSON.parse(daily).daily).toHaveLength(DAYS)
  expect(succeeded(await runCli(['--version'], built))).toBe(succeeded(await runCli(['--version'], source)))
  const unknown = await runCli(['--internal-entry', 'nope'], built)
  expect([unknown.exitCode, unknown.stderr]).toEqual([2, 'context-cleaner: no internal entry named "nope"\n'])
})

test('run starts every service from the executable; assets, explorer, collector and stop work', async () => {
  const home = makeHome([executable])
  writeHistory(home.claudeDir, 0)
  const [dashboardPort, collectorPort] = [freePort(), freePort()]
  try {
    const run = await home.cli([
      'run',
      '--port',
      String(dashboardPort),
      '--collector-port',
      String(collectorPort),
    ])
    const access = dashboardAccess(home.ccHome, dashboardPort)
    expect(succeeded(run)).toBe(`${access.url}\n`)
    const processes = await home.status()
    expect(processes.map((p) => [p.name, p.state])).toEqual([
      ['supervisor', 'running'],
      ['ingest', 'running'],
      ['collector', 'running'],
      ['dashboard', 'running'],
    ])
    expect(processes.map((p) => commandLine(pidOf(p))?.slice(0, 3))).toEqual([
      [executable, '--internal-entry', 'supervisor'],
      [executable, 'serve', 'ingest'],
      [executable, 'serve', 'collector'],
      [executable, 'serve', 'dashboard'],
    ])

    const dashboard = `http://127.0.0.1:${dashboardPort}`
    const asset = async (name: string) => (await fetch(`${dashboard}/assets/${name}`)).text()
    expect(await asset('htmx.min.js')).toBe(
      readFileSync(join(repoRoot, 'node_modules', 'htmx.org', 'dist', 'htmx.min.js'), 'utf8'),
    )
    expect(await asset('app.css')).toBe(readFileSync(join(repoRoot, 'views', 'assets', 'app.css'), 'utf8'))
    expect(await (await fetch(dashboard, { headers: access.headers })).text()).toContain(
      '/assets/htmx.min.js',
    )

    // The explorer runs each query in the executable's internal entry; the padding makes its answer
    // larger than a pipe buffer.
    const csv = async () => {
      const sql = 'SELECT *, hex(zeroblob(100)) AS padding FROM api_requests ORDER BY ts'
      const response = await fetch(`${dashboard}/explorer.csv?sql=${encodeURIComponent(sql)}`, {
        headers: access.headers,
      })
      return response.status === 200 ? (await response.text()).trimEnd().split('\n') : []
    }
    await waitFor(async () => (await csv()).length === DAYS + 1, 'the ingest service imported the history')
    expect((await csv()).join('\n').length).toBeGreaterThan(2 * 65_536)

    const exported = await fetch(`http://127.0.0.1:${collectorPort}/v1/logs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        logsPayload([
          apiRequestEvent({ requestId: 'req_otel', sessionId: 's9', input: 5, output: 6, costUsd: 0.5 }),
        ]),
      ),
    })
    expect(exported.status).toBe(200)
    await waitFor(async () => (await csv()).length === DAYS + 2, 'the collector stored the request')
    expect(byName(await home.status(), 'collector').restarts).toBe(0)

    succeeded(await home.cli(['stop']))
    expect({ processes: processesOfHome(home), ...leftovers(home, []) }).toEqual({
      processes: [],
      ...nothingLeft,
    })
  } finally {
    await home.cli(['stop'])
    home.cleanup()
  }
})
