// The embedded store as `migrate --to` reads it: each table from a saved position on, in the order
// positions follow, as the records the stores write; and each table's row identities for the final
// check (clickhouse/migration-writes.ts builds the same on the server). It has its own read-only
// connection, so a collector or an import may go on writing meanwhile.

import type { Database } from 'bun:sqlite'
import type { ApiRequestRecord, SessionRecord } from '../../model/records.ts'
import {
  type ApiErrorRecord,
  metricKinds,
  type TelemetryApiRequest,
  type ToolCallRecord,
  temporalities,
  type UserPromptRecord,
} from '../../model/telemetry-records.ts'
import type {
  MigratePosition,
  StoredLog,
  StoredMetricPoint,
  StoredSeries,
  VerifiedTable,
} from '../migration-records.ts'
import { requestFromRow } from '../read-rows.ts'
import { maybeNum, maybeStr, num, str } from '../row-cells.ts'
import { telemetryOnlyRequestColumns } from '../store.ts'
import { openDatabase } from './open-database.ts'
import type { RequestRow } from './sqlite-store.ts'

type Row = RequestRow

/** Requests telemetry saw: it alone writes rows with source 'otlp', and only it fills these columns. */
const SEEN_BY_TELEMETRY = `(source = 'otlp' OR ${telemetryOnlyRequestColumns.map((c) => `${c} IS NOT NULL`).join(' OR ')})`

// Rows after a position in (ts, key) order; the time alone first, so the ts index narrows the scan.
const AFTER_KEY = 'ts >= $ts AND (ts > $ts OR key > $key)'

const START: MigratePosition = { ts: Number.MIN_SAFE_INTEGER, key: '' }

/** Each table's row identity as text; ClickHouse's side is `identities` in migration-writes.ts. */
const identities = {
  api_requests: 'SELECT key AS k FROM api_requests',
  otel_requests: `SELECT key AS k FROM api_requests WHERE ${SEEN_BY_TELEMETRY}`,
  tool_calls: 'SELECT key AS k FROM tool_calls',
  api_errors: 'SELECT key AS k FROM api_errors',
  user_prompts: 'SELECT key AS k FROM user_prompts',
  otel_logs: "SELECT ts || '|' || hash AS k FROM otel_logs",
  otel_metrics: "SELECT series || '|' || ts || '|' || coalesce(start_ts, -1) AS k FROM otel_metrics",
} as const satisfies Record<VerifiedTable, string>

export class MigrationSource {
  readonly #db: Database

  constructor(path: string) {
    this.#db = openDatabase(path, { readonly: true })
  }

  /** Every request a transcript named, as its copy; a telemetry-only request has none. */
  transcriptCopies(after: MigratePosition | null): Iterable<ApiRequestRecord> {
    return this.#afterKey('api_requests', "source != 'otlp'", after, requestFromRow)
  }

  /**
   * Every request telemetry saw, as its copy: the merged row plus what only telemetry knows, so that a
   * store merging it with the transcript's copy gets the same row. `source` is as stored.
   */
  telemetryCopies(after: MigratePosition | null): Iterable<TelemetryApiRequest> {
    return this.#afterKey('api_requests', SEEN_BY_TELEMETRY, after, (row) => ({
      ...requestFromRow(row),
      ttftMs: maybeNum(row, 'ttft_ms'),
      querySource: maybeStr(row, 'query_source'),
      promptId: maybeStr(row, 'prompt_id'),
      userId: maybeStr(row, 'user_id'),
      userEmail: maybeStr(row, 'user_email'),
      organizationId: maybeStr(row, 'organization_id'),
      team: maybeStr(row, 'team'),
    }))
  }

  /** Tool uses, each already merged from its decision and result. */
  toolCalls(after: MigratePosition | null): Iterable<ToolCallRecord> {
    return this.#afterKey('tool_calls', '1', after, (row) => {
      const success = maybeNum(row, 'success')
      return {
        key: str(row, 'key'),
        sessionId: str(row, 'session_id'),
        promptId: maybeStr(row, 'prompt_id'),
        requestId: maybeStr(row, 'request_id'),
        toolUseId: maybeStr(row, 'tool_use_id'),
        toolName: str(row, 'tool_name'),
        timestamp: num(row, 'ts'),
        success: success === null ? null : success === 1,
        durationMs: maybeNum(row, 'duration_ms'),
        inputBytes: maybeNum(row, 'input_bytes'),
        resultBytes: maybeNum(row, 'result_bytes'),
        error: maybeStr(row, 'error'),
        decision: maybeStr(row, 'decision'),
        decisionSource: maybeStr(row, 'decision_source'),
        toolSource: maybeStr(row, 'tool_source'),
      }
    })
  }

  apiErrors(after: MigratePosition | null): Iterable<ApiErrorRecord> {
    return this.#afterKey('api_errors', '1', after, (row) => ({
      key: str(row, 'key'),
      sessionId: str(row, 'session_id'),
      promptId: maybeStr(row, 'prompt_id'),
      requestId: maybeStr(row, 'request_id'),
      timestamp: num(row, 'ts'),
      model: maybeStr(row, 'model'),
      statusCode: maybeNum(row, 'status_code'),
      error: maybeStr(row, 'error'),
      attempt: maybeNum(row, 'attempt'),
      durationMs: maybeNum(row, 'duration_ms'),
    }))
  }

  /** Prompt sizes, with their text where the store kept it. */
  prompts(after: MigratePosition | null): Iterable<UserPromptRecord> {
    return this.#afterKey('user_prompts', '1', after, (row) => ({
      key: str(row, 'key'),
      sessionId: str(row, 'session_id'),
      promptId: maybeStr(row, 'prompt_id'),
      timestamp: num(row, 'ts'),
      length: num(row, 'prompt_length'),
      text: maybeStr(row, 'prompt'),
      commandName: maybeStr(row, 'command_name'),
    }))
  }

  /** Raw log records in the order they arrived. */
  logs(after: MigratePosition | null): Iterable<StoredLog> {
    return this.#afterId('otel_logs', after, (row) => ({
      id: num(row, 'id'),
      receivedAt: num(row, 'received_at'),
      record: {
        hash: num(row, 'hash'),
        timestamp: num(row, 'ts'),
        observedTimestamp: maybeNum(row, 'observed_ts'),
        eventName: maybeStr(row, 'event_name'),
        sessionId: maybeStr(row, 'session_id'),
        severityNumber: maybeNum(row, 'severity_number'),
        severityText: maybeStr(row, 'severity_text'),
        body: maybeStr(row, 'body'),
        attributes: str(row, 'attributes'),
        resource: str(row, 'resource'),
        scope: maybeStr(row, 'scope'),
      },
    }))
  }

  /** Raw metric points in the order they arrived, each with the increment computed then. */
  metricPoints(after: MigratePosition | null): Iterable<StoredMetricPoint> {
    return this.#afterId('otel_metrics', after, (row) => ({
      id: num(row, 'id'),
      receivedAt: num(row, 'received_at'),
      increment: maybeNum(row, 'increment'),
      point: {
        series: str(row, 'series'),
        name: str(row, 'name'),
        unit: maybeStr(row, 'unit'),
        // Written from these lists by the collector; anything else would be a gauge's level.
        kind: metricKinds.find((k) => k === row.kind) ?? 'gauge',
        temporality: temporalities.find((t) => t === row.temporality) ?? null,
        monotonic: row.monotonic === 1,
        startTimestamp: maybeNum(row, 'start_ts'),
        timestamp: num(row, 'ts'),
        value: num(row, 'value'),
        count: maybeNum(row, 'count'),
        sessionId: maybeStr(row, 'session_id'),
        model: maybeStr(row, 'model'),
        type: maybeStr(row, 'type'),
        userId: maybeStr(row, 'user_id'),
        organizationId: maybeStr(row, 'organization_id'),
        attributes: str(row, 'attributes'),
        resource: str(row, 'resource'),
        scope: maybeStr(row, 'scope'),
      },
    }))
  }

  /** Where each cumulative series got to (few: one per series). */
  seriesStates(): StoredSeries[] {
    return this.#db
      .query<Row, []>('SELECT series, start_ts, ts, value FROM otel_metric_series ORDER BY series')
      .all()
      .map((row) => ({
        series: str(row, 'series'),
        state: {
          startTimestamp: maybeNum(row, 'start_ts'),
          timestamp: num(row, 'ts'),
          value: num(row, 'value'),
        },
      }))
  }

  sessions(): SessionRecord[] {
    return this.#db
      .query<SessionRecord, []>(
        `SELECT session_id AS sessionId, project, transcript_path AS transcriptPath, first_ts AS firstTimestamp,
           last_ts AS lastTimestamp, version, git_branch AS gitBranch FROM sessions`,
      )
      .all()
  }

  /** The identity of every row of `table` that should be on the server. */
  *identities(table: VerifiedTable): Iterable<string> {
    for (const row of this.#db.query<{ k: string }, []>(identities[table]).iterate()) yield String(row.k)
  }

  close(): void {
    this.#db.close()
  }

  *#afterKey<T>(
    table: string,
    condition: string,
    after: MigratePosition | null,
    map: (row: Row) => T,
  ): Iterable<T> {
    const at = after ?? START
    const query = this.#db.query<Row, [Record<string, string | number>]>(
      `SELECT * FROM ${table} WHERE ${condition} AND ${AFTER_KEY} ORDER BY ts, key`,
    )
    for (const row of query.iterate({ $ts: at.ts, $key: at.key })) yield map(row)
  }

  *#afterId<T>(table: string, after: MigratePosition | null, map: (row: Row) => T): Iterable<T> {
    const query = this.#db.query<Row, [Record<string, number>]>(
      `SELECT * FROM ${table} WHERE id > $id ORDER BY id`,
    )
    for (const row of query.iterate({ $id: after?.ts ?? Number.MIN_SAFE_INTEGER })) yield map(row)
  }
}
