// `migrate --to clickhouse://…` against a real server: everything copied once, resumable, verified; and
// a store with transcripts and telemetry (several users and teams, tool calls, errors, prompts, raw
// logs and metrics) answers every report, dashboard read and team/tools page as the embedded store did.

import { describe, expect, setDefaultTimeout, test } from 'bun:test'
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { buildReport } from '../../src/analytics/build-report.ts'
import { defaultCostModel } from '../../src/analytics/pricing/default-cost-model.ts'
import { parseClickHouseUrl } from '../../src/config/clickhouse-url.ts'
import { importHistory } from '../../src/ingest/import-history.ts'
import type { TelemetryBatch } from '../../src/model/telemetry-records.ts'
import { normalizeLogs } from '../../src/otlp/normalize-logs.ts'
import { normalizeMetrics } from '../../src/otlp/normalize-metrics.ts'
import { ClickHouseStore } from '../../src/store/clickhouse/clickhouse-store.ts'
import { migrateToClickHouse } from '../../src/store/migrate-to-clickhouse.ts'
import type { VerifiedTable } from '../../src/store/migration-records.ts'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts'
import type { Store } from '../../src/store/store.ts'
import type { DashboardFilter } from '../../src/store/usage-reads.ts'
import { runCli, runCliJson, tempDir } from '../helpers/cli.ts'
import { clickHouseForFile, clickHouseTestTimeoutMs, uniqueDatabase } from '../helpers/clickhouse-server.ts'
import { get, testDashboardApp } from '../helpers/dashboard.ts'
import { accepted, otlpFixtures } from '../helpers/otlp-fixtures.ts'
import { claudeEvent, logsPayload, sumPayload } from '../helpers/otlp-payloads.ts'
import { dashboard, exported, type ReportVariant, reports, roundDeep } from '../helpers/store-answers.ts'
import { at, iso, telemetryLimits, telLine, writeTelTranscript } from '../helpers/tel-session.ts'
import { userLine } from '../helpers/transcript-lines.ts'

setDefaultTimeout(clickHouseTestTimeoutMs)

const fixtures = join(import.meta.dir, '..', 'fixtures')
const ch = clickHouseForFile()
const dir = tempDir('cc-migrate-')
ch.cleanup(dir.cleanup)

describe('migrate --to clickhouse://', () => {
  test('copies everything once, a second run copies nothing, and reports then match', async () => {
    const env = { home: join(dir.path, 'cli'), claudeDir: join(fixtures, 'history') }
    const url = ch.server.storeUrl(uniqueDatabase('migrate'))
    await runCliJson(['import', '--json'], env)
    const first = await runCliJson<{ copied: number; sourceRequests: number; missing: number }>(
      ['migrate', '--to', url, '--json'],
      env,
    )
    expect(first.copied).toBe(first.sourceRequests)
    expect(first.sourceRequests).toBeGreaterThan(0)
    expect(first.missing).toBe(0)
    expect(await runCliJson(['migrate', '--to', url, '--json'], env)).toMatchObject({
      copied: 0,
      alreadyCopied: first.sourceRequests,
      verified: first.sourceRequests,
      missing: 0,
    })
    const lite = await runCliJson(['report', 'daily', '--json', '--no-import'], env)
    expect(await runCliJson(['report', 'daily', '--json', '--no-import', '--store', url], env)).toEqual(lite)
    // The importer's checkpoints came along: importing into ClickHouse now reads nothing new.
    expect(await runCliJson(['import', '--json', '--store', url], env)).toMatchObject({ newRequests: 0 })
    const text = await runCli(['migrate', '--to', url], env)
    expect(text.exitCode).toBe(0)
    expect(text.stdout.trim().split('\n').slice(1)).toEqual([
      'Copied telemetry: 0 telemetry copies of requests, 0 tool calls, 0 API errors, 0 prompts, 0 log records, 0 metric points (0 already there), 0 metric series.',
      `Verified ${first.sourceRequests} of ${first.sourceRequests} requests and 0 of 0 telemetry rows on the server.`,
    ])
  })

  test('a run killed after its first batch resumes where it stopped', async () => {
    const from = new SqliteStore(join(dir.path, 'resume.db'))
    await importHistory({
      store: from,
      claudeDirs: [join(fixtures, 'history'), join(fixtures, 'claude-code')],
    })
    const open = () =>
      new ClickHouseStore({
        target: parseClickHouseUrl(ch.server.storeUrl(uniqueDatabase('resume'))),
        checkpointPath: join(dir.path, 'resume-ch.db'),
      })
    const to = open()
    const killed = migrateToClickHouse({
      from,
      to,
      batchSize: 2,
      onProgress: () => {
        throw new Error('killed')
      },
    })
    await expect(killed).rejects.toThrow('killed')
    expect(await to.countApiRequests()).toBe(2)
    const resumed = await migrateToClickHouse({ from, to, batchSize: 2 })
    const total = await from.countApiRequests()
    expect(resumed).toMatchObject({ copied: total - 2, alreadyCopied: 2, verified: total, missing: 0 })
    expect(await to.countApiRequests()).toBe(total)
    await Promise.all([from.close(), to.close()])
  })
})

// One session (tel-1) seen by transcripts and telemetry, one (tel-2) by telemetry alone; two teams and
// three users; the shared fixtures' transcripts and genuine Claude Code OTLP logs and metrics besides.
function writeTranscripts(claudeDir: string): void {
  cpSync(join(fixtures, 'history', 'projects'), join(claudeDir, 'projects'), { recursive: true })
  cpSync(join(fixtures, 'claude-code', 'projects'), join(claudeDir, 'projects'), { recursive: true })
  // `b` was cut short in the transcript (telemetry's copy has more tokens); `c` has no telemetry.
  writeTelTranscript(claudeDir, [
    userLine('tel-1', 'hi', iso(0)),
    telLine('a', 1, 40),
    telLine('b', 2, 5),
    telLine('c', 6, 30),
  ])
}

const sent = (request: string, minute: number, output: number, email: string, session = 'tel-1') =>
  claudeEvent('api_request', at(minute) + 700, {
    'session.id': session,
    'user.id': `id-${email}`,
    'user.email': email,
    'organization.id': 'org-1',
    model: 'claude-sonnet-4-5-20250929',
    input_tokens: 100,
    output_tokens: output,
    cache_read_tokens: 1000,
    cache_creation_tokens: 200,
    cost_usd: output / 1000,
    duration_ms: 500 + output,
    ttft_ms: 10 + minute,
    request_id: `req_${request}`,
    query_source: minute === 4 ? 'compact' : 'sdk',
    'prompt.id': `p-${minute}`,
  })

const event = (name: string, minute: number, values: Record<string, string | number>, session = 'tel-1') =>
  claudeEvent(name, at(minute), { 'session.id': session, ...values })

async function telemetryBatches(): Promise<TelemetryBatch[]> {
  const logs = (doc: unknown) =>
    accepted(normalizeLogs(doc, { ...telemetryLimits, storePrompts: true, now: at(60) }))
      .batch as TelemetryBatch
  const metrics = (doc: unknown) => accepted(normalizeMetrics(doc, telemetryLimits)).batch as TelemetryBatch
  const tokens = (value: number, minute: number) =>
    sumPayload('claude_code.token.usage', 2, [
      { value, startMs: at(0), timeMs: at(minute), attributes: { 'session.id': 'tel-1', type: 'input' } },
    ])
  const platform = logsPayload(
    [
      sent('a', 1, 40, 'ana@example.com'),
      sent('b', 2, 50, 'bo@example.com'),
      event('tool_decision', 1, {
        tool_name: 'Bash',
        tool_use_id: 'toolu_1',
        decision: 'accept',
        source: 'config',
      }),
      event('tool_result', 2, {
        tool_name: 'Bash',
        tool_use_id: 'toolu_1',
        success: 'true',
        duration_ms: 120,
        tool_result_size_bytes: 300,
      }),
      event('tool_result', 3, {
        tool_name: 'Read',
        tool_use_id: 'toolu_2',
        success: 'false',
        duration_ms: 7,
        error: 'File does not exist',
      }),
      event('api_error', 2, { status_code: 529, error: 'Overloaded', attempt: 1 }),
      event('api_error', 3, { status_code: 529, error: 'Overloaded', attempt: 2 }),
      event('user_prompt', 0, { prompt_length: 12, 'prompt.id': 'p-0', prompt: 'fix the test' }),
      event('user_prompt', 3, { prompt_length: 40, 'prompt.id': 'p-3' }),
    ],
    { team: 'platform' },
  )
  const data = logsPayload(
    [
      // Telemetry only: a compaction in tel-1 (it takes the session's project), and tel-2.
      sent('d', 4, 12, 'cy@example.com'),
      sent('e', 5, 7, 'cy@example.com', 'tel-2'),
      event('api_error', 5, { status_code: 500, error: 'Internal', attempt: 2 }, 'tel-2'),
    ],
    { team: 'data' },
  )
  return [
    logs(platform),
    logs(data),
    logs(await otlpFixtures.json('logs')),
    metrics(await otlpFixtures.json('metrics')),
    metrics(tokens(100, 1)),
    metrics(tokens(250, 2)),
    metrics(
      sumPayload('claude_code.cost.usage', 1, [
        { value: 0.25, startMs: at(2), timeMs: at(3), attributes: { 'session.id': 'tel-2' } },
      ]),
    ),
  ]
}

interface Seeded {
  sqlite: SqliteStore
  clickhouse: ClickHouseStore
  database: string
}

/**
 * An embedded store with transcripts and telemetry, and an empty ClickHouse database to migrate to.
 * Raw telemetry before minute 2 is pruned: the cumulative token point left adds 150 (from 100 to 250),
 * which only the increment computed on arrival says.
 */
async function seeded(name: string): Promise<Seeded> {
  const claudeDir = join(dir.path, name, 'claude')
  writeTranscripts(claudeDir)
  const database = uniqueDatabase(name)
  const sqlite = new SqliteStore(join(dir.path, name, 'store.db'))
  const clickhouse = new ClickHouseStore({
    target: parseClickHouseUrl(ch.server.storeUrl(database)),
    checkpointPath: join(dir.path, name, 'ch-checkpoints.db'),
  })
  ch.cleanup(
    () => sqlite.close(),
    () => clickhouse.close(),
  )
  for (const batch of await telemetryBatches()) await sqlite.ingestTelemetry(batch)
  await importHistory({ store: sqlite, claudeDirs: [claudeDir] })
  await sqlite.pruneTelemetry(at(2))
  return { sqlite, clickhouse, database }
}

const variants: ReportVariant[] = [
  { timezone: 'UTC', order: 'asc', filter: {} },
  { timezone: 'Asia/Tokyo', order: 'desc', filter: { project: 'tel' } },
  { timezone: 'UTC', order: 'asc', filter: { team: 'platform' } },
  { timezone: 'America/New_York', order: 'asc', filter: { user: 'cy@example.com', since: at(2) } },
]
const dashboardFilters: DashboardFilter[] = [
  {},
  { project: 'tel' },
  { since: at(2), until: at(90) },
  { sessionId: 'tel-2' },
  { team: 'platform' },
  { user: 'cy@example.com', since: at(2) },
]
const sessions = ['tel-1', 'tel-2', '1d8403d2-3dc0-4334-9c56-503f6240d319']
const pages = ['/team?range=all', '/tools?range=all', '/telemetry?range=all', '/sessions/tel-1']

/** Every dashboard read (with the collector's tables) and each table's row count. */
async function telemetryAnswers(store: Store) {
  return {
    dashboard: await dashboard(store.reads(), dashboardFilters, sessions),
    tables: (await store.describe()).tables,
  }
}

/** Everything a person could ask either store, rounded where sums may differ in their last bits. */
async function answers(store: Store) {
  const app = testDashboardApp(store)
  const html = []
  for (const path of pages) html.push(await (await get(app, path)).text())
  return {
    reports: roundDeep(await reports(store, variants)),
    rows: await exported(store),
    pages: html,
    ...(await telemetryAnswers(store)),
  }
}

/** `report user` / `report team` as rows of [user or team ('' when unattributed), requests, cost]. */
async function attribution(store: Store, kind: 'user' | 'team'): Promise<unknown[]> {
  const report = await buildReport(store, kind, defaultCostModel(), {
    filter: {},
    timezone: 'UTC',
    order: 'asc',
    startOfWeek: 'monday',
    now: at(60),
  })
  return report.kind === 'blocks' ? [] : report.rows.map((r) => [r.key, r.requests, roundDeep(r.totalCost)])
}

/** Throws (as a kill would stop the run) right after the first batch of `table`. */
const killedAt = (table: VerifiedTable) => (_: number, copying: VerifiedTable) => {
  if (copying === table) throw new Error('killed')
}

const copiedOnce = (rows: number) => ({
  source: rows,
  copied: rows,
  alreadyCopied: 0,
  verified: rows,
  missing: 0,
})
const copiedBefore = (rows: number) => ({
  source: rows,
  copied: 0,
  alreadyCopied: rows,
  verified: rows,
  missing: 0,
})

describe('migrate carries telemetry', () => {
  test('reports, dashboard reads and the team and tools pages answer as on the embedded store; a second run copies nothing', async () => {
    const s = await seeded('telemetry')
    const lite = await answers(s.sqlite)
    // Not equal emptiness: the pages show who sent what and which tools ran.
    expect(lite.pages[0]).toContain('ana@example.com')
    expect(lite.pages[0]).toContain('platform')
    expect(lite.pages[1]).toContain('Read')
    const first = await migrateToClickHouse({ from: s.sqlite, to: s.clickhouse })
    expect(first).toEqual({
      sourceRequests: 19,
      copied: 19,
      alreadyCopied: 0,
      sessions: 6,
      verified: 19,
      missing: 0,
      metricSeries: 1,
      tables: {
        otel_requests: copiedOnce(8),
        tool_calls: copiedOnce(7), // 5 from telemetry, 2 more only the transcripts have
        api_errors: copiedOnce(3),
        user_prompts: copiedOnce(3),
        otel_logs: copiedOnce(25),
        otel_metrics: copiedOnce(12),
      },
    })
    expect(await answers(s.clickhouse)).toEqual(lite)

    const second = await migrateToClickHouse({ from: s.sqlite, to: s.clickhouse })
    expect(second).toEqual({
      sourceRequests: 19,
      copied: 0,
      alreadyCopied: 19,
      sessions: 6,
      verified: 19,
      missing: 0,
      metricSeries: 1,
      tables: {
        otel_requests: copiedBefore(8),
        tool_calls: copiedBefore(7),
        api_errors: copiedBefore(3),
        user_prompts: copiedBefore(3),
        otel_logs: copiedBefore(25),
        otel_metrics: copiedBefore(12),
      },
    })
    expect(await answers(s.clickhouse)).toEqual(lite)
  })

  test('who sent each request came along: users and teams as the embedded store has them', async () => {
    const s = await seeded('attribution')
    await migrateToClickHouse({ from: s.sqlite, to: s.clickhouse })
    expect(await attribution(s.clickhouse, 'team')).toEqual([
      ['', 15, 0.32921],
      ['data', 2, 0.019],
      ['platform', 2, 0.09],
    ])
    expect(await attribution(s.clickhouse, 'user')).toEqual([
      ['', 11, 0.30158],
      ['819e56d84041f96b6165bb82dd53819a2715830cffd5e9609948019cf8f124e7', 4, 0.02763],
      ['ana@example.com', 1, 0.04],
      ['bo@example.com', 1, 0.05],
      ['cy@example.com', 2, 0.019],
    ])
    expect(await attribution(s.clickhouse, 'team')).toEqual(await attribution(s.sqlite, 'team'))
    expect(await attribution(s.clickhouse, 'user')).toEqual(await attribution(s.sqlite, 'user'))
  })

  test('series states came along: the next cumulative point adds the same on both stores', async () => {
    const s = await seeded('series')
    await migrateToClickHouse({ from: s.sqlite, to: s.clickhouse })
    const next = accepted(
      normalizeMetrics(
        sumPayload('claude_code.token.usage', 2, [
          { value: 400, startMs: at(0), timeMs: at(3), attributes: { 'session.id': 'tel-1', type: 'input' } },
        ]),
        telemetryLimits,
      ),
    ).batch as TelemetryBatch
    await s.sqlite.ingestTelemetry(next)
    await s.clickhouse.ingestTelemetry(next)
    const tokens = async (store: Store) =>
      (await store.reads().telemetry({ sessionId: 'tel-1' }))?.metrics.filter(
        (m) => m.name === 'claude_code.token.usage',
      )
    expect(await tokens(s.clickhouse)).toEqual([
      { name: 'claude_code.token.usage', type: 'input', value: 300 },
    ])
    expect(await tokens(s.clickhouse)).toEqual(await tokens(s.sqlite))
  })

  test('a run killed while copying metric points resumes there, and nothing doubles', async () => {
    const s = await seeded('killed')
    const lite = await telemetryAnswers(s.sqlite)
    const killed = migrateToClickHouse({
      from: s.sqlite,
      to: s.clickhouse,
      batchSize: 2,
      onProgress: killedAt('otel_metrics'),
    })
    await expect(killed).rejects.toThrow('killed')
    const resumed = await migrateToClickHouse({ from: s.sqlite, to: s.clickhouse, batchSize: 2 })
    expect(resumed).toMatchObject({
      copied: 0,
      missing: 0,
      tables: {
        otel_requests: copiedBefore(8),
        tool_calls: copiedBefore(7),
        otel_logs: copiedBefore(25),
        otel_metrics: { source: 12, copied: 10, alreadyCopied: 2, verified: 12, missing: 0 },
      },
    })
    expect(await telemetryAnswers(s.clickhouse)).toEqual(lite)
  })
})
