// The storage boundary: every store (sqlite today, ClickHouse for teams) implements this, and
// analytics only ever talks to it.

import type { RateLimitObservation } from '../model/rate-limits.ts'
import type { ApiRequestRecord, SessionRecord } from '../model/records.ts'
import type { TelemetryBatch, ToolCallRecord, ToolResultRecord } from '../model/telemetry-records.ts'
import type { Explorer } from './explorer.ts'
import type { UsageReads } from './usage-reads.ts'
import type { PricingSplit, UsageDimension, UsageEvent, UsageFilter, UsageGroup } from './usage-types.ts'

export const storeKinds = ['sqlite', 'clickhouse'] as const
export type StoreKind = (typeof storeKinds)[number]

/** Where the importer got to in one transcript file. */
export interface FileCheckpoint {
  path: string
  dev: number
  ino: number
  /** File size when `offset` was taken. */
  size: number
  mtimeMs: number
  /** Offset just past the last complete line imported. */
  offset: number
}

export interface IngestBatch {
  requests: ApiRequestRecord[]
  sessions: SessionRecord[]
  /** Tool calls read from transcripts; they join telemetry's rows of the same tool use. */
  toolCalls?: ToolCallRecord[]
  /** Results that complete calls stored by an earlier batch; written after `toolCalls`. */
  toolResults?: ToolResultRecord[]
  /** Plan-limit readings from "limit reached" notices; deduplicated as `recordRateLimits` does. */
  rateLimits?: RateLimitObservation[]
}

/** Tables the collector fills besides requests and sessions (tool calls come from transcripts too), named alike in both stores. */
export const telemetryTables = [
  'tool_calls',
  'api_errors',
  'user_prompts',
  'otel_logs',
  'otel_metrics',
] as const
export type TelemetryTable = (typeof telemetryTables)[number]

/** Columns of a request that only telemetry fills (the transcript knows none of them). */
export const telemetryOnlyRequestColumns = [
  'ttft_ms',
  'query_source',
  'prompt_id',
  'user_id',
  'user_email',
  'organization_id',
  'team',
] as const

export interface TableSummary {
  name: string
  rows: number
}

export interface StoreDescription {
  kind: StoreKind
  location: string
  bytes: number | null
  tables: TableSummary[]
  oldestTimestamp: number | null
  newestTimestamp: number | null
}

/** Plan-limit readings seen (last sighting) at or after `since`, first seen before `until` (epoch ms). */
export interface RateLimitFilter {
  since?: number
  until?: number
}

export interface PurgeFilter {
  before?: number
  project?: string
}

export interface PurgeResult {
  apiRequests: number
  sessions: number
}

/** A running watch for changes; `stop` ends it. */
export interface ChangeWatcher {
  stop(): void
}

export interface Store {
  readonly kind: StoreKind
  getCheckpoints(): Promise<Map<string, FileCheckpoint>>
  /**
   * Writes a batch and the file checkpoints it reaches, atomically; resolves to the number of API
   * requests the store did not hold before (so that two imports running at once count each row once).
   */
  ingest(batch: IngestBatch, checkpoints?: readonly FileCheckpoint[]): Promise<number>
  countApiRequests(): Promise<number>
  aggregateUsage(
    filter: UsageFilter,
    dimensions: readonly UsageDimension[],
    split: PricingSplit,
  ): Promise<UsageGroup[]>
  listUsageEvents(filter: UsageFilter, split: PricingSplit): Promise<UsageEvent[]>
  exportApiRequests(filter: UsageFilter): AsyncIterable<ApiRequestRecord>
  describe(): Promise<StoreDescription>
  purge(filter: PurgeFilter): Promise<PurgeResult>
  /** Writes one collector batch (normalized telemetry and raw records) atomically. */
  ingestTelemetry(batch: TelemetryBatch): Promise<void>
  /** Drops raw OTLP logs and metric points older than `before` (epoch ms); returns how many. */
  pruneTelemetry(before: number): Promise<number>
  /** Keeps plan-limit readings; a reading already kept only moves its last sighting. */
  recordRateLimits(observations: readonly RateLimitObservation[]): Promise<void>
  /** Plan-limit readings, oldest first sighting first. */
  listRateLimits(filter: RateLimitFilter): Promise<RateLimitObservation[]>
  /** Reads for reports and the dashboard (rollup usage, feeds, session pages, telemetry). */
  reads(): UsageReads
  /**
   * The data explorer over this store, with read-only access of its own (a read-only SQLite connection
   * and a child process per query; ClickHouse's `readonly` setting). Opened on first use, closed with
   * the store.
   */
  explorer(): Explorer
  /**
   * Calls `onChange` after every change any connection or process makes (SQLite's `data_version`, a
   * poll of ClickHouse's parts); what live pages refresh on.
   */
  watchChanges(onChange: () => void): ChangeWatcher
  /**
   * Upkeep a long-running writer runs now and then (see keep-store-fresh.ts): ClickHouse builds its
   * usage rollup anew when copies arrived since the last build, so reports need not; the embedded
   * store keeps its rollup in step on every write and has nothing to do.
   */
  maintain(): Promise<void>
  close(): Promise<void>
}
