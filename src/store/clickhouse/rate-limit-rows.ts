// Plan-limit readings in ClickHouse: every copy is appended; ReplacingMergeTree keeps the latest
// sighting per reading, and reads merge copies themselves (min first sighting, max last) before
// merges happen. Columns are named as in the embedded store.

import type { RateLimitObservation } from '../../model/rate-limits.ts'
import { observationFromRow, type RateLimitRow } from '../rate-limit-columns.ts'
import type { RateLimitFilter } from '../store.ts'
import type { JsonRow, QueryParams } from './clickhouse-connection.ts'
import { clickhouseConditions } from './filter-columns.ts'

export const rateLimitMigration = (db: string): string[] => [
  `CREATE TABLE IF NOT EXISTS ${db}.rate_limit_observations (
    window String,
    used_percentage Float64,
    resets_at Int64,
    session_id String,
    ts Int64,
    last_observed_at Int64,
    source String,
    used_usd Nullable(Float64),
    limit_usd Nullable(Float64),
    period Nullable(String),
    context_used_percentage Nullable(Float64),
    context_window_size Nullable(Int64),
    context_tokens Nullable(Int64),
    cache_hit_ratio Nullable(Float64),
    cache_expires_at Nullable(Int64)
  ) ENGINE = ReplacingMergeTree(last_observed_at) ORDER BY (window, resets_at, used_percentage, session_id)`,
]

export function rateLimitRow(o: RateLimitObservation): Record<string, unknown> {
  return {
    window: o.window,
    used_percentage: o.usedPercentage,
    resets_at: o.resetsAt,
    session_id: o.sessionId,
    ts: o.firstObservedAt,
    last_observed_at: o.lastObservedAt,
    source: o.source,
    used_usd: o.usedUsd,
    limit_usd: o.limitUsd,
    period: o.period,
    context_used_percentage: o.contextUsedPercentage,
    context_window_size: o.contextWindowSize,
    context_tokens: o.contextTokens,
    cache_hit_ratio: o.cacheHitRatio,
    cache_expires_at: o.cacheExpiresAt,
  }
}

const snapshot = [
  'source',
  'used_usd',
  'limit_usd',
  'period',
  'context_used_percentage',
  'context_window_size',
  'context_tokens',
  'cache_hit_ratio',
  'cache_expires_at',
]

/** One row per reading: the first sighting's snapshot, the last sighting's time. */
export function rateLimitsSql(db: string, filter: RateLimitFilter): { sql: string; params: QueryParams } {
  // Readings seen since `since` (last sighting), first seen before `until`, after copies are merged.
  const { conditions, params } = clickhouseConditions(filter, { since: 'last_seen', until: 'first_seen' })
  // The aggregates are named apart from the columns: an alias equal to a column name shadows the column
  // in the other aggregates (argMin(…, o.ts) would read min(ts)), which ClickHouse refuses.
  const sql = `SELECT window, used_percentage, resets_at, session_id, min(o.ts) AS first_seen,
      max(o.last_observed_at) AS last_seen,
      ${snapshot.map((c) => `argMin(o.${c}, o.ts) AS ${c}`).join(', ')}
    FROM ${db}.rate_limit_observations AS o
    GROUP BY window, used_percentage, resets_at, session_id
    ${conditions.length ? `HAVING ${conditions.join(' AND ')}` : ''}
    ORDER BY first_seen, window, used_percentage`
  return { sql, params }
}

export function observationsFromRows(rows: readonly JsonRow[]): RateLimitObservation[] {
  return rows.flatMap((row) => {
    const o = observationFromRow({
      ...(row as RateLimitRow),
      ts: row.first_seen ?? null,
      last_observed_at: row.last_seen ?? null,
    } as RateLimitRow)
    return o ? [o] : []
  })
}
