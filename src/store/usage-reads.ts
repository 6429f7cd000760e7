// What reports and the dashboard read from a store besides the raw aggregation: usage from the rollup
// with the dashboard's filters, request rows for feeds and session pages, and the collector's telemetry.

import type { SessionRecord } from '../model/records.ts'
import type { PricingSplit, UsageFilter, UsageGroup } from './usage-types.ts'

export interface DashboardFilter extends UsageFilter {
  model?: string
  /** A session id prefix or any part of the project path (case-insensitive). */
  search?: string
}

/** One API request as the dashboard shows it. */
export interface RequestRow {
  key: string
  sessionId: string
  project: string
  model: string
  timestamp: number
  inputTokens: number
  outputTokens: number
  cacheCreationTokens: number
  cacheCreation1hTokens: number
  cacheReadTokens: number
  costUsd: number | null
  durationMs: number | null
  isSidechain: boolean
  agentId: string | null
  /** From telemetry: `compact` marks a compaction request. */
  querySource: string | null
}

export interface ToolCallRow {
  sessionId: string
  toolName: string
  timestamp: number
  success: boolean | null
  durationMs: number | null
  resultBytes: number | null
  error: string | null
}

export interface ApiErrorRow {
  sessionId: string
  timestamp: number
  model: string | null
  statusCode: number | null
  error: string | null
}

export interface ToolStats {
  toolName: string
  calls: number
  successes: number
  failures: number
  /** Mean over calls that reported a duration. */
  avgDurationMs: number | null
  avgResultBytes: number | null
  totalResultBytes: number
}

export interface DailyCount {
  /** Start of the 15-minute bucket; the caller folds buckets into days in its time zone. */
  bucket: number
  key: string
  value: number
}

export interface ToolUsage {
  tools: ToolStats[]
  /** Calls per bucket and tool. */
  series: DailyCount[]
}

export interface MetricTotal {
  name: string
  /** The metric's `type` attribute (`added`/`removed` for lines of code, `user`/`cli` for active time). */
  type: string | null
  value: number
}

export interface TelemetryOverview {
  metrics: MetricTotal[]
  /** Metric increments per bucket, keyed by `name` or `name:type`. */
  series: DailyCount[]
  errorsByStatus: { statusCode: number | null; count: number }[]
  recentErrors: ApiErrorRow[]
  logRecords: number
}

export interface SessionEvents {
  tools: ToolCallRow[]
  errors: ApiErrorRow[]
}

export interface Facets {
  projects: string[]
  models: string[]
}

/**
 * `day` groups by calendar day: `bucket` then holds the start of the day, from the `dayStarts` given.
 * `hour` groups by hour (for billing blocks); the two exclude each other.
 */
export const dashboardDimensions = ['day', 'hour', 'session', 'project'] as const
export type DashboardDimension = (typeof dashboardDimensions)[number]

export interface UsageReads {
  /**
   * Usage summed from the store's rollup (by day or hour rather than `Store.aggregateUsage`'s raw
   * 15-minute buckets), with the dashboard's filters: fast over long ranges. Reports by period and the
   * dashboard both read it; user and team reports read `Store.aggregateUsage`.
   */
  rollupUsage(
    filter: DashboardFilter,
    dimensions: readonly DashboardDimension[],
    split: PricingSplit,
    /** Ascending starts of the days in the range (in the person's time zone), for the `day` dimension. */
    dayStarts?: readonly number[],
  ): Promise<UsageGroup[]>
  /** Bucket of the oldest stored request, or null when there is none. */
  firstTimestamp(): Promise<number | null>
  /** Newest first. */
  recentRequests(filter: DashboardFilter, limit: number): Promise<RequestRow[]>
  /** Oldest first. */
  sessionRequests(sessionId: string): Promise<RequestRow[]>
  session(sessionId: string): Promise<SessionRecord | null>
  /** Stored session ids starting with `prefix` (a short id as the dashboard shows it), sorted, at most `limit`. */
  sessionIdsByPrefix(prefix: string, limit: number): Promise<string[]>
  sessionEvents(sessionId: string): Promise<SessionEvents>
  facets(): Promise<Facets>
  /** `null` when the store has no telemetry tables or they are empty. */
  toolUsage(filter: DashboardFilter): Promise<ToolUsage | null>
  telemetry(filter: DashboardFilter): Promise<TelemetryOverview | null>
}
