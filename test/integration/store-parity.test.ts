// The same history imported into the embedded store and into a real ClickHouse server must give the
// same answer for every report, before and after ClickHouse merges duplicates, and on re-import; and
// the same telemetry and transcripts, in either order, the same reports and dashboard reads.

import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { appendFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseClickHouseUrl } from '../../src/config/clickhouse-url.ts'
import { importHistory } from '../../src/ingest/import-history.ts'
import type { TelemetryBatch } from '../../src/model/telemetry-records.ts'
import { normalizeLogs } from '../../src/otlp/normalize-logs.ts'
import { normalizeMetrics } from '../../src/otlp/normalize-metrics.ts'
import { ClickHouseStore } from '../../src/store/clickhouse/clickhouse-store.ts'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts'
import type { Store } from '../../src/store/store.ts'
import type { DashboardFilter } from '../../src/store/usage-reads.ts'
import { tempDir } from '../helpers/cli.ts'
import { clickHouseForFile, clickHouseTestTimeoutMs, uniqueDatabase } from '../helpers/clickhouse-server.ts'
import { accepted, otlpFixtures } from '../helpers/otlp-fixtures.ts'
import { apiRequestEvent, claudeEvent, logsPayload, sumPayload } from '../helpers/otlp-payloads.ts'
import { dashboard, exported, optimize, reports, roundDeep } from '../helpers/store-answers.ts'
import {
  at,
  telemetryLimits,
  telLine,
  telToolResult,
  telToolUse,
  writeTelTranscript,
} from '../helpers/tel-session.ts'
import { assistantLine, userLine } from '../helpers/transcript-lines.ts'

setDefaultTimeout(clickHouseTestTimeoutMs)

const fixtures = join(import.meta.dir, '..', 'fixtures')
const ch = clickHouseForFile()

interface Pair {
  sqlite: SqliteStore
  clickhouse: ClickHouseStore
  database: string
  claudeDir: string
  importBoth(): Promise<void>
}

/** Both stores fed from one Claude Code dir: the shared fixtures plus whatever a test adds. */
async function pair(): Promise<Pair> {
  const dir = tempDir('cc-parity-')
  const claudeDir = join(dir.path, 'claude')
  cpSync(join(fixtures, 'history', 'projects'), join(claudeDir, 'projects'), { recursive: true })
  cpSync(join(fixtures, 'claude-code', 'projects'), join(claudeDir, 'projects'), { recursive: true })
  const database = uniqueDatabase('parity')
  const sqlite = new SqliteStore(join(dir.path, 'store.db'))
  const clickhouse = new ClickHouseStore({
    target: parseClickHouseUrl(ch.server.storeUrl(database)),
    checkpointPath: join(dir.path, 'ch-checkpoints.db'),
  })
  ch.cleanup(
    dir.cleanup,
    () => sqlite.close(),
    () => clickhouse.close(),
  )
  const importBoth = async () => {
    await importHistory({ store: sqlite, claudeDirs: [claudeDir] })
    await importHistory({ store: clickhouse, claudeDirs: [claudeDir] })
  }
  return { sqlite, clickhouse, database, claudeDir, importBoth }
}

describe('ClickHouse and SQLite stores give identical answers', () => {
  test('every report kind and variant, on the shared fixtures', async () => {
    const p = await pair()
    await p.importBoth()
    expect(await p.clickhouse.countApiRequests()).toBe(await p.sqlite.countApiRequests())
    expect(await p.clickhouse.countApiRequests()).toBeGreaterThan(0)
    expect(await reports(p.clickhouse)).toEqual(await reports(p.sqlite))
    expect(await exported(p.clickhouse)).toEqual(await exported(p.sqlite))
  })

  test('re-importing changes nothing, and neither does a re-import from scratch (lost checkpoints)', async () => {
    const p = await pair()
    await p.importBoth()
    const before = await reports(p.sqlite)
    await p.importBoth()
    expect(await reports(p.clickhouse)).toEqual(before)
    // A crash after the ClickHouse insert but before the checkpoint write re-sends rows: still no doubles.
    const fresh = new ClickHouseStore({
      target: parseClickHouseUrl(ch.server.storeUrl(p.database)),
      checkpointPath: join(p.claudeDir, '..', 'fresh-checkpoints.db'),
    })
    await importHistory({ store: fresh, claudeDirs: [p.claudeDir] })
    await fresh.close()
    expect(await reports(p.clickhouse)).toEqual(before)
    expect(await p.clickhouse.countApiRequests()).toBe(await p.sqlite.countApiRequests())
    await optimize(ch.server, p.database)
    expect(await reports(p.clickhouse)).toEqual(before)
  })

  test('duplicates keep the most complete copy, across lines, files and imports, before and after merges', async () => {
    const p = await pair()
    const dir = join(p.claudeDir, 'projects', '-home-dev-dups')
    mkdirSync(dir, { recursive: true })
    const T = '2026-11-02T09:00:00.000Z'
    const line = (request: string, output: number, input = 10) =>
      assistantLine({ session: 'dup-1', request, timestamp: T, output, input, cwd: '/home/dev/dups' })
    writeFileSync(
      join(dir, 'dup-1.jsonl'),
      `${[userLine('dup-1', 'hi', T), line('a', 1), line('a', 50), line('a', 50), line('b', 7, 5)].join('\n')}\n`,
    )
    // A resumed session repeats request `a` (smaller) and `b` (larger) in another file.
    writeFileSync(join(dir, 'dup-2.jsonl'), `${[line('a', 3), line('b', 9, 5), line('c', 2)].join('\n')}\n`)
    await p.importBoth()
    // Appending a still larger copy later must replace, not add.
    writeFileSync(join(dir, 'dup-3.jsonl'), `${line('a', 70)}\n`)
    await p.importBoth()
    const expected = await reports(p.sqlite)
    expect(await reports(p.clickhouse)).toEqual(expected)
    expect(await exported(p.clickhouse)).toEqual(await exported(p.sqlite))
    await optimize(ch.server, p.database)
    expect(await reports(p.clickhouse)).toEqual(expected)
    expect(await exported(p.clickhouse)).toEqual(await exported(p.sqlite))
  })

  test('purge by project and date removes the same rows, and describe agrees on counts', async () => {
    const p = await pair()
    await p.importBoth()
    const filters = [{ project: 'shop' }, { before: Date.UTC(2026, 10, 2) }]
    for (const f of filters) expect(await p.clickhouse.purge(f)).toEqual(await p.sqlite.purge(f))
    expect(await reports(p.clickhouse)).toEqual(await reports(p.sqlite))
    const [ch, lite] = [await p.clickhouse.describe(), await p.sqlite.describe()]
    const pick = (d: typeof ch) => ({
      tables: d.tables.filter((t) => ['api_requests', 'sessions', 'import_checkpoints'].includes(t.name)),
      oldest: d.oldestTimestamp,
      newest: d.newestTimestamp,
    })
    expect(pick(ch)).toEqual(pick(lite))
    expect(ch.location).not.toContain('secret')
    expect(await p.clickhouse.purge({})).toEqual(await p.sqlite.purge({}))
    expect(await p.clickhouse.countApiRequests()).toBe(0)
    expect((await p.clickhouse.getCheckpoints()).size).toBe(0)
  })
})

// Telemetry of one session whose transcript is imported too, before or after it.
function writeTelemetryTranscript(claudeDir: string): void {
  // `b` was cut short in the transcript: telemetry's copy has more tokens and must win. The transcript
  // ends after the session's last telemetry: the embedded store takes a session's branch only from a
  // transcript that ends last (with telemetry first it would keep none).
  // Tool calls: toolu_1 is in telemetry too (as a success: the transcript's failure must stand), toolu_2
  // only here, toolu_3 never got its result.
  writeTelTranscript(claudeDir, [
    telLine('a', 1, 40),
    telToolUse('a', 1, 40, 'toolu_1', 'Bash'),
    telToolResult('toolu_1', 1, 30, 'exit 1', true),
    telLine('b', 2, 5),
    telToolUse('b', 2, 5, 'toolu_3', 'Read'),
    telLine('c', 6, 30),
    telToolUse('c', 6, 30, 'toolu_2', 'Edit'),
    telToolResult('toolu_2', 6, 4, 'done'),
  ])
}

async function telemetryBatches(): Promise<TelemetryBatch[]> {
  const now = at(60)
  const logs = (doc: unknown) =>
    accepted(normalizeLogs(doc, { ...telemetryLimits, storePrompts: false, now })).batch as TelemetryBatch
  const metrics = (doc: unknown) => accepted(normalizeMetrics(doc, telemetryLimits)).batch as TelemetryBatch
  const request = (requestId: string, minute: number, output: number, sessionId = 'tel-1') =>
    apiRequestEvent({
      requestId,
      sessionId,
      input: 100,
      output,
      cacheRead: 1000,
      cacheCreation: 200,
      costUsd: output / 1000,
      durationMs: 500 + output,
      timeMs: at(minute) + 700,
    })
  const tool = (
    name: 'tool_decision' | 'tool_result',
    minute: number,
    values: Record<string, string | number>,
  ) =>
    claudeEvent(name, at(minute), {
      'session.id': 'tel-1',
      tool_name: 'Bash',
      tool_use_id: 'toolu_1',
      ...values,
    })
  const first = logsPayload([
    request('req_a', 1, 40),
    request('req_b', 2, 50),
    tool('tool_decision', 1, { decision: 'accept', source: 'config' }),
    tool('tool_result', 2, { success: 'true', duration_ms: 120, tool_result_size_bytes: 300 }),
    claudeEvent('api_error', at(2), {
      'session.id': 'tel-1',
      status_code: 529,
      error: 'Overloaded',
      attempt: 1,
    }),
    claudeEvent('user_prompt', at(0), { 'session.id': 'tel-1', prompt_length: 12, 'prompt.id': 'p-1' }),
  ])
  const tokens = (value: number, minute: number) =>
    sumPayload('claude_code.token.usage', 2, [
      { value, startMs: at(0), timeMs: at(minute), attributes: { 'session.id': 'tel-1', type: 'input' } },
    ])
  return [
    logs(first),
    // Telemetry only: one request in the transcript's session (it takes the project), one in a
    // session no transcript names.
    logs(logsPayload([request('req_d', 4, 12), request('req_e', 5, 7, 'tel-2')])),
    // An exporter's retry of the first batch.
    logs(first),
    logs(await otlpFixtures.json('logs')),
    metrics(await otlpFixtures.json('metrics')),
    metrics(tokens(100, 1)),
    metrics(tokens(250, 2)),
    metrics(tokens(250, 2)),
  ]
}

const dashboardFilters: DashboardFilter[] = [
  {},
  { project: 'tel' },
  { search: 'TEL' },
  { since: at(2), until: at(90) },
  { model: 'claude-sonnet-4-5-20250929', sessionId: 'tel-1' },
]

describe('telemetry: ClickHouse and SQLite agree, whichever arrives first', () => {
  const sessions = ['tel-1', 'tel-2', '1d8403d2-3dc0-4334-9c56-503f6240d319', 'none']

  test.each(['telemetry first', 'transcripts first'] as const)('%s', async (order) => {
    const p = await pair()
    writeTelemetryTranscript(p.claudeDir)
    const batches = await telemetryBatches()
    const sendTelemetry = async () => {
      for (const b of batches) {
        await p.sqlite.ingestTelemetry(b)
        await p.clickhouse.ingestTelemetry(b)
      }
    }
    if (order === 'telemetry first') await sendTelemetry()
    await p.importBoth()
    if (order === 'transcripts first') await sendTelemetry()

    const lite = roundDeep(await reports(p.sqlite))
    const liteDashboard = await dashboard(p.sqlite.reads(), dashboardFilters, sessions)
    expect(await p.clickhouse.countApiRequests()).toBe(await p.sqlite.countApiRequests())
    expect(roundDeep(await reports(p.clickhouse))).toEqual(lite)
    expect(await exported(p.clickhouse)).toEqual(await exported(p.sqlite))
    expect(await dashboard(p.clickhouse.reads(), dashboardFilters, sessions)).toEqual(liteDashboard)
    // A batch written again (a retry after a timeout that had in fact succeeded) changes nothing.
    for (const b of batches.slice(0, 2)) await p.clickhouse.ingestTelemetry(b)
    await optimize(ch.server, p.database)
    expect(roundDeep(await reports(p.clickhouse))).toEqual(lite)
    expect(await dashboard(p.clickhouse.reads(), dashboardFilters, sessions)).toEqual(liteDashboard)
  })

  test('a tool call imported before its result is completed alike by the next import', async () => {
    const p = await pair()
    writeTelTranscript(p.claudeDir, [telLine('a', 1, 40), telToolUse('a', 1, 40, 'toolu_9', 'Edit')])
    await p.importBoth()
    const events = async (s: Store) => (await s.reads().sessionEvents('tel-1')).tools
    expect(await events(p.clickhouse)).toEqual(await events(p.sqlite))
    appendFileSync(
      join(p.claudeDir, 'projects', '-home-dev-tel', 'tel-1.jsonl'),
      `${telToolResult('toolu_9', 1, 3, 'String to replace not found', true)}\n`,
    )
    await p.importBoth()
    expect(await events(p.sqlite)).toEqual([
      {
        sessionId: 'tel-1',
        toolName: 'Edit',
        timestamp: at(1),
        success: false,
        durationMs: 3000,
        resultBytes: null,
        error: 'String to replace not found',
      },
    ])
    expect(await events(p.clickhouse)).toEqual(await events(p.sqlite))
  })

  test('both orders give the same totals, each request counted once', async () => {
    const totals = []
    for (const first of ['telemetry', 'transcripts']) {
      const p = await pair()
      writeTelemetryTranscript(p.claudeDir)
      const batches = await telemetryBatches()
      if (first === 'telemetry') for (const b of batches) await p.clickhouse.ingestTelemetry(b)
      await importHistory({ store: p.clickhouse, claudeDirs: [p.claudeDir] })
      if (first === 'transcripts') for (const b of batches) await p.clickhouse.ingestTelemetry(b)
      const rows = await exported(p.clickhouse)
      const tel = rows.filter((r) => r.sessionId.startsWith('tel-'))
      totals.push({
        requests: rows.length,
        tel: tel.map((r) => [r.key, r.project, r.outputTokens, r.costUsd, r.source]),
      })
    }
    expect(totals[1]).toEqual(totals[0])
    expect(totals[0]?.tel).toEqual([
      ['req:req_a', '/home/dev/tel', 40, 0.04, 'transcript'],
      ['req:req_b', '/home/dev/tel', 50, 0.05, 'transcript'],
      ['req:req_d', '/home/dev/tel', 12, 0.012, 'otlp'],
      ['req:req_e', '', 7, 0.007, 'otlp'],
      ['req:req_c', '/home/dev/tel', 30, null, 'transcript'],
    ])
  })

  test('pruning raw telemetry removes the same records', async () => {
    const p = await pair()
    for (const b of await telemetryBatches()) {
      await p.sqlite.ingestTelemetry(b)
      await p.clickhouse.ingestTelemetry(b)
    }
    const before = at(2)
    expect(await p.clickhouse.pruneTelemetry(before)).toBe(await p.sqlite.pruneTelemetry(before))
    expect(await p.clickhouse.pruneTelemetry(before)).toBe(0)
    const overview = async (s: Store) => (await s.reads().telemetry({}))?.logRecords
    expect(await overview(p.clickhouse)).toBe(await overview(p.sqlite))
  })
})
