// The shapes of usage queries and their answers, shared by the Store interface, its read API and every
// backend: a filter, the dimensions to group by, the pricing split, and the summed groups.

import type { TokenCounts } from '../model/records.ts'

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

export const usageDimensions = ['bucket', 'session', 'project', 'user', 'team'] as const
export type UsageDimension = (typeof usageDimensions)[number]

/** Width of the buckets `Store.aggregateUsage` groups raw requests into (15 minutes): fine enough for any time zone offset. */
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

/**
 * Width of the hour buckets the stores' usage reads align to (the embedded store's rollup is hourly;
 * `UsageReads.firstTimestamp` answers the start of an hour on both stores). A 15-minute bucket would
 * serve half-hour zones directly, but makes the embedded rollup 2.7 times larger.
 */
export const ROLLUP_BUCKET_MS = 3_600_000

/** The long-context tier both stores' usage rollups split on; reads with another threshold read requests instead. */
export const ROLLUP_LONG_CONTEXT_THRESHOLD = 200_000
