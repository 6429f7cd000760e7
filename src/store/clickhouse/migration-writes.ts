// For `migrate --to`: the rows the collector's write path would compute anew, written as the embedded
// store holds them (raw log records with the time they arrived, metric points with the increments
// computed then, each series' state), and the final check of what reached the server. Every row is a
// function of its stored record, so a second copy lands on the sorting key of the first: nothing doubles.

import type { StoredLog, StoredMetricPoint, StoredSeries, VerifiedTable } from '../migration-records.ts'
import { num } from '../row-cells.ts'
import type { ClickHouseConnection } from './clickhouse-connection.ts'
import { logRow, metricPointRow, seriesStateRow } from './telemetry-rows.ts'

/** Each table's row identity as text, as the embedded store builds it (sqlite/migration-source.ts). */
const identities = {
  api_requests: (db) => `SELECT key FROM ${db}.api_requests UNION ALL SELECT key FROM ${db}.otel_requests`,
  otel_requests: (db) => `SELECT key FROM ${db}.otel_requests`,
  tool_calls: (db) => `SELECT key FROM ${db}.tool_calls`,
  api_errors: (db) => `SELECT key FROM ${db}.api_errors`,
  user_prompts: (db) => `SELECT key FROM ${db}.user_prompts`,
  otel_logs: (db) => `SELECT concat(toString(ts), '|', toString(hash)) AS key FROM ${db}.otel_logs`,
  otel_metrics: (db) =>
    `SELECT concat(series, '|', toString(ts), '|', toString(start_key)) AS key FROM ${db}.otel_metrics`,
} as const satisfies Record<VerifiedTable, (db: string) => string>

/** Identities sent per insert into the scratch table. */
const IDENTITIES_PER_INSERT = 10_000

export class MigrationWrites {
  readonly #conn: ClickHouseConnection
  readonly #db: string
  readonly #ready: () => Promise<void>

  /** `ready` migrates first. */
  constructor(conn: ClickHouseConnection, db: string, ready: () => Promise<void>) {
    this.#conn = conn
    this.#db = db
    this.#ready = ready
  }

  async logs(rows: readonly StoredLog[]): Promise<void> {
    await this.#ready()
    await this.#conn.insert(
      `${this.#db}.otel_logs`,
      rows.map((l) => logRow(l.record, l.receivedAt)),
    )
  }

  async metricPoints(rows: readonly StoredMetricPoint[]): Promise<void> {
    await this.#ready()
    await this.#conn.insert(
      `${this.#db}.otel_metrics`,
      rows.map((m) => metricPointRow(m.point, m.increment, m.receivedAt)),
    )
  }

  /**
   * The collector versions a state by when it arrived (ms × 1000); a copied one by its point's time on
   * the same scale, so a state the collector wrote to the server after that point stays the newer.
   */
  async seriesStates(states: readonly StoredSeries[]): Promise<void> {
    await this.#ready()
    await this.#conn.insert(
      `${this.#db}.otel_metric_series`,
      states.map((s) => seriesStateRow(s.series, s.state, Math.max(0, s.state.timestamp) * 1000)),
    )
  }

  /** How many of a table's row identities the server holds; they travel in a request body, never in SQL. */
  async countPresent(
    table: VerifiedTable,
    keys: Iterable<string>,
  ): Promise<{ checked: number; present: number }> {
    await this.#ready()
    const scratch = `${this.#db}.verify_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
    await this.#conn.command(`CREATE TABLE ${scratch} (key String) ENGINE = Memory`)
    try {
      let checked = 0
      let batch: { key: string }[] = []
      for (const key of keys) {
        batch.push({ key })
        if (batch.length < IDENTITIES_PER_INSERT) continue
        await this.#conn.insert(scratch, batch)
        checked += batch.length
        batch = []
      }
      await this.#conn.insert(scratch, batch)
      checked += batch.length
      const [row] = await this.#conn.rows(
        `SELECT uniqExact(key) AS n FROM ${scratch} WHERE key IN (${identities[table](this.#db)})`,
      )
      return { checked, present: row ? num(row, 'n') : 0 }
    } finally {
      await this.#conn.command(`DROP TABLE IF EXISTS ${scratch}`)
    }
  }
}
