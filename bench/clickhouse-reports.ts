// Report time on N API requests in ClickHouse against the same history in the embedded store, and how
// fast `migrate --to` copies it (the ClickHouse write path). Starts a private server unless given one.
//
//   bun bench/clickhouse-reports.ts [--requests 1000000] [--runs 3] [--url clickhouse://…]
//
// The ClickHouse store runs with a 2-second rollup lag (nothing else writes here): the first report
// builds the usage rollup and is timed on its own; the medians are of reports after it.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildReport, type Report, type ReportKind } from '../src/analytics/build-report.ts'
import { defaultCostModel } from '../src/analytics/pricing/default-cost-model.ts'
import { parseClickHouseUrl } from '../src/config/clickhouse-url.ts'
import { ClickHouseStore } from '../src/store/clickhouse/clickhouse-store.ts'
import { migrateToClickHouse } from '../src/store/migrate-to-clickhouse.ts'
import { SqliteStore } from '../src/store/sqlite/sqlite-store.ts'
import type { Store } from '../src/store/store.ts'
import { startClickHouse, uniqueDatabase } from '../test/helpers/clickhouse-server.ts'
import { seedDashboardStore } from './seed-dashboard-store.ts'

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    url: { type: 'string' },
  },
})
const REQUESTS = Number(values.requests)
const RUNS = Number(values.runs)
const out = (line = '') => process.stdout.write(`${line}\n`)
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

const dir = mkdtempSync(join(tmpdir(), 'cc-bench-clickhouse-'))
const server = values.url ? undefined : await startClickHouse()
const url = values.url ?? server!.storeUrl(uniqueDatabase('bench'))
const now = Date.now()

out(`Seeding ${REQUESTS.toLocaleString('en-US')} API requests into SQLite…`)
await seedDashboardStore({ path: join(dir, 'bench.db'), requests: REQUESTS, now })
const sqlite = new SqliteStore(join(dir, 'bench.db'))
const clickhouse = new ClickHouseStore({
  target: { ...parseClickHouseUrl(url), requestTimeoutMs: 600_000 },
  checkpointPath: join(dir, 'ch-checkpoints.db'),
  rollupLagSeconds: 2,
})

let started = performance.now()
const summary = await migrateToClickHouse({ from: sqlite, to: clickhouse, batchSize: 50_000 })
const copyMs = performance.now() - started
out(
  `migrate --to: ${summary.copied.toLocaleString('en-US')} requests in ${seconds(copyMs)} ` +
    `(${Math.round(summary.copied / (copyMs / 1000)).toLocaleString('en-US')}/s), ${summary.missing} missing`,
)

async function timeReport(
  store: Store,
  kind: ReportKind,
  runs = RUNS,
): Promise<{ ms: number; totals: string }> {
  const samples: number[] = []
  let report: Report | undefined
  for (let i = 0; i < runs; i++) {
    started = performance.now()
    report = await buildReport(store, kind, defaultCostModel(), {
      filter: {},
      timezone: 'UTC',
      order: 'asc',
      startOfWeek: 'monday',
      now,
    })
    samples.push(performance.now() - started)
  }
  return { ms: samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0, totals: totalsOf(report) }
}

/** What must agree between the stores: token totals exactly, cost to a millionth of a dollar. */
function totalsOf(report: Report | undefined): string {
  if (report === undefined) return ''
  if (report.kind === 'blocks') {
    const tokens = report.blocks.reduce((n, b) => n + b.totalTokens, 0)
    const cost = report.blocks.reduce((n, b) => n + b.costUSD, 0)
    return `${report.blocks.length} blocks, ${tokens} tokens, $${cost.toFixed(6)}`
  }
  return `${report.rows.length} rows, ${report.totals.totalTokens} tokens, $${report.totals.totalCost.toFixed(6)}`
}

// Past the lag, so that the build holds every copied request.
await Bun.sleep(3000)
started = performance.now()
await timeReport(clickhouse, 'daily', 1)
out(`first ClickHouse report (builds the rollup): ${seconds(performance.now() - started)}`)

out(
  `\n${'report (median of runs)'.padEnd(26)} ${'sqlite'.padStart(10)} ${'clickhouse'.padStart(12)}  ratio  totals`,
)
for (const kind of ['daily', 'session', 'model', 'blocks'] as const) {
  const lite = await timeReport(sqlite, kind)
  const ch = await timeReport(clickhouse, kind)
  const agree = lite.totals === ch.totals ? `equal (${lite.totals})` : `DIFFER: ${lite.totals} / ${ch.totals}`
  out(
    `${kind.padEnd(26)} ${seconds(lite.ms).padStart(10)} ${seconds(ch.ms).padStart(12)}  ${(ch.ms / lite.ms).toFixed(2)}x  ${agree}`,
  )
}

await Promise.all([sqlite.close(), clickhouse.close()])
await server?.stop()
rmSync(dir, { recursive: true, force: true })
