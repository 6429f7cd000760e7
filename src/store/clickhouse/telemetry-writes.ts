// Writes a collector batch to ClickHouse. There are no transactions, so a batch is made safe to
// write again instead: every row is deterministic (telemetry-rows.ts) and lands on the sorting key
// of its earlier copy, which reads group by and merges collapse. The series states go last: when
// they are written, so is everything before them, and a batch that failed before them computes the
// same increments on its retry.

import type { SeriesState, TelemetryBatch } from '../../model/telemetry-records.ts'
import { type ClickHouseConnection, maybeNum, num, type QueryParams, str } from './clickhouse-connection.ts'
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
