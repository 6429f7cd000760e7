import { Database } from 'bun:sqlite'
import { afterEach, describe, expect, test } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiRequestRecord } from '../../model/records.ts'
import {
  emptyTelemetryBatch,
  type RawMetricPoint,
  type TelemetryApiRequest,
  type TelemetryBatch,
} from '../../model/telemetry-records.ts'
import { SqliteStore } from './sqlite-store.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function openTemp(): { store: SqliteStore; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cc-telemetry-'))
  dirs.push(dir)
  const path = join(dir, 'store.db')
  return { store: new SqliteStore(path), path }
}

const transcript: ApiRequestRecord = {
  key: 'req:req_1',
  messageId: 'msg_1',
  requestId: 'req_1',
  sessionId: 's1',
  project: '/home/dev/app',
  model: 'claude-sonnet-4-5-20250929',
  timestamp: 1_000_000,
  inputTokens: 100,
  outputTokens: 20,
  cacheCreationTokens: 300,
  cacheReadTokens: 4000,
  cacheCreation5mTokens: 200,
  cacheCreation1hTokens: 100,
  costUsd: null,
  durationMs: null,
  gitBranch: 'main',
  version: '2.1.331',
  isSidechain: false,
  agentId: null,
  source: 'transcript',
}

const telemetry: TelemetryApiRequest = {
  ...transcript,
  messageId: null,
  project: '',
  timestamp: 1_000_050,
  cacheCreation5mTokens: 200,
  cacheCreation1hTokens: 100,
  costUsd: 0.0123,
  durationMs: 840,
  gitBranch: null,
  source: 'otlp',
  ttftMs: 90,
  querySource: 'sdk',
  promptId: 'p1',
  userId: 'u-1',
  userEmail: 'dev@example.com',
  organizationId: 'org-1',
  team: 'platform',
}

function batchOf(parts: Partial<TelemetryBatch>): TelemetryBatch {
  return { ...emptyTelemetryBatch(), ...parts }
}

const session = {
  sessionId: 's1',
  transcriptPath: null,
  firstTimestamp: 1_000_000,
  lastTimestamp: 1_000_000,
  version: null,
  gitBranch: null,
}

function row(path: string) {
  const db = new Database(path, { readonly: true })
  const r = db.query('SELECT * FROM api_requests').all()
  const s = db.query('SELECT session_id, project FROM sessions').all()
  db.close()
  return { requests: r, sessions: s }
}

describe('telemetry and transcripts land on one row', () => {
  const orders = [
    ['transcript first', ['transcript', 'otlp']],
    ['telemetry first', ['otlp', 'transcript']],
  ] as const

  test.each(orders)('%s', async (_name, order) => {
    const { store, path } = openTemp()
    const arrive = {
      transcript: () =>
        store.ingest({ requests: [transcript], sessions: [{ ...session, project: transcript.project }] }),
      otlp: () =>
        store.ingestTelemetry(batchOf({ apiRequests: [telemetry], sessions: [{ ...session, project: '' }] })),
    }
    for (const source of order) await arrive[source]()
    // Replays of either source change nothing.
    await store.ingest({ requests: [transcript], sessions: [] })
    await store.ingestTelemetry(batchOf({ apiRequests: [telemetry] }))
    expect(await store.countApiRequests()).toBe(1)
    const { requests, sessions } = row(path)
    expect(requests).toEqual([
      expect.objectContaining({
        key: 'req:req_1',
        message_id: 'msg_1',
        session_id: 's1',
        project: '/home/dev/app',
        ts: 1_000_000,
        total_tokens: 4420,
        cost_usd: 0.0123,
        duration_ms: 840,
        ttft_ms: 90,
        git_branch: 'main',
        query_source: 'sdk',
        source: 'transcript',
      }),
    ])
    expect(sessions).toEqual([{ session_id: 's1', project: '/home/dev/app' }])
    await store.close()
  })

  test('telemetry alone makes a row with no project, which a later transcript completes', async () => {
    const { store, path } = openTemp()
    await store.ingestTelemetry(batchOf({ apiRequests: [telemetry] }))
    expect(row(path).requests).toEqual([
      expect.objectContaining({ project: '', source: 'otlp', cost_usd: 0.0123 }),
    ])
    await store.close()
  })

  test.each(orders)('a telemetry-only request takes its session project (%s)', async (_name, order) => {
    const { store, path } = openTemp()
    const compaction = {
      ...telemetry,
      key: 'req:req_compact',
      requestId: 'req_compact',
      querySource: 'compact',
    }
    const arrive = {
      transcript: () =>
        store.ingest({ requests: [transcript], sessions: [{ ...session, project: transcript.project }] }),
      otlp: () => store.ingestTelemetry(batchOf({ apiRequests: [telemetry, compaction] })),
    }
    for (const source of order) await arrive[source]()
    expect(row(path).requests.map((r) => (r as { project: string }).project)).toEqual([
      '/home/dev/app',
      '/home/dev/app',
    ])
    await store.close()
  })

  test('both orders give the same request row and session span, even when the sources disagree on details', async () => {
    // Equal totals but another 5-minute/1-hour split, and telemetry that ends after the transcript.
    const other = { ...telemetry, cacheCreation5mTokens: 300, cacheCreation1hTokens: 0 }
    const late = {
      ...session,
      project: '',
      firstTimestamp: 1_000_050,
      lastTimestamp: 1_000_050,
      version: '2.1.331',
    }
    const early = { ...session, project: transcript.project, version: '2.1.330', gitBranch: 'main' }
    const rows = async (order: readonly ('transcript' | 'otlp')[]) => {
      const { store, path } = openTemp()
      for (const source of order) {
        if (source === 'transcript') await store.ingest({ requests: [transcript], sessions: [early] })
        else await store.ingestTelemetry(batchOf({ apiRequests: [other], sessions: [late] }))
      }
      const db = new Database(path, { readonly: true })
      const found = {
        request: db.query('SELECT * FROM api_requests').all(),
        session: db.query('SELECT * FROM sessions').all(),
      }
      db.close()
      await store.close()
      return found
    }
    const transcriptFirst = await rows(['transcript', 'otlp'])
    const telemetryFirst = await rows(['otlp', 'transcript'])
    expect(telemetryFirst.request).toEqual(transcriptFirst.request)
    // The session's version is the latest source's, so it may differ; its span, project and branch do not.
    const withoutVersion = (found: typeof transcriptFirst) =>
      found.session.map((r) => ({ ...(r as object), version: undefined }))
    expect(withoutVersion(telemetryFirst)).toEqual(withoutVersion(transcriptFirst))
    expect(transcriptFirst.request).toEqual([
      expect.objectContaining({ cache_creation_5m_tokens: 200, cache_creation_1h_tokens: 100 }),
    ])
    expect(transcriptFirst.session).toEqual([
      expect.objectContaining({ git_branch: 'main', last_ts: 1_000_050 }),
    ])
  })

  test('a larger token count wins whichever source has it', async () => {
    const { store, path } = openTemp()
    await store.ingest({ requests: [{ ...transcript, outputTokens: 1 }], sessions: [] })
    await store.ingestTelemetry(batchOf({ apiRequests: [telemetry] }))
    expect(row(path).requests).toEqual([expect.objectContaining({ output_tokens: 20, total_tokens: 4420 })])
    await store.close()
  })
})

function point(p: Partial<RawMetricPoint>): RawMetricPoint {
  return {
    series: 'tokens-input',
    name: 'claude_code.token.usage',
    unit: 'tokens',
    kind: 'sum',
    temporality: 'cumulative',
    monotonic: true,
    startTimestamp: 1000,
    timestamp: 2000,
    value: 0,
    count: null,
    sessionId: 's1',
    model: 'm',
    type: 'input',
    userId: null,
    organizationId: null,
    attributes: '{}',
    resource: '{}',
    scope: null,
    ...p,
  }
}

function incrementSum(path: string): number {
  const db = new Database(path, { readonly: true })
  const n =
    db.query<{ n: number }, []>('SELECT coalesce(sum(increment), 0) AS n FROM otel_metrics').get()?.n ?? 0
  db.close()
  return n
}

describe('metric points', () => {
  test('cumulative points become increments across batches, retries counted once', async () => {
    const { store, path } = openTemp()
    await store.ingestTelemetry(
      batchOf({ metrics: [point({ timestamp: 2000, value: 5 }), point({ timestamp: 3000, value: 8 })] }),
    )
    await store.ingestTelemetry(batchOf({ metrics: [point({ timestamp: 3000, value: 8 })] }))
    await store.ingestTelemetry(batchOf({ metrics: [point({ timestamp: 4000, value: 15 })] }))
    expect(incrementSum(path)).toBe(15)
    await store.close()
  })

  test('delta points are their own increments, retries counted once', async () => {
    const { store, path } = openTemp()
    const delta = (timestamp: number, value: number) =>
      point({ temporality: 'delta', startTimestamp: timestamp - 1000, timestamp, value })
    await store.ingestTelemetry(batchOf({ metrics: [delta(2000, 5), delta(3000, 3)] }))
    await store.ingestTelemetry(batchOf({ metrics: [delta(3000, 3)] }))
    expect(incrementSum(path)).toBe(8)
    await store.close()
  })
})

describe('retention and purge', () => {
  const log = (hash: number, timestamp: number) => ({
    hash,
    timestamp,
    observedTimestamp: null,
    eventName: null,
    sessionId: 's1',
    severityNumber: null,
    severityText: null,
    body: 'x',
    attributes: '{}',
    resource: '{}',
    scope: null,
  })

  test('pruning drops raw records older than the cutoff and keeps normalized rows', async () => {
    const { store } = openTemp()
    await store.ingestTelemetry(
      batchOf({
        apiRequests: [telemetry],
        logs: [log(1, 1000), log(2, 5000)],
        metrics: [point({ timestamp: 1000, value: 1 }), point({ timestamp: 6000, value: 2 })],
      }),
    )
    expect(await store.pruneTelemetry(3000)).toBe(2)
    const tables = Object.fromEntries((await store.describe()).tables.map((t) => [t.name, t.rows]))
    expect(tables).toMatchObject({ api_requests: 1, otel_logs: 1, otel_metrics: 1 })
    await store.close()
  })

  test('purge --all empties the telemetry tables too', async () => {
    const { store } = openTemp()
    await store.ingestTelemetry(
      batchOf({ apiRequests: [telemetry], logs: [log(1, 1000)], metrics: [point({ value: 1 })] }),
    )
    await store.purge({})
    const rows = (await store.describe()).tables.reduce((n, t) => n + t.rows, 0)
    expect(rows).toBe(0)
    await store.close()
  })
})
