// The storage boundary: every store (sqlite today, ClickHouse for teams) implements this, and
// analytics only ever talks to it.

import type { RateLimitObservation } from '../model/rate-limits.ts'
import type { ApiRequestRecord, SessionRecord, TokenCounts } from '../model/records.ts'
import type { TelemetryBatch, ToolCallRecord, ToolResultRecord } from '../model/telemetry-records.ts'
import type { DashboardReads } from './dashboard-reads.ts'
import type { Explorer } from './explorer.ts'

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
}

export interface UsageFilter {
  /** Inclusive, epoch ms. */
  since?: number
  /** Exclusive, epoch ms. */
  until?: number
  /** Exact project path, or its last path segment(s). */
  project?: string
  sessionId?: string
  /** Team mode: a user's email or id, as telemetry reported it. */
  user?: string
  /** Team mode: the `team` resource attribute. */
  team?: string
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

export const usageDimensions = ['bucket', 'session', 'project', 'user', 'team'] as const
export type UsageDimension = (typeof usageDimensions)[number]

/** Width of the time buckets usage is pre-aggregated into; fine enough for any time zone offset. */
export const BUCKET_MS = 15 * 60 * 1000

/** How usage must be split before summing so that pricing the sums is exact. */
export interface PricingSplit {
  /** Requests whose input (incl. cache) exceeds this are billed at long-context rates. */
  longContextThreshold: number
  /** Instants (epoch ms, ascending) at which some price changes. */
  priceChanges: readonly number[]
}

/**
 * Usage summed over a group of requests. Groups are always split by model, by whether the request
 * crossed the long-context threshold, by price period and by whether the source supplied a cost, so that
 * pricing the sums is exact.
 */
export interface UsageGroup extends TokenCounts {
  bucket: number | null
  sessionId: string | null
  project: string | null
  /** Email, else id; '' when no telemetry named a user. */
  user: string | null
  team: string | null
  model: string
  longContext: boolean
  hasCost: boolean
  cacheCreation1hTokens: number
  /** Sum of the source's own cost figures (only when `hasCost`). */
  costUsd: number
  requests: number
  firstTimestamp: number
  lastTimestamp: number
}

/** One request's usage, for analyses that need individual timestamps (billing blocks). */
export interface UsageEvent extends TokenCounts {
  timestamp: number
  model: string
  cacheCreation1hTokens: number
  costUsd: number | null
  longContext: boolean
}

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
  /** The dashboard's reads (pre-aggregated usage, feeds, session pages, telemetry). */
  dashboardReads(): DashboardReads
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
