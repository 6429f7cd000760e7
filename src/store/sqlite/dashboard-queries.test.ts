import { Database } from 'bun:sqlite'
import { afterEach, describe, expect, it } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dayIndexer } from '../../analytics/daily-usage.ts'
import type { ApiRequestRecord } from '../../model/records.ts'
import { emptyTelemetryBatch } from '../../model/telemetry-records.ts'
import { daysBetween } from '../../web/filters/dashboard-filters.ts'
import { dayStartSql, sqliteDayStart } from '../day-start-sql.ts'
import type { PricingSplit, UsageGroup } from '../usage-types.ts'
import { SqliteStore } from './sqlite-store.ts'

const split: PricingSplit = {
  longContextThreshold: 200_000,
  priceChanges: [Date.parse('2026-01-15T00:00:00Z')],
}
const t0 = Date.parse('2026-01-14T22:07:13Z')
const dirs: string[] = []

function tempStore(): SqliteStore {
  const dir = mkdtempSync(join(tmpdir(), 'cc-dash-'))
  dirs.push(dir)
  return new SqliteStore(join(dir, 'store.db'))
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function request(i: number, overrides: Partial<ApiRequestRecord> = {}): ApiRequestRecord {
  return {
    key: `req:${i}`,
    messageId: `msg_${i}`,
    requestId: `${i}`,
    sessionId: `session-${i % 3}`,
    project: `/home/me/src/${i % 3 === 0 ? 'alpha' : 'beta'}`,
    model: i % 4 === 0 ? 'claude-opus' : 'claude-sonnet',
    timestamp: t0 + i * 7 * 60_000,
    inputTokens: 10 + i,
    outputTokens: 100 + i,
    cacheCreationTokens: 1000,
    cacheReadTokens: i % 5 === 0 ? 250_000 : 20_000,
    cacheCreation5mTokens: 1000,
    cacheCreation1hTokens: i % 2 === 0 ? 0 : 400,
    costUsd: i % 6 === 0 ? 0.5 : null,
    durationMs: 1200,
    gitBranch: 'main',
    version: '2.1.0',
    isSidechain: false,
    agentId: null,
    source: 'transcript',
    ...overrides,
  }
}

const sortGroups = (gs: UsageGroup[]) =>
  gs
    .map((g) =>
      JSON.stringify({
        ...g,
        costUsd: Math.round(g.costUsd * 1e9) / 1e9,
        firstTimestamp: 0,
        lastTimestamp: 0,
      }),
    )
    .sort()

async function expectSameAsRaw(store: SqliteStore) {
  const reads = store.reads()
  const ranges = [
    {},
    { since: t0 + 3 * 60_000 },
    { since: t0 + 61 * 60_000, until: t0 + 5 * 3_600_000 + 11 },
    { since: t0 + 60_000, until: t0 + 2 * 60_000 },
    { project: 'alpha' },
    { sessionId: 'session-1', until: t0 + 3_600_000 },
  ]
  for (const filter of ranges) {
    for (const dims of [[], ['project'], ['session', 'project']] as const) {
      expect(sortGroups(await reads.rollupUsage(filter, dims, split))).toEqual(
        sortGroups(await store.aggregateUsage(filter, dims, split)),
      )
    }
    // By day: the raw table's 15-minute buckets folded into local days must give the same sums.
    for (const zone of ['UTC', 'America/St_Johns']) {
      const days = daysBetween(t0 - 86_400_000, t0 + 2 * 86_400_000, zone)
      const dayOf = dayIndexer(days)
      const startOf = new Map(days.map((d) => [d.key, d.start]))
      const folded = new Map<string, UsageGroup>()
      for (const g of await store.aggregateUsage(filter, ['bucket'], split)) {
        const bucket = startOf.get(dayOf(g.bucket ?? 0) ?? '') ?? null
        const epoch = (g.bucket ?? 0) < (split.priceChanges[0] ?? 0) ? 0 : 1
        const key = JSON.stringify([bucket, g.model, g.longContext, g.hasCost, epoch])
        const into = folded.get(key)
        if (into) {
          for (const f of [
            'inputTokens',
            'outputTokens',
            'cacheCreationTokens',
            'cacheCreation1hTokens',
            'cacheReadTokens',
            'costUsd',
            'requests',
          ] as const)
            into[f] += g[f]
        } else folded.set(key, { ...g, bucket })
      }
      const byDay = await reads.rollupUsage(
        filter,
        ['day'],
        split,
        days.map((d) => d.start),
      )
      expect(sortGroups(byDay)).toEqual(sortGroups([...folded.values()]))
    }
  }
}

describe('usage rollup', () => {
  it('answers exactly like the raw table, for aligned and unaligned ranges', async () => {
    const store = tempStore()
    await store.ingest({ requests: Array.from({ length: 60 }, (_, i) => request(i)), sessions: [] })
    await expectSameAsRaw(store)
    await store.close()
  })

  it('stays exact after upserts that grow tokens, add a cost, or move a row to another project', async () => {
    const store = tempStore()
    await store.ingest({ requests: Array.from({ length: 40 }, (_, i) => request(i)), sessions: [] })
    await store.ingest({
      requests: [
        request(3, { outputTokens: 5000 }),
        request(7, { costUsd: 1.25, durationMs: null }),
        request(8, { inputTokens: 1, outputTokens: 1 }),
      ],
      sessions: [],
    })
    const db = new Database(store.path)
    db.exec("UPDATE api_requests SET project = '/elsewhere', model = 'claude-haiku' WHERE key = 'req:11'")
    db.close()
    await expectSameAsRaw(store)
    await store.close()
  })

  it('stays exact when one batch repeats a key, from transcripts and from telemetry', async () => {
    const store = tempStore()
    await store.ingest({
      requests: [request(1), request(2), request(1, { outputTokens: 9000 }), request(3), request(2)],
      sessions: [],
    })
    const batch = emptyTelemetryBatch()
    const otlp = (i: number, costUsd: number) => ({
      ...request(i, { key: `req:${i}`, source: 'otlp' as const, costUsd }),
      ttftMs: null,
      querySource: 'sdk',
      promptId: null,
      userId: null,
      userEmail: null,
      organizationId: null,
      team: null,
    })
    batch.apiRequests.push(otlp(20, 0.1), otlp(21, 0.2), otlp(20, 0.3), otlp(3, 0.4))
    await store.ingestTelemetry(batch)
    await expectSameAsRaw(store)
    const groups = await store.reads().rollupUsage({}, [], split)
    expect(groups.reduce((n, g) => n + g.requests, 0)).toBe(5)
    await store.close()
  })

  it('stays exact after purges, and drops emptied groups', async () => {
    const store = tempStore()
    await store.ingest({ requests: Array.from({ length: 40 }, (_, i) => request(i)), sessions: [] })
    await store.purge({ before: t0 + 100 * 60_000 })
    await expectSameAsRaw(store)
    await store.purge({ project: 'alpha' })
    await expectSameAsRaw(store)
    await store.purge({})
    const db = new Database(store.path, { readonly: true })
    expect(db.query('SELECT count(*) AS n FROM usage_rollup').get()).toEqual({ n: 0 })
    db.close()
    await store.close()
  })

  it('backfills the rollup from rows stored before the migration', async () => {
    const store = tempStore()
    await store.ingest({ requests: Array.from({ length: 30 }, (_, i) => request(i)), sessions: [] })
    const db = new Database(store.path)
    db.exec('DELETE FROM usage_rollup')
    const backfill = db.query<{ n: number }, []>('SELECT count(*) AS n FROM usage_rollup')
    expect(backfill.get()).toEqual({ n: 0 })
    db.close()
    // The same statement fills the rollup when migration 3 upgrades a database.
    const { REBUILD_ROLLUP } = await import('./usage-rollup-sql.ts')
    const again = new Database(store.path)
    again.exec(REBUILD_ROLLUP)
    again.close()
    await expectSameAsRaw(store)
    await store.close()
  })

  it('filters by model and by a search on project or session id', async () => {
    const store = tempStore()
    await store.ingest({ requests: Array.from({ length: 24 }, (_, i) => request(i)), sessions: [] })
    const reads = store.reads()
    const models = new Set((await reads.rollupUsage({ model: 'claude-opus' }, [], split)).map((g) => g.model))
    expect([...models]).toEqual(['claude-opus'])
    const byProject = await reads.rollupUsage({ search: 'ALPHA' }, ['project'], split)
    expect([...new Set(byProject.map((g) => g.project))]).toEqual(['/home/me/src/alpha'])
    const bySession = await reads.rollupUsage({ search: 'session-2' }, ['session'], split)
    expect([...new Set(bySession.map((g) => g.sessionId))]).toEqual(['session-2'])
    await store.close()
  })
})

describe('dayStartSql', () => {
  it.each([
    'UTC',
    'America/New_York',
    'Europe/Berlin',
    'Asia/Kolkata',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
  ])('puts every 15-minute bucket of a year in the same local day as the calendar does (%s)', (zone) => {
    const from = Date.parse('2025-12-20T00:00:00Z')
    const to = Date.parse('2026-12-20T00:00:00Z')
    const days = daysBetween(from, to, zone)
    const db = new Database(':memory:')
    const expr = db.query<{ d: number | null }, [number]>(
      `SELECT ${dayStartSql(
        'bucket',
        days.map((d) => d.start),
        sqliteDayStart,
      )} AS d FROM (SELECT ?1 AS bucket)`,
    )
    const keyOf = dayIndexer(days)
    const startOf = new Map(days.map((d) => [d.key, d.start]))
    const wrong: number[] = []
    for (let b = days[0]?.start ?? 0; b < to; b += 15 * 60_000) {
      const expected = startOf.get(keyOf(b) ?? '') ?? null
      if (expr.get(b)?.d !== expected) wrong.push(b)
    }
    db.close()
    expect(wrong).toEqual([])
  })
})

describe('telemetry reads', () => {
  it('say there is no telemetry while the collector tables are empty', async () => {
    const store = tempStore()
    const reads = store.reads()
    expect(await reads.toolUsage({})).toBeNull()
    expect(await reads.telemetry({})).toBeNull()
    await store.close()
  })

  it('summarize tool calls by tool, filtered by project through their sessions', async () => {
    const store = tempStore()
    await store.ingest({
      requests: [request(0), request(1)],
      sessions: [
        {
          sessionId: 'session-0',
          project: '/home/me/src/alpha',
          transcriptPath: null,
          firstTimestamp: t0,
          lastTimestamp: t0,
          version: null,
          gitBranch: null,
        },
        {
          sessionId: 'session-1',
          project: '/home/me/src/beta',
          transcriptPath: null,
          firstTimestamp: t0,
          lastTimestamp: t0,
          version: null,
          gitBranch: null,
        },
      ],
    })
    const batch = emptyTelemetryBatch()
    const call = (
      key: string,
      sessionId: string,
      toolName: string,
      success: boolean,
      durationMs: number,
    ) => ({
      key,
      sessionId,
      promptId: null,
      requestId: null,
      toolUseId: key,
      toolName,
      timestamp: t0 + 1000,
      success,
      durationMs,
      inputBytes: 10,
      resultBytes: 100,
      error: success ? null : 'boom',
      decision: 'accept',
      decisionSource: 'config',
      toolSource: null,
    })
    batch.toolCalls.push(
      call('t1', 'session-0', 'Bash', true, 100),
      call('t2', 'session-0', 'Bash', false, 300),
      call('t3', 'session-1', 'Read', true, 10),
    )
    await store.ingestTelemetry(batch)
    const reads = store.reads()
    expect(
      (await reads.toolUsage({}))?.tools.map((t) => [
        t.toolName,
        t.calls,
        t.successes,
        t.failures,
        t.avgDurationMs,
      ]),
    ).toEqual([
      ['Bash', 2, 1, 1, 200],
      ['Read', 1, 1, 0, 10],
    ])
    expect((await reads.toolUsage({ project: 'beta' }))?.tools.map((t) => t.toolName)).toEqual(['Read'])
    expect((await reads.sessionEvents('session-0')).tools.map((t) => t.success)).toEqual([true, false])
    await store.close()
  })

  it('sum metric increments by name and type, and count API errors by status', async () => {
    const store = tempStore()
    const batch = emptyTelemetryBatch()
    const point = (series: string, type: string, value: number, ts: number) => ({
      series,
      name: 'claude_code.lines_of_code.count',
      unit: 'count',
      kind: 'sum' as const,
      temporality: 'delta' as const,
      monotonic: true,
      startTimestamp: null,
      timestamp: ts,
      value,
      count: null,
      sessionId: 'session-0',
      model: null,
      type,
      userId: null,
      organizationId: null,
      attributes: '{}',
      resource: '{}',
      scope: null,
    })
    batch.metrics.push(
      point('added', 'added', 10, t0),
      point('added', 'added', 5, t0 + 1000),
      point('removed', 'removed', 3, t0),
    )
    batch.apiErrors.push(
      {
        key: 'e1',
        sessionId: 'session-0',
        promptId: null,
        requestId: null,
        timestamp: t0,
        model: 'm',
        statusCode: 529,
        error: 'Overloaded',
        attempt: 1,
        durationMs: 10,
      },
      {
        key: 'e2',
        sessionId: 'session-0',
        promptId: null,
        requestId: null,
        timestamp: t0 + 1,
        model: 'm',
        statusCode: 529,
        error: 'Overloaded',
        attempt: 2,
        durationMs: 10,
      },
    )
    await store.ingestTelemetry(batch)
    const t = await store.reads().telemetry({})
    expect(t?.metrics).toEqual([
      { name: 'claude_code.lines_of_code.count', type: 'added', value: 15 },
      { name: 'claude_code.lines_of_code.count', type: 'removed', value: 3 },
    ])
    expect(t?.errorsByStatus).toEqual([{ statusCode: 529, count: 2 }])
    expect(t?.recentErrors.map((e) => e.error)).toEqual(['Overloaded', 'Overloaded'])
    await store.close()
  })
})
