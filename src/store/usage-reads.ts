// What reports and the dashboard read from a store besides the raw aggregation: usage from the rollup
// with the dashboard's filters, request rows for feeds and session pages, and the collector's telemetry.

import type { SessionRecord } from '../model/records.ts'
import type { Facets, RequestRow, SessionEvents, TelemetryOverview, ToolUsage } from '../model/usage-rows.ts'
import type { PricingSplit, UsageFilter, UsageGroup } from './usage-types.ts'

export interface DashboardFilter extends UsageFilter {
  model?: string
  /** A session id prefix or any part of the project path (case-insensitive). */
  search?: string
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
