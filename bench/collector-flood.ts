// Benchmark: a flood of Claude Code `api_request` events from concurrent senders into the collector
// (a real `serve collector` process on loopback). Prints the sustained rate (records stored per
// second, target ≥ 20,000) and the collector's peak RSS, and checks that nothing was lost.
//
//   bun bench/collector-flood.ts [--protocol json|protobuf] [--senders 8] [--records 200000] [--batch 500]
//     [--store clickhouse://default:@127.0.0.1:8123/bench]   (default: the embedded store, in a temp home)
//
// Senders retry on 429/503 as an OTLP exporter would. The run is bounded in records and in time (60 s).

import { Database } from 'bun:sqlite'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import otlpRoot from '@opentelemetry/otlp-transformer/build/src/generated/root.js'
import { parseClickHouseUrl } from '../src/config/clickhouse-url.ts'
import { ClickHouseStore } from '../src/store/clickhouse/clickhouse-store.ts'
import { apiRequestEvent, logsPayload } from '../test/helpers/otlp-payloads.ts'
import { startCollectorProcess } from '../test/helpers/service-process.ts'

const { values } = parseArgs({
  options: {
    protocol: { type: 'string', default: 'json' },
    senders: { type: 'string', default: '8' },
    records: { type: 'string', default: '200000' },
    batch: { type: 'string', default: '500' },
    store: { type: 'string', default: 'sqlite' },
  },
})
const TARGET = 20_000
const DEADLINE_MS = 60_000
const protocol = values.protocol === 'protobuf' ? 'protobuf' : 'json'
const senders = Number(values.senders)
const batch = Number(values.batch)
const batches = Math.ceil(Number(values.records) / batch)

type Encoder = { fromObject(o: unknown): object; encode(m: object): { finish(): Uint8Array } }
const requestType = (
  otlpRoot as unknown as {
    opentelemetry: { proto: { collector: { logs: { v1: { ExportLogsServiceRequest: Encoder } } } } }
  }
).opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest

function body(n: number): { bytes: string | Uint8Array; type: string } {
  const session = `bench-${n % 50}`
  const doc = logsPayload(
    Array.from({ length: batch }, (_, i) =>
      apiRequestEvent({
        requestId: `req_bench_${n}_${i}`,
        sessionId: session,
        input: 1000 + i,
        output: 200,
        cacheRead: 30_000,
        cacheCreation: 500,
        costUsd: 0.0123,
        timeMs: 1_795_000_000_000 + n * batch + i,
        sequence: i,
      }),
    ),
  )
  if (protocol === 'json') return { bytes: JSON.stringify(doc), type: 'application/json' }
  return { bytes: requestType.encode(requestType.fromObject(doc)).finish(), type: 'application/x-protobuf' }
}

const home = mkdtempSync(join(tmpdir(), 'cc-bench-collector-'))
const collector = await startCollectorProcess({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: home,
  CONTEXT_CLEANER_HOME: home,
  CONTEXT_CLEANER_STORE: values.store,
})
// Bodies are built before the clock starts so the senders measure the collector, not themselves.
const bodies = Array.from({ length: batches }, (_, n) => body(n))
const statuses = new Map<number, number>()
let next = 0
// CPU seconds the collector spent (user + system), which a busy shared machine does not inflate.
const cpuSeconds = () => {
  const fields = readFileSync(`/proc/${collector.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) / 100
}
const cpuBefore = cpuSeconds()
const started = performance.now()

async function sender(): Promise<void> {
  while (next < batches && performance.now() - started < DEADLINE_MS) {
    const b = bodies[next++] as ReturnType<typeof body>
    for (let status = 0; status !== 200 && performance.now() - started < DEADLINE_MS; ) {
      const res = await fetch(`${collector.url}/v1/logs`, {
        method: 'POST',
        body: b.bytes,
        headers: { 'content-type': b.type },
      })
      await res.arrayBuffer()
      status = res.status
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
      if (status !== 200) await Bun.sleep(Number(res.headers.get('retry-after') ?? 1) * 10)
    }
  }
}

await Promise.all(Array.from({ length: senders }, sender))
const seconds = (performance.now() - started) / 1000
const cpu = cpuSeconds() - cpuBefore
const peakRssKb = Number(
  /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${collector.pid}/status`, 'utf8'))?.[1] ?? 0,
)
await collector.stop()

async function storedCounts(): Promise<{ stored: number; raw: number }> {
  if (values.store === 'sqlite') {
    const db = new Database(join(home, 'data', 'context-cleaner.db'), { readonly: true })
    const stored = db.query<{ n: number }, []>('SELECT count(*) AS n FROM api_requests').get()?.n ?? 0
    const raw = db.query<{ n: number }, []>('SELECT count(*) AS n FROM otel_logs').get()?.n ?? 0
    db.close()
    return { stored, raw }
  }
  const ch = new ClickHouseStore({
    target: parseClickHouseUrl(values.store),
    checkpointPath: join(home, 'bench-checkpoints.db'),
  })
  const stored = await ch.countApiRequests()
  const raw = (await ch.reads().telemetry({}))?.logRecords ?? 0
  await ch.close()
  return { stored, raw }
}
const { stored, raw } = await storedCounts()
rmSync(home, { recursive: true, force: true })

const sent = batches * batch
const rate = stored / seconds
const n = (x: number) => Math.round(x).toLocaleString('en-US')
const lines = [
  `protocol        ${protocol}, ${senders} senders, ${batch} records per request, store ${values.store.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')}`,
  `records         ${n(sent)} sent, ${n(stored)} api_requests, ${n(raw)} raw logs`,
  `responses       ${[...statuses].map(([s, count]) => `${s}×${count}`).join(', ')}`,
  `time            ${seconds.toFixed(2)} s`,
  `rate            ${n(rate)} records/s (target ${n(TARGET)}: ${rate >= TARGET ? 'met' : 'NOT met'})`,
  `collector CPU   ${cpu.toFixed(2)} s, ${((cpu / stored) * 1e6).toFixed(1)} µs per record (${n(stored / cpu)} records per CPU second)`,
  `collector RSS   ${(peakRssKb / 1024).toFixed(0)} MiB peak`,
  `lost            ${sent === stored && sent === raw ? 'nothing' : `${sent - stored} requests, ${sent - raw} raw logs`}`,
]
await Bun.write(Bun.stdout, `${lines.join('\n')}\n`)
if (stored !== sent || raw !== sent) process.exitCode = 1
