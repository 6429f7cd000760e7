// `migrate --to clickhouse://…`: copies the embedded store into ClickHouse. Requests go as the
// transcripts' copies and, for those telemetry saw, as telemetry's copies too (the merged row plus what
// only telemetry knows: time to first token, who sent it), so the server's merge (requests-sql.ts)
// gives the embedded store's rows; a request only telemetry saw goes as telemetry's copy alone. Then
// sessions, import checkpoints and the collector's tables. Each table goes in a stable order, saving
// how far it got after each batch, so a killed run resumes and a second run copies nothing (and a row
// written twice lands on its first copy's key). The end checks that every source row is on the server,
// and forgets the position of a table that misses some, so the next run copies that table again.

import {
  emptyTelemetryBatch,
  type TelemetryApiRequest,
  type TelemetryBatch,
} from '../model/telemetry-records.ts'
import type { ClickHouseStore } from './clickhouse/clickhouse-store.ts'
import type { MigratedTable, MigratePosition, VerifiedTable } from './migration-records.ts'
import { MigrationSource } from './sqlite/migration-source.ts'
import type { SqliteStore } from './sqlite/sqlite-store.ts'

export interface MigrateOptions {
  from: SqliteStore
  to: ClickHouseStore
  /** @default 5000 */
  batchSize?: number
  /** After each batch: how many rows of `table` this run has copied. */
  onProgress?: (copied: number, table: VerifiedTable) => void
}

interface TableSummary {
  /** Rows of the embedded store, as checked at the end. */
  source: number
  /** Copied by this run. */
  copied: number
  /** Copied by an earlier run (skipped now). */
  alreadyCopied: number
  /** Source rows found on the server at the end. */
  verified: number
  missing: number
}

export interface MigrateSummary {
  sourceRequests: number
  /** Requests copied by this run. */
  copied: number
  /** Copied by an earlier run (skipped now). */
  alreadyCopied: number
  /** Written every run (the same rows again, so nothing doubles). */
  sessions: number
  /** Source request keys found on the server at the end. */
  verified: number
  missing: number
  /** States of cumulative metric series, written every run as sessions are. */
  metricSeries: number
  /** The other tables; `otel_requests` counts the requests telemetry saw (their telemetry copies). */
  tables: Record<MigratedTable, TableSummary>
}

/** Where a position was never saved, or was forgotten: before every row. */
const START: MigratePosition = { ts: Number.MIN_SAFE_INTEGER, key: '' }

interface Copy<T> {
  table: VerifiedTable
  rows: (after: MigratePosition | null) => Iterable<T>
  position: (row: T) => MigratePosition
  write: (rows: T[]) => Promise<void>
}

export async function migrateToClickHouse(opts: MigrateOptions): Promise<MigrateSummary> {
  const { from, to } = opts
  const batchSize = opts.batchSize ?? 5000
  const source = new MigrationSource(from.path)
  const writes = to.migrationWrites()
  // Requests keep the position key of earlier versions (the path alone), so their runs resume too.
  const progressKey = (table: VerifiedTable) =>
    table === 'api_requests' ? from.path : `${from.path}#${table}`

  const copy = async <T>(c: Copy<T>): Promise<number> => {
    const key = progressKey(c.table)
    let copied = 0
    let batch: T[] = []
    const flush = async () => {
      const last = batch.at(-1)
      if (last === undefined) return
      await c.write(batch)
      to.saveMigrateProgress(key, c.position(last))
      copied += batch.length
      batch = []
      opts.onProgress?.(copied, c.table)
    }
    for (const row of c.rows(to.migrateProgress(key))) {
      batch.push(row)
      if (batch.length >= batchSize) await flush()
    }
    await flush()
    return copied
  }
  const byKey = (r: { timestamp: number; key: string }) => ({ ts: r.timestamp, key: r.key })
  const byId = (r: { id: number }) => ({ ts: r.id, key: '' })
  const telemetry = (part: Partial<TelemetryBatch>) =>
    to.ingestTelemetry({ ...emptyTelemetryBatch(), ...part })

  try {
    const sourceRequests = await from.countApiRequests()
    const transcriptCopies = await copy({
      table: 'api_requests',
      rows: (after) => source.transcriptCopies(after),
      position: byKey,
      write: async (requests) => {
        await to.ingest({ requests, sessions: [] })
      },
    })
    let telemetryOnly = 0
    const telemetryCopies = await copy({
      table: 'otel_requests',
      rows: (after) => source.telemetryCopies(after),
      position: byKey,
      write: (requests: TelemetryApiRequest[]) => {
        telemetryOnly += requests.filter((r) => r.source === 'otlp').length
        return telemetry({ apiRequests: requests.map((r) => ({ ...r, source: 'otlp' })) })
      },
    })

    // Sessions are few and idempotent to rewrite: all of them, every run.
    const sessions = source.sessions()
    for (let i = 0; i < sessions.length; i += batchSize)
      await to.ingest({ requests: [], sessions: sessions.slice(i, i + batchSize) })
    // Imports into ClickHouse then go on from where the embedded store's importer stopped.
    await to.ingest({ requests: [], sessions: [] }, [...(await from.getCheckpoints()).values()])

    const toolCalls = await copy({
      table: 'tool_calls',
      rows: (after) => source.toolCalls(after),
      position: byKey,
      write: (toolCalls) => telemetry({ toolCalls }),
    })
    const apiErrors = await copy({
      table: 'api_errors',
      rows: (after) => source.apiErrors(after),
      position: byKey,
      write: (apiErrors) => telemetry({ apiErrors }),
    })
    const prompts = await copy({
      table: 'user_prompts',
      rows: (after) => source.prompts(after),
      position: byKey,
      write: (prompts) => telemetry({ prompts }),
    })
    const logs = await copy({
      table: 'otel_logs',
      rows: (after) => source.logs(after),
      position: byId,
      write: (rows) => writes.logs(rows),
    })
    const metricPoints = await copy({
      table: 'otel_metrics',
      rows: (after) => source.metricPoints(after),
      position: byId,
      write: (rows) => writes.metricPoints(rows),
    })
    // After the points, as the collector writes them: where each series got to.
    const series = source.seriesStates()
    for (let i = 0; i < series.length; i += batchSize)
      await writes.seriesStates(series.slice(i, i + batchSize))

    const copied: Record<VerifiedTable, number> = {
      api_requests: transcriptCopies,
      otel_requests: telemetryCopies,
      tool_calls: toolCalls,
      api_errors: apiErrors,
      user_prompts: prompts,
      otel_logs: logs,
      otel_metrics: metricPoints,
    }
    const verify = async (table: VerifiedTable): Promise<TableSummary> => {
      const { checked, present } = await writes.countPresent(table, source.identities(table))
      // A row that reached the embedded store behind the saved position (a concurrent write of an older
      // row, or a request telemetry reached after it was copied) was skipped: copy the table again.
      if (present < checked) to.saveMigrateProgress(progressKey(table), START)
      return {
        source: checked,
        copied: copied[table],
        alreadyCopied: Math.max(0, checked - copied[table]),
        verified: present,
        missing: checked - present,
      }
    }
    const requests = await verify('api_requests')
    const tables: Record<MigratedTable, TableSummary> = {
      otel_requests: await verify('otel_requests'),
      tool_calls: await verify('tool_calls'),
      api_errors: await verify('api_errors'),
      user_prompts: await verify('user_prompts'),
      otel_logs: await verify('otel_logs'),
      otel_metrics: await verify('otel_metrics'),
    }
    const requestsCopied = transcriptCopies + telemetryOnly
    return {
      sourceRequests,
      copied: requestsCopied,
      alreadyCopied: Math.max(0, requests.source - requestsCopied),
      sessions: sessions.length,
      verified: requests.verified,
      missing: requests.missing,
      metricSeries: series.length,
      tables,
    }
  } finally {
    source.close()
  }
}
