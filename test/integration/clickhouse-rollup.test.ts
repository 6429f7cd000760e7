// The ClickHouse usage rollup (a build as of a watermark plus the sessions touched since) answers as
// the embedded store does for the same data, whatever arrived before or after the watermark: new
// requests, a larger late copy of an old one, telemetry and transcripts in either order, a session
// that learns its project late, refreshes run twice or at once, and after merges.

import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildReport, reportJson, reportKinds } from '../../src/analytics/build-report.ts'
import { defaultCostModel } from '../../src/analytics/pricing/default-cost-model.ts'
import { parseClickHouseUrl } from '../../src/config/clickhouse-url.ts'
import { importHistory } from '../../src/ingest/import-history.ts'
import type { TelemetryBatch } from '../../src/model/telemetry-records.ts'
import { normalizeLogs } from '../../src/otlp/normalize-logs.ts'
import { ClickHouseConnection } from '../../src/store/clickhouse/clickhouse-connection.ts'
import { ClickHouseStore } from '../../src/store/clickhouse/clickhouse-store.ts'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts'
import type { Store } from '../../src/store/store.ts'
import type { UsageFilter } from '../../src/store/usage-types.ts'
import { tempDir } from '../helpers/cli.ts'
import { clickHouseForFile, clickHouseTestTimeoutMs, uniqueDatabase } from '../helpers/clickhouse-server.ts'
import { accepted } from '../helpers/otlp-fixtures.ts'
import { apiRequestEvent, logsPayload } from '../helpers/otlp-payloads.ts'
import { at, telemetryLimits, usageLine } from '../helpers/tel-session.ts'

setDefaultTimeout(clickHouseTestTimeoutMs)

const ch = clickHouseForFile()

/** A watermark one second behind the server's clock: tests wait past it instead of five minutes. */
const LAG_SECONDS = 1

interface Pair {
  sqlite: SqliteStore
  clickhouse: ClickHouseStore
  database: string
  /** Writes transcript lines of one session into its own file and imports them into both stores. */
  transcript(file: string, session: string, lines: string[], cwd?: string): Promise<void>
  telemetry(batch: TelemetryBatch): Promise<void>
  /** Waits until everything written so far is behind the watermark, then builds the rollup. */
  settle(): Promise<void>
  store(): ClickHouseStore
}

async function pair(): Promise<Pair> {
  const dir = tempDir('cc-rollup-')
  const claudeDir = join(dir.path, 'claude')
  const database = uniqueDatabase('rollup')
  const sqlite = new SqliteStore(join(dir.path, 'store.db'))
  const store = () => {
    const s = new ClickHouseStore({
      target: parseClickHouseUrl(ch.server.storeUrl(database)),
      checkpointPath: join(dir.path, `${crypto.randomUUID()}.db`),
      rollupLagSeconds: LAG_SECONDS,
    })
    ch.cleanup(() => s.close())
    return s
  }
  const clickhouse = store()
  ch.cleanup(dir.cleanup, () => sqlite.close())
  return {
    sqlite,
    clickhouse,
    database,
    store,
    async transcript(file, session, lines, cwd = '/home/dev/app') {
      const projectDir = join(claudeDir, 'projects', cwd.replaceAll('/', '-'))
      mkdirSync(projectDir, { recursive: true })
      writeFileSync(join(projectDir, `${file}.jsonl`), `${lines.join('\n')}\n`)
      void session
      await importHistory({ store: sqlite, claudeDirs: [claudeDir] })
      await importHistory({ store: clickhouse, claudeDirs: [claudeDir] })
    },
    async telemetry(batch) {
      await sqlite.ingestTelemetry(batch)
      await clickhouse.ingestTelemetry(batch)
    },
    async settle() {
      await Bun.sleep((LAG_SECONDS + 1) * 1000 + 100)
      await clickhouse.refreshUsageRollup()
    },
  }
}

const line = (session: string, request: string, minute: number, output: number, cwd = '/home/dev/app') =>
  usageLine(session, request, minute, output, cwd)

function telemetryBatch(requests: { id: string; session: string; minute: number; output: number }[]) {
  const doc = logsPayload(
    requests.map((r) =>
      apiRequestEvent({
        requestId: r.id,
        sessionId: r.session,
        input: 100,
        output: r.output,
        cacheRead: 1000,
        cacheCreation: 200,
        costUsd: r.output / 1000,
        durationMs: 500,
        timeMs: at(r.minute) + 700,
      }),
    ),
  )
  const limits = { ...telemetryLimits, storePrompts: false, now: at(600) }
  return accepted(normalizeLogs(doc, limits)).batch as TelemetryBatch
}

const variants: { timezone: string; filter: UsageFilter }[] = [
  { timezone: 'UTC', filter: {} },
  { timezone: 'Asia/Kolkata', filter: {} },
  { timezone: 'UTC', filter: { project: 'app' } },
  { timezone: 'UTC', filter: { since: at(0), until: at(60) } },
]

const round = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(round)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]))
      : typeof v === 'number'
        ? Math.round(v * 1e9) / 1e9
        : v

/** Every report kind in every variant, and the dashboard's usage by day, session and project. */
async function answers(store: Store): Promise<unknown> {
  const out: unknown[] = []
  for (const v of variants)
    for (const kind of reportKinds) {
      const report = await buildReport(store, kind, defaultCostModel(), {
        filter: v.filter,
        timezone: v.timezone,
        order: 'asc',
        startOfWeek: 'monday',
        now: Date.UTC(2026, 10, 25),
      })
      out.push({ kind, v, json: reportJson(report, v.timezone) })
    }
  const reads = store.reads()
  const split = { longContextThreshold: 200_000, priceChanges: [at(30)] }
  for (const dims of [[], ['day'], ['session'], ['project']] as const)
    out.push(await reads.rollupUsage({}, dims, split, [Date.UTC(2026, 10, 3), Date.UTC(2026, 10, 4)]))
  out.push(await reads.firstTimestamp(), await reads.facets())
  return round(out)
}

async function optimize(database: string): Promise<void> {
  const conn = new ClickHouseConnection(parseClickHouseUrl(ch.server.storeUrl(database)))
  for (const table of ['api_requests', 'otel_requests', 'session_spans'])
    await conn.command(`OPTIMIZE TABLE \`${database}\`.${table} FINAL`)
  await conn.close()
}

describe('the ClickHouse rollup and its correction agree with the embedded store', () => {
  test('requests before and after the watermark, a larger late copy of an old request, after merges', async () => {
    const p = await pair()
    await p.transcript('s1', 's1', [line('s1', 'a', 1, 40), line('s1', 'b', 2, 5), line('s2', 'c', 3, 7)])
    await p.settle()
    expect(await answers(p.clickhouse)).toEqual(await answers(p.sqlite))
    // After the watermark: a new session, a new request in an old one, and `b` again with more tokens.
    await p.transcript('s3', 's3', [line('s3', 'd', 20, 11), line('s1', 'e', 21, 3), line('s1', 'b', 2, 90)])
    expect(await answers(p.clickhouse)).toEqual(await answers(p.sqlite))
    await p.settle()
    expect(await answers(p.clickhouse)).toEqual(await answers(p.sqlite))
    await optimize(p.database)
    expect(await answers(p.clickhouse)).toEqual(await answers(p.sqlite))
  })

  test.each(['telemetry', 'transcript'] as const)(
    'the %s copy before the watermark, the other after it',
    async (first) => {
      const p = await pair()
      const telemetry = () =>
        p.telemetry(
          telemetryBatch([
            { id: 'req_a', session: 't1', minute: 1, output: 40 },
            { id: 'req_b', session: 't1', minute: 2, output: 50 },
          ]),
        )
      const transcript = () =>
        p.transcript('t1', 't1', [line('t1', 'a', 1, 40), line('t1', 'b', 2, 5), line('t1', 'c', 6, 30)])
      await (first === 'telemetry' ? telemetry() : transcript())
      await p.settle()
      expect(await answers(p.clickhouse)).toEqual(await answers(p.sqlite))
      await (first === 'telemetry' ? transcript() : telemetry())
      expect(await answers(p.clickhouse)).toEqual(await answers(p.sqlite))
      await p.settle()
      expect(await answers(p.clickhouse)).toEqual(await answers(p.sqlite))
    },
  )

  test('a session that a transcript names only after the watermark takes its project', async () => {
    const p = await pair()
    await p.telemetry(telemetryBatch([{ id: 'req_x', session: 'late', minute: 4, output: 12 }]))
    await p.transcript('other', 'other', [line('other', 'o', 1, 9)])
    await p.settle()
    expect(await answers(p.clickhouse)).toEqual(await answers(p.sqlite))
    await p.transcript('late', 'late', [line('late', 'y', 5, 8, '/home/dev/late')], '/home/dev/late')
    expect(await answers(p.clickhouse)).toEqual(await answers(p.sqlite))
    await p.settle()
    expect(await answers(p.clickhouse)).toEqual(await answers(p.sqlite))
  })

  test('refreshes run twice, and at once from two processes, change nothing', async () => {
    const p = await pair()
    await p.transcript('s1', 's1', [line('s1', 'a', 1, 40), line('s2', 'c', 3, 7)])
    await p.settle()
    await p.transcript('s3', 's3', [line('s3', 'd', 20, 11), line('s1', 'a', 1, 60)])
    await Bun.sleep((LAG_SECONDS + 1) * 1000 + 100)
    const [one, two] = [p.store(), p.store()]
    const watermarks = await Promise.all([one.refreshUsageRollup(), two.refreshUsageRollup()])
    expect(watermarks[0]).toBeNumber()
    await p.clickhouse.refreshUsageRollup()
    const expected = await answers(p.sqlite)
    expect(await answers(one)).toEqual(expected)
    expect(await answers(two)).toEqual(expected)
    expect(await answers(p.clickhouse)).toEqual(expected)
  })

  test('upkeep builds when copies arrived since the newest build, and only then', async () => {
    const p = await pair()
    const conn = new ClickHouseConnection(parseClickHouseUrl(ch.server.storeUrl(p.database)))
    ch.cleanup(() => conn.close())
    const builds = async () =>
      (
        await conn.rows(
          `SELECT toUInt32(count()) AS n FROM \`${p.database}\`.usage_rollup_builds WHERE kind = 'build'`,
        )
      )[0]
    const settled = () => Bun.sleep((LAG_SECONDS + 1) * 1000 + 100)
    await p.transcript('s1', 's1', [line('s1', 'a', 1, 40), line('s2', 'c', 3, 7)])
    await settled()
    await p.clickhouse.maintain()
    await p.clickhouse.maintain()
    expect(await builds()).toEqual({ n: 1 })
    await p.transcript('s3', 's3', [line('s3', 'd', 20, 11)])
    await settled()
    await p.clickhouse.maintain()
    expect(await builds()).toEqual({ n: 2 })
    expect(await answers(p.clickhouse)).toEqual(await answers(p.sqlite))
  })

  test('a purge voids the builds made before it', async () => {
    const p = await pair()
    await p.transcript('s1', 's1', [line('s1', 'a', 1, 40), line('s2', 'c', 3, 7, '/home/dev/gone')])
    await p.settle()
    expect(await p.clickhouse.purge({ project: 'gone' })).toEqual(await p.sqlite.purge({ project: 'gone' }))
    expect(await answers(p.clickhouse)).toEqual(await answers(p.sqlite))
  })
})
