// What `migrate --to clickhouse://…` carries from the embedded store besides requests and sessions.
// Raw telemetry goes as stored: with the time it was received and, for a metric point, the increment
// computed when it arrived (recomputing it elsewhere could differ: earlier points may be pruned, or
// have arrived out of order).

import type { RawLogRecord, RawMetricPoint, SeriesState } from '../model/telemetry-records.ts'
import { telemetryTables } from './store.ts'

/**
 * Tables copied from a saved position on, by their ClickHouse names (`otel_requests` holds
 * telemetry's copies of the requests that telemetry saw).
 */
export const migratedTables = ['otel_requests', ...telemetryTables] as const
export type MigratedTable = (typeof migratedTables)[number]

/** What the final check looks for on the server: every request, and each migrated table's rows. */
export type VerifiedTable = 'api_requests' | MigratedTable

/**
 * How far a copy got: the time and key of the last row copied, in (ts, key) order; for raw logs and
 * metric points, which are copied in row id order, the id (in `ts`).
 */
export interface MigratePosition {
  ts: number
  key: string
}

export interface StoredLog {
  /** The embedded store's row id: the copy's position. */
  id: number
  receivedAt: number
  record: RawLogRecord
}

export interface StoredMetricPoint {
  id: number
  receivedAt: number
  /** As computed on arrival; null for gauges. */
  increment: number | null
  point: RawMetricPoint
}

export interface StoredSeries {
  series: string
  state: SeriesState
}
