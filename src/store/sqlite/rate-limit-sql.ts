// Plan-limit readings in the embedded store: one row per distinct reading (window, reset, percent,
// session), with when it was first and last seen. Used by the store and by the statusline, which
// writes without opening the whole store.

import type { Database } from 'bun:sqlite'
import type { RateLimitObservation } from '../../model/rate-limits.ts'
import { observationFromRow, type RateLimitRow } from '../rate-limit-columns.ts'
import type { PurgeFilter, RateLimitFilter } from '../store.ts'
import { purgeWhere, type SqlParams, sqliteWhere } from './filter-columns.ts'

export const rateLimitMigration = `
  CREATE TABLE rate_limit_observations (
    window TEXT NOT NULL,
    used_percentage REAL NOT NULL,
    resets_at INTEGER NOT NULL,
    session_id TEXT NOT NULL,
    ts INTEGER NOT NULL,
    last_observed_at INTEGER NOT NULL,
    source TEXT NOT NULL,
    used_usd REAL,
    limit_usd REAL,
    period TEXT,
    context_used_percentage REAL,
    context_window_size INTEGER,
    context_tokens INTEGER,
    cache_hit_ratio REAL,
    cache_expires_at INTEGER,
    PRIMARY KEY (window, resets_at, used_percentage, session_id)
  ) WITHOUT ROWID;
  CREATE INDEX rate_limit_observations_ts ON rate_limit_observations (ts);
`

// A reading seen again only moves its last sighting; the first sighting and its snapshot stay.
const UPSERT = `
INSERT INTO rate_limit_observations (window, used_percentage, resets_at, session_id, ts, last_observed_at,
  source, used_usd, limit_usd, period, context_used_percentage, context_window_size, context_tokens,
  cache_hit_ratio, cache_expires_at)
VALUES ($window, $used, $resets, $session, $first, $last, $source, $usedUsd, $limitUsd, $period, $ctxPct,
  $ctxSize, $ctxTokens, $hitRatio, $cacheExpires)
ON CONFLICT (window, resets_at, used_percentage, session_id) DO UPDATE SET
  ts = min(ts, excluded.ts),
  last_observed_at = max(last_observed_at, excluded.last_observed_at)
`

export function writeRateLimits(db: Database, observations: readonly RateLimitObservation[]): void {
  if (observations.length === 0) return
  const upsert = db.prepare(UPSERT)
  db.transaction(() => {
    for (const o of observations)
      upsert.run({
        $window: o.window,
        $used: o.usedPercentage,
        $resets: o.resetsAt,
        $session: o.sessionId,
        $first: o.firstObservedAt,
        $last: o.lastObservedAt,
        $source: o.source,
        $usedUsd: o.usedUsd,
        $limitUsd: o.limitUsd,
        $period: o.period,
        $ctxPct: o.contextUsedPercentage,
        $ctxSize: o.contextWindowSize,
        $ctxTokens: o.contextTokens,
        $hitRatio: o.cacheHitRatio,
        $cacheExpires: o.cacheExpiresAt,
      })
  })()
}

export function readRateLimits(db: Database, filter: RateLimitFilter): RateLimitObservation[] {
  // Readings seen since `since` (last sighting), first seen before `until`.
  const { where, params } = sqliteWhere(filter, { since: 'last_observed_at', until: 'ts' })
  return db
    .query<RateLimitRow, SqlParams>(
      `SELECT * FROM rate_limit_observations ${where} ORDER BY ts, window, used_percentage`,
    )
    .all(params)
    .flatMap((row) => {
      const o = observationFromRow(row)
      return o ? [o] : []
    })
}

/** As the telemetry purge: by first sighting, and by the sessions of a project. */
export function purgeRateLimits(db: Database, filter: PurgeFilter): number {
  const { where, params } = purgeWhere(filter)
  return db.query(`DELETE FROM rate_limit_observations ${where}`).run(params).changes
}
