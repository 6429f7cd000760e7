// Benchmark: the memory of a whole running install (the supervisor and its three services, as `run`
// starts them) idle, under a flood of OTLP requests into its collector, and idle again afterwards. The
// design allows 200-300 MB for all of it. Memory is read from /proc (or ps) independently of `status`,
// and `status --json`'s own figures are printed beside it as a check.
//
//   bun bench/footprint.ts [--requests 10000] [--senders 8] [--events 1] [--ours source|executable]
//
// Each request is one OTLP/HTTP JSON export with `--events` api_request events, as Claude Code sends
// them; every event is checked to be stored. The run is bounded (60 s of load at most) and stops
// everything it started.

import { Database } from 'bun:sqlite'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { ProcessStatus } from '../src/supervisor/protocol.ts'
import { readProcesses } from '../src/supervisor/resource-sampler.ts'
import { freePort } from '../test/helpers/free-port.ts'
import { apiRequestEvent, logsPayload } from '../test/helpers/otlp-payloads.ts'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '10000' },
    senders: { type: 'string', default: '8' },
    events: { type: 'string', default: '1' },
    ours: { type: 'string', default: 'source' },
  },
})
const requests = Number(values.requests)
const senders = Number(values.senders)
const eventsPerRequest = Number(values.events)
const LOAD_DEADLINE_MS = 60_000
const MiB = 2 ** 20
const repo = resolve(import.meta.dir, '..')
const program =
  values.ours === 'executable'
    ? [join(repo, 'dist', 'context-cleaner')]
    : [process.execPath, join(repo, 'src', 'cli', 'main.ts')]

const home = mkdtempSync(join(tmpdir(), 'cc-bench-footprint-'))
const claudeDir = join(home, 'claude')
mkdirSync(join(claudeDir, 'projects'), { recursive: true })
const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: home,
  CONTEXT_CLEANER_HOME: join(home, '.context-cleaner'),
  CLAUDE_CONFIG_DIR: claudeDir,
  TZ: 'UTC',
  NO_COLOR: '1',
}

async function cli(args: string[]): Promise<string> {
  const proc = Bun.spawn([...program, ...args], { env, stdout: 'pipe', stderr: 'pipe', stdin: 'ignore' })
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ])
  if (code !== 0 && !(args[0] === 'status' && code === 3)) throw new Error(`${args.join(' ')}: ${err}`)
  return out
}

const status = async () => JSON.parse(await cli(['status', '--json'])) as ProcessStatus[]

/** Resident memory of each process now, by name, from the operating system. */
async function sample(processes: ProcessStatus[]): Promise<Map<string, number>> {
  const pids = processes.flatMap((p) => (p.pid === null ? [] : [p.pid]))
  const readings = await readProcesses(pids)
  const rss = new Map<string, number>()
  for (const p of processes) if (p.pid !== null) rss.set(p.name, readings.get(p.pid)?.rssBytes ?? 0)
  return rss
}
const total = (rss: Map<string, number>) => [...rss.values()].reduce((a, b) => a + b, 0)

/** The median of several samples, a second apart: idle memory still moves with the garbage collector. */
async function settle(processes: ProcessStatus[], samples = 5): Promise<Map<string, number>> {
  const taken: Array<Map<string, number>> = []
  for (let i = 0; i < samples; i++) {
    taken.push(await sample(processes))
    await Bun.sleep(1000)
  }
  taken.sort((a, b) => total(a) - total(b))
  return taken[Math.floor(taken.length / 2)] ?? new Map()
}

const collectorPort = freePort()
let report: string[] = []
try {
  await cli(['run', '--no-browser', '--port', String(freePort()), '--collector-port', String(collectorPort)])
  const processes = await status()
  if (processes.some((p) => p.state !== 'running'))
    throw new Error(`not all running: ${JSON.stringify(processes)}`)
  await Bun.sleep(3000)
  const idle = await settle(processes)
  const reported = await status()

  const bodies = Array.from({ length: requests }, (_, n) =>
    JSON.stringify(
      logsPayload(
        Array.from({ length: eventsPerRequest }, (_, i) =>
          apiRequestEvent({
            requestId: `req_footprint_${n}_${i}`,
            sessionId: `footprint-${n % 20}`,
            input: 1000,
            output: 200,
            cacheRead: 30_000,
            costUsd: 0.01,
            timeMs: 1_795_000_000_000 + n * eventsPerRequest + i,
            sequence: i,
          }),
        ),
      ),
    ),
  )
  const peak = new Map<string, number>()
  let peakTotal = 0
  const poller = setInterval(async () => {
    const now = await sample(processes)
    for (const [name, rss] of now) peak.set(name, Math.max(peak.get(name) ?? 0, rss))
    peakTotal = Math.max(peakTotal, total(now))
  }, 100)
  const statuses = new Map<number, number>()
  let next = 0
  const started = performance.now()
  const sender = async () => {
    while (next < bodies.length && performance.now() - started < LOAD_DEADLINE_MS) {
      const body = bodies[next++]
      for (let code = 0; code !== 200 && performance.now() - started < LOAD_DEADLINE_MS; ) {
        const res = await fetch(`http://127.0.0.1:${collectorPort}/v1/logs`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        })
        await res.arrayBuffer()
        code = res.status
        statuses.set(code, (statuses.get(code) ?? 0) + 1)
        if (code !== 200) await Bun.sleep(Number(res.headers.get('retry-after') ?? 1) * 10)
      }
    }
  }
  await Promise.all(Array.from({ length: senders }, sender))
  const seconds = (performance.now() - started) / 1000
  clearInterval(poller)
  await Bun.sleep(3000)
  const after = await settle(processes)
  const underLoad = await status()

  const db = new Database(join(env.CONTEXT_CLEANER_HOME, 'data', 'context-cleaner.db'), { readonly: true })
  const stored = db.query<{ n: number }, []>('SELECT count(*) AS n FROM api_requests').get()?.n ?? 0
  db.close()

  const mb = (bytes: number | null | undefined) => (bytes == null ? '-' : `${Math.round(bytes / MiB)} MB`)
  const row = (name: string, a: string, b: string, c: string, d: string) =>
    `${name.padEnd(11)} ${a.padStart(8)} ${b.padStart(8)} ${c.padStart(8)} ${d.padStart(14)}`
  const sent = requests * eventsPerRequest
  report = [
    `program     ${values.ours}: ${program.join(' ')}`,
    `load        ${requests.toLocaleString('en-US')} requests × ${eventsPerRequest} event from ${senders} senders in ${seconds.toFixed(1)} s; responses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}; ${stored === sent ? 'all' : `${stored} of ${sent}`} stored`,
    '',
    row('process', 'idle', 'peak', 'after', 'status (idle)'),
    ...processes.map((p) =>
      row(
        p.name,
        mb(idle.get(p.name)),
        mb(peak.get(p.name)),
        mb(after.get(p.name)),
        mb(reported.find((r) => r.name === p.name)?.rssBytes),
      ),
    ),
    row('total', mb(total(idle)), mb(peakTotal), mb(total(after)), ''),
    '',
    `design      200-300 MB for the whole install: idle ${total(idle) <= 300 * MiB ? 'within' : 'ABOVE'}, under load ${peakTotal <= 300 * MiB ? 'within' : 'ABOVE'}`,
    `limits      ${underLoad.map((p) => `${p.name} ${mb(p.memoryLimitBytes)}`).join(', ')}; restarts under load: ${underLoad.reduce((n, p) => n + p.restarts, 0)}`,
  ]
  if (stored !== sent) process.exitCode = 1
} finally {
  await cli(['stop']).catch(() => '')
  rmSync(home, { recursive: true, force: true })
}
await Bun.write(Bun.stdout, `${report.join('\n')}\n`)
