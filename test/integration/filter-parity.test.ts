// One filter, two stores: the same filters (hostile values among them) on the embedded store and on a
// real ClickHouse server select the same rows for every read that takes a filter, and a purge by a
// hostile project name removes the same rows and nothing else.

import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { join } from 'node:path'
import { parseClickHouseUrl } from '../../src/config/clickhouse-url.ts'
import type { ApiRequestRecord, SessionRecord } from '../../src/model/records.ts'
import { ClickHouseStore } from '../../src/store/clickhouse/clickhouse-store.ts'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts'
import type { RateLimitFilter, Store } from '../../src/store/store.ts'
import type { DashboardFilter } from '../../src/store/usage-reads.ts'
import { tempDir } from '../helpers/cli.ts'
import { clickHouseForFile, clickHouseTestTimeoutMs, uniqueDatabase } from '../helpers/clickhouse-server.ts'
import { rateLimitReading } from '../helpers/rate-limit-readings.ts'
import { exported, roundDeep } from '../helpers/store-answers.ts'

setDefaultTimeout(clickHouseTestTimeoutMs)

const ch = clickHouseForFile()

const evil = "x'; DROP TABLE api_requests; --"
const odd = 'it\'s \\ "odd" {project:String} $project %_'
const sessions: SessionRecord[] = [
  ['s-evil', `/home/me/${evil}`],
  ['s-odd', `/home/me/${odd}`],
  ['s-shop', '/home/me/shop'],
].map(([sessionId = '', project = '']) => ({
  sessionId,
  project,
  transcriptPath: null,
  firstTimestamp: Date.UTC(2026, 10, 2),
  lastTimestamp: Date.UTC(2026, 10, 3),
  version: null,
  gitBranch: null,
}))

const HOUR = 3_600_000
const t0 = Date.UTC(2026, 10, 2)

function request(i: number, session: SessionRecord, model: string): ApiRequestRecord {
  return {
    key: `req:${session.sessionId}-${i}`,
    messageId: `msg-${session.sessionId}-${i}`,
    requestId: `${session.sessionId}-${i}`,
    sessionId: session.sessionId,
    project: session.project,
    model,
    // Distinct times, some inside an hour, so ranges cut both rollup hours and raw rows.
    timestamp: t0 + i * 37 * 60_000,
    inputTokens: 100 + i,
    outputTokens: 10 * i,
    cacheCreationTokens: 5,
    cacheReadTokens: 1000,
    cacheCreation5mTokens: null,
    cacheCreation1hTokens: null,
    costUsd: i % 2 === 0 ? i / 100 : null,
    durationMs: 500,
    gitBranch: null,
    version: null,
    isSidechain: false,
    agentId: null,
    source: 'transcript',
  }
}

const requests = sessions.flatMap((s, n) =>
  Array.from({ length: 6 }, (_, i) => request(n * 6 + i, s, i % 2 ? "m'1" : 'claude-sonnet-4-5')),
)

const readings = sessions.flatMap((s, n) =>
  [0, 1, 2].map((i) =>
    rateLimitReading({
      sessionId: s.sessionId,
      usedPercentage: 10 * (n * 3 + i),
      resetsAt: t0 + 5 * HOUR,
      firstObservedAt: t0 + (n * 3 + i) * HOUR,
      lastObservedAt: t0 + (n * 3 + i + 1) * HOUR,
    }),
  ),
)

async function seeded(): Promise<{ sqlite: SqliteStore; clickhouse: ClickHouseStore }> {
  const dir = tempDir('cc-filter-parity-')
  const sqlite = new SqliteStore(join(dir.path, 'store.db'))
  const clickhouse = new ClickHouseStore({
    target: parseClickHouseUrl(ch.server.storeUrl(uniqueDatabase('filters'))),
    checkpointPath: join(dir.path, 'ch-checkpoints.db'),
  })
  ch.cleanup(
    dir.cleanup,
    () => sqlite.close(),
    () => clickhouse.close(),
  )
  for (const store of [sqlite, clickhouse] as Store[]) {
    await store.ingest({ requests, sessions })
    await store.recordRateLimits(readings)
  }
  return { sqlite, clickhouse }
}

const filters: DashboardFilter[] = [
  {},
  { project: evil },
  { project: `/home/me/${evil}` },
  { project: odd },
  { project: 'shop' },
  { project: "'" },
  { search: "'; drop" },
  { search: '{PROJECT:string}' },
  { search: 's-ev' },
  { sessionId: 's-odd' },
  { model: "m'1" },
  { since: t0 + HOUR / 2, until: t0 + 7 * HOUR + 123 },
  { since: t0 + 2 * HOUR, project: odd, model: 'claude-sonnet-4-5' },
  { user: evil },
]

const split = { longContextThreshold: 200_000, priceChanges: [] }
const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(roundDeep(r))).sort()

/** Every read that takes a filter, for one filter (reports' reads take its usage part); sums rounded. */
async function answers(store: Store, filter: DashboardFilter) {
  const { model: _, search: __, ...usage } = filter
  const events = []
  for await (const r of store.exportApiRequests(usage)) events.push(r.key)
  return {
    groups: sorted(await store.aggregateUsage(usage, ['session', 'project', 'user'], split)),
    events: await store.listUsageEvents(usage, split),
    exported: events,
    rollup: sorted(await store.reads().rollupUsage(filter, ['session', 'project'], split)),
    recent: await store.reads().recentRequests(filter, 100),
  }
}

/** One seeded pair for the read-only tests (seeding a ClickHouse database takes a while on 18.16). */
let shared: ReturnType<typeof seeded> | undefined
const readOnlyPair = () => {
  shared ??= seeded()
  return shared
}

describe('one filter gives the same rows on both stores', () => {
  test.each(filters)('every filtered read for %j, and no value is read as SQL', async (filter) => {
    const { sqlite, clickhouse } = await readOnlyPair()
    expect(await answers(clickhouse, filter)).toEqual(await answers(sqlite, filter))
    expect(await clickhouse.countApiRequests()).toBe(requests.length)
    expect(await sqlite.countApiRequests()).toBe(requests.length)
  })

  test('a hostile project or search selects exactly its own rows', async () => {
    const { sqlite, clickhouse } = await readOnlyPair()
    const evilOnly = await answers(sqlite, { project: evil })
    expect(evilOnly.exported).toEqual(requests.filter((r) => r.sessionId === 's-evil').map((r) => r.key))
    const oddSearch = await answers(clickhouse, { search: '{PROJECT:string}' })
    expect(new Set(oddSearch.recent.map((r) => r.sessionId))).toEqual(new Set(['s-odd']))
  })

  test('plan-limit readings by last sighting and first sighting', async () => {
    const { sqlite, clickhouse } = await readOnlyPair()
    const ranges: RateLimitFilter[] = [
      {},
      { since: t0 + 3 * HOUR },
      { until: t0 + 4 * HOUR },
      { since: t0 + 2 * HOUR + 1, until: t0 + 6 * HOUR },
    ]
    for (const range of ranges)
      expect(await clickhouse.listRateLimits(range)).toEqual(await sqlite.listRateLimits(range))
    expect((await sqlite.listRateLimits({ since: t0 + 2 * HOUR + 1, until: t0 + 6 * HOUR })).length).toBe(4)
  })

  test('a purge by a hostile project name removes that project alone, alike', async () => {
    const { sqlite, clickhouse } = await seeded()
    expect(await clickhouse.purge({ project: evil })).toEqual(await sqlite.purge({ project: evil }))
    expect(await exported(clickhouse)).toEqual(await exported(sqlite))
    expect(await clickhouse.listRateLimits({})).toEqual(await sqlite.listRateLimits({}))
    expect(new Set((await exported(sqlite)).map((r) => r.sessionId))).toEqual(new Set(['s-odd', 's-shop']))
    expect((await sqlite.listRateLimits({})).map((o) => o.sessionId)).not.toContain('s-evil')
  })
})
