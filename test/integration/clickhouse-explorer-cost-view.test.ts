// The explorer's `requests` view on ClickHouse gives what it gives on SQLite for the same imported
// history: the same columns, one row per request (copies merged), the same cost with the same source
// and the same readable time; its costs sum to the ClickHouse store's own session report. A model first
// seen after the view was queried is priced on the next query, and so is one whose rates another
// version of context-cleaner replaced.

import { afterAll, beforeAll, describe, expect, it, setDefaultTimeout } from 'bun:test'
import { join } from 'node:path'
import { buildReport } from '../../src/analytics/build-report.ts'
import { defaultCostModel } from '../../src/analytics/pricing/default-cost-model.ts'
import { parseClickHouseUrl } from '../../src/config/clickhouse-url.ts'
import { importHistory } from '../../src/ingest/import-history.ts'
import type { Cell } from '../../src/model/explorer-results.ts'
import type { ApiRequestRecord } from '../../src/model/records.ts'
import { ClickHouseConnection } from '../../src/store/clickhouse/clickhouse-connection.ts'
import { ClickHouseStore } from '../../src/store/clickhouse/clickhouse-store.ts'
import { clickHouseDataVersion } from '../../src/store/clickhouse/data-version.ts'
import type { Explorer } from '../../src/store/explorer.ts'
import { createSqliteExplorer } from '../../src/store/sqlite/sqlite-explorer.ts'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts'
import type { Store } from '../../src/store/store.ts'
import { exampleQuery } from '../../views/pages/explorer-page.tsx'
import { tempDir } from '../helpers/cli.ts'
import {
  type ClickHouseServer,
  clickHouseTestTimeoutMs,
  startClickHouse,
  uniqueDatabase,
} from '../helpers/clickhouse-server.ts'
import { apiRequest } from '../helpers/dashboard.ts'

setDefaultTimeout(clickHouseTestTimeoutMs)

const historyDir = join(import.meta.dir, '..', 'fixtures', 'history')
const dir = tempDir('cc-ch-cost-view-')
const limits = { rowLimit: 1000, timeoutMs: 30_000, maxOutputBytes: 10_000_000 }
let server: ClickHouseServer
let database: string
let admin: ClickHouseConnection
let clickhouse: ClickHouseStore
let sqlite: SqliteStore
let explorers: { clickhouse: Explorer; sqlite: ReturnType<typeof createSqliteExplorer> }

/** What the history lacks: a long-context request, 1-hour cache writes, Claude Code's own cost, an old price period, a request written twice. */
const extra: ApiRequestRecord[] = [
  apiRequest(30, { sessionId: 'session-long', cacheReadTokens: 250_000 }),
  apiRequest(31, {
    sessionId: 'session-1h',
    model: 'claude-haiku-4-5-20251001',
    cacheCreationTokens: 5000,
    cacheCreation5mTokens: 1000,
    cacheCreation1hTokens: 4000,
  }),
  apiRequest(32, { sessionId: 'session-1h', timestamp: Date.UTC(2024, 5, 1, 12, 0, 0, 7), costUsd: 0.25 }),
  apiRequest(33, {
    sessionId: 'session-old-price',
    model: 'claude-opus-4-20250514',
    timestamp: Date.UTC(2025, 0, 2),
  }),
  apiRequest(34, { sessionId: 'session-twice', outputTokens: 10 }),
  apiRequest(34, { sessionId: 'session-twice', outputTokens: 5000 }),
]

async function fill(store: Store): Promise<void> {
  await importHistory({ store, claudeDirs: [historyDir] })
  for (const request of extra) await store.ingest({ requests: [request], sessions: [] })
}

async function rows(explorer: Explorer, sql: string): Promise<Cell[][]> {
  const outcome = await explorer.run(sql, limits)
  if (!outcome.ok) throw new Error(`${explorer.dialect}: ${outcome.message}`)
  return outcome.result.rows
}

beforeAll(async () => {
  server = await startClickHouse()
  database = uniqueDatabase('costview')
  admin = new ClickHouseConnection(parseClickHouseUrl(server.storeUrl(database)), { database })
  clickhouse = new ClickHouseStore({
    target: parseClickHouseUrl(server.storeUrl(database)),
    checkpointPath: join(dir.path, 'checkpoints.db'),
  })
  sqlite = new SqliteStore(join(dir.path, 'store.db'))
  await Promise.all([fill(clickhouse), fill(sqlite)])
  explorers = { clickhouse: clickhouse.explorer(), sqlite: createSqliteExplorer(join(dir.path, 'store.db')) }
})

afterAll(async () => {
  explorers.sqlite.close()
  await Promise.all([clickhouse.close(), sqlite.close(), admin.close()])
  await server.stop()
  dir.cleanup()
})

describe('the explorer requests view on ClickHouse and SQLite', () => {
  it('has the same columns on both, cost, cost_source and time_utc among them', async () => {
    const columns = async (e: Explorer) =>
      (await e.schema()).find((t) => t.name === 'requests')?.columns.map((c) => c.name)
    const ours = await columns(explorers.clickhouse)
    expect(ours).toEqual(expect.arrayContaining(['cost', 'cost_source', 'time_utc', 'total_tokens']))
    expect(ours).toEqual(await columns(explorers.sqlite))
    expect((await explorers.clickhouse.schema()).find((t) => t.name === 'requests')?.kind).toBe('view')
  })

  it('gives every request the same cost, source and time on both stores', async () => {
    const sql =
      'SELECT key, session_id, model, total_tokens, cost, cost_source, time_utc FROM requests ORDER BY key'
    const [ch, lite] = await Promise.all([rows(explorers.clickhouse, sql), rows(explorers.sqlite, sql)])
    expect(ch.length).toBeGreaterThan(10)
    expect(ch.map((r) => r[0])).toEqual(lite.map((r) => r[0]))
    ch.forEach((row, i) => {
      const other = lite[i] ?? []
      const [key, session, model, tokens, cost, source, time] = row
      expect([key, session, model, tokens, source, time]).toEqual([
        other[0],
        other[1],
        other[2],
        other[3],
        other[5],
        other[6],
      ] as Cell[])
      if (other[4] === null) expect(cost).toBeNull()
      else expect([key, cost]).toEqual([key, expect.closeTo(Number(other[4]), 12)])
    })
    const sources = new Set(ch.map((r) => r[5]))
    expect([...sources].sort()).toEqual(['claude-code', 'computed', 'unpriced'])
    expect(ch.find((r) => r[0] === 'req:test-32')?.[6]).toBe('2024-06-01T12:00:00.007Z')
    expect(ch.filter((r) => r[1] === 'session-twice').map((r) => r[3])).toEqual([100 + 5000 + 2000 + 64_000])
  })

  it('sums per session to the ClickHouse session report', async () => {
    const perSession = await rows(
      explorers.clickhouse,
      'SELECT session_id, sum(cost) AS cost FROM requests GROUP BY session_id ORDER BY session_id',
    )
    const report = await buildReport(clickhouse, 'session', defaultCostModel(), {
      filter: {},
      timezone: 'UTC',
      order: 'asc',
      startOfWeek: 'monday',
      now: Date.now(),
    })
    if (report.kind === 'blocks') throw new Error('not a session report')
    const reported = new Map(report.rows.map((r) => [r.key, r.totalCost]))
    expect(perSession.map((r) => r[0]).sort()).toEqual([...reported.keys()].sort())
    for (const [session, cost] of perSession)
      expect([session, Number(cost)]).toEqual([
        session,
        expect.closeTo(reported.get(String(session)) ?? -1, 9),
      ])
  })

  it.each([
    ['the explorer page’s example', exampleQuery],
    [
      'the README’s example',
      'SELECT substr(time_utc, 1, 10) AS day, sum(cost) FROM requests GROUP BY day ORDER BY day',
    ],
  ])('runs %s on both stores with the same answer', async (_, sql) => {
    const [ch, lite] = await Promise.all([rows(explorers.clickhouse, sql), rows(explorers.sqlite, sql)])
    expect(ch.length).toBeGreaterThan(1)
    const last = (ch[0]?.length ?? 0) - 1
    expect(ch.map((r) => r.slice(0, last))).toEqual(lite.map((r) => r.slice(0, last)))
    ch.forEach((r, i) => {
      const other = lite[i]?.[last] ?? null
      if (other === null) expect(r[last]).toBeNull()
      else expect(Number(r[last])).toBeCloseTo(Number(other), 9)
    })
  })

  it('prices a model first seen after the view was queried', async () => {
    const late = apiRequest(40, { sessionId: 'session-late', model: 'claude-3-5-haiku-20241022' })
    await Promise.all([clickhouse, sqlite].map((s) => s.ingest({ requests: [late], sessions: [] })))
    const sql = "SELECT cost, cost_source FROM requests WHERE session_id = 'session-late'"
    const version = () => clickHouseDataVersion(admin, database)
    const before = await version()
    const [ch, lite] = await Promise.all([rows(explorers.clickhouse, sql), rows(explorers.sqlite, sql)])
    // Writing the new model's rates is not a change of data: open pages do not refresh for it.
    expect(await version()).toBe(before)
    expect(Number((await admin.rows('SELECT count() AS n FROM model_rates'))[0]?.n)).toBeGreaterThan(0)
    expect(ch[0]?.[1]).toBe('computed')
    expect(Number(ch[0]?.[0])).toBeGreaterThan(0)
    expect(Number(ch[0]?.[0])).toBeCloseTo(Number(lite[0]?.[0]), 12)
  })

  it('prices a model again after another version of context-cleaner replaced its rates', async () => {
    const sql = "SELECT cost_source FROM requests WHERE key = 'req:test-31'"
    expect(await rows(explorers.clickhouse, sql)).toEqual([['computed']])
    // The other version's rates win the merge (a later written_at) and price nothing; the data is unchanged.
    await admin.command(
      `INSERT INTO model_rates (model, price_version, written_at) VALUES ('claude-haiku-4-5-20251001', 'another version', ${Date.now()})`,
    )
    expect(await rows(explorers.clickhouse, sql)).toEqual([['computed']])
  })
})
