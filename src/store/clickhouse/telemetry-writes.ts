// Writes a collector batch to ClickHouse. There are no transactions, so a batch is made safe to
// write again instead: every row is deterministic (telemetry-rows.ts) and lands on the sorting key
// of its earlier copy, which reads group by and merges collapse. The series states go last: when
// they are written, so is everything before them, and a batch that failed before them computes the
// same increments on its retry.

import type {
  SeriesState,
  TelemetryBatch,
  ToolCallRecord,
  ToolResultRecord,
} from '../../model/telemetry-records.ts'
import { maybeNum, num, str } from '../row-cells.ts'
import type { ClickHouseConnection, QueryParams } from './clickhouse-connection.ts'
import {
  apiErrorRow,
  logRow,
  metricRows,
  promptRow,
  sessionSpanRow,
  telemetryRequestRow,
  toolCallRow,
} from './telemetry-rows.ts'

/** Series looked up per query (their names are short hashes). */
const SERIES_PER_QUERY = 500

export class TelemetryWrites {
  readonly #conn: ClickHouseConnection
  readonly #db: string
  /** Orders series-state writes of this process; later writes win. */
  #sequence = 0

  constructor(conn: ClickHouseConnection, db: string) {
    this.#conn = conn
    this.#db = db
  }

  async write(batch: TelemetryBatch, receivedAt: number): Promise<void> {
    const db = this.#db
    const before = await this.#seriesStates(
      batch.metrics.filter((p) => p.temporality === 'cumulative').map((p) => p.series),
    )
    const updated = receivedAt * 1000 + (this.#sequence++ % 1000)
    const metrics = metricRows(batch.metrics, before, receivedAt, updated)
    await this.#conn.insert(`${db}.otel_requests`, batch.apiRequests.map(telemetryRequestRow))
    await this.#conn.insert(
      `${db}.session_spans`,
      batch.sessions.map((s) => sessionSpanRow(s, 'otlp')),
    )
    await this.#conn.insert(`${db}.tool_calls`, batch.toolCalls.map(toolCallRow))
    await this.#conn.insert(`${db}.api_errors`, batch.apiErrors.map(apiErrorRow))
    await this.#conn.insert(`${db}.user_prompts`, batch.prompts.map(promptRow))
    await this.#conn.insert(
      `${db}.otel_logs`,
      batch.logs.map((l) => logRow(l, receivedAt)),
    )
    await this.#conn.insert(`${db}.otel_metrics`, metrics.points)
    await this.#conn.insert(`${db}.otel_metric_series`, metrics.series)
  }

  /**
   * Tool calls from a transcript import. A result whose call an earlier import stored is written as
   * that call completed (its name, session and start read back), so that reads merge it like any row.
   */
  async writeTranscriptToolCalls(
    calls: readonly ToolCallRecord[],
    results: readonly ToolResultRecord[],
  ): Promise<void> {
    const rows = calls.map(toolCallRow)
    if (results.length > 0) {
      const stored = await this.#conn.rows(
        // Aliases differ from the columns: older servers substitute an alias inside the other aggregates.
        `SELECT key AS call_key, argMin(session_id, ts) AS call_session, argMin(tool_name, ts) AS call_tool,
           min(ts) AS call_start
         FROM ${this.#db}.tool_calls WHERE has({keys:Array(String)}, key) GROUP BY key`,
        { keys: [...new Set(results.map((r) => r.key))] },
      )
      const calls = new Map(stored.map((r) => [str(r, 'call_key'), r]))
      for (const r of results) {
        const call = calls.get(r.key)
        if (!call) continue
        const start = num(call, 'call_start')
        rows.push(
          toolCallRow({
            key: r.key,
            sessionId: str(call, 'call_session'),
            promptId: r.promptId,
            requestId: null,
            toolUseId: r.key.slice('tool:'.length),
            toolName: str(call, 'call_tool'),
            timestamp: start,
            success: r.success,
            durationMs: Math.max(0, r.timestamp - start),
            inputBytes: null,
            resultBytes: null,
            error: r.error,
            decision: null,
            decisionSource: null,
            toolSource: null,
          }),
        )
      }
    }
    await this.#conn.insert(`${this.#db}.tool_calls`, rows)
  }

  async #seriesStates(names: readonly string[]): Promise<Map<string, SeriesState>> {
    const unique = [...new Set(names)]
    const states = new Map<string, SeriesState>()
    for (let i = 0; i < unique.length; i += SERIES_PER_QUERY) {
      const params: QueryParams = {}
      const placeholders = unique.slice(i, i + SERIES_PER_QUERY).map((name, j) => {
        params[`s${j}`] = name
        return `{s${j}:String}`
      })
      const rows = await this.#conn.rows(
        `SELECT series, tupleElement(latest, 1) AS start_ts, tupleElement(latest, 2) AS ts,
           tupleElement(latest, 3) AS value
         FROM (SELECT series, argMax(tuple(start_ts, ts, value), updated) AS latest
           FROM ${this.#db}.otel_metric_series WHERE series IN (${placeholders.join(', ')}) GROUP BY series)`,
        params,
      )
      for (const r of rows)
        states.set(str(r, 'series'), {
          startTimestamp: maybeNum(r, 'start_ts'),
          timestamp: num(r, 'ts'),
          value: num(r, 'value'),
        })
    }
    return states
  }
}
