// Migration 4 of the ClickHouse store: usage pre-aggregated as of a watermark (usage-rollup.ts).
// Copies and session spans get the server's time of insertion; `usage_rollup` holds builds of the
// per-15-minute usage sums, one partition per build, and `usage_rollup_builds` says which are complete.

import type { Step } from './migration-step.ts'

/** Tables whose rows say, by the time they were inserted, whether a build has seen them. */
export const stampedTables = ['api_requests', 'otel_requests', 'session_spans'] as const

export const rollupMigration = (db: string): Step[] => [
  // Writers name their columns, so the server fills this in. A writer that does not (an older
  // version) leaves 0, which reads treat as "not in any build" until a refresh stamps it.
  ...stampedTables.map((table) => ({ table, addColumn: 'inserted_at', type: 'DateTime DEFAULT now()' })),
  // Rows already stored would read the default, now(), at every read until a merge writes it down;
  // writing it now makes them part of the first build. Run twice by racing migrations, it only moves
  // stamps later, which is always safe (a later stamp just means "recompute this one").
  ...stampedTables.map((table) => `ALTER TABLE ${db}.${table} UPDATE inserted_at = now() WHERE 1`),
  `CREATE TABLE IF NOT EXISTS ${db}.usage_rollup (
    build UInt64,
    bucket Int64,
    session_id String,
    project String,
    model String,
    long_context UInt8,
    has_cost UInt8,
    user_email Nullable(String),
    user_id Nullable(String),
    team Nullable(String),
    requests UInt64,
    input_tokens Int64,
    output_tokens Int64,
    cache_creation_tokens Int64,
    cache_creation_1h_tokens Int64,
    cache_read_tokens Int64,
    cost_usd Float64,
    first_ts Int64,
    last_ts Int64
  ) ENGINE = MergeTree PARTITION BY build ORDER BY (session_id, bucket)`,
  // kind 'build': a complete build of usage as of `watermark` (seconds), valid while no 'reset' (a
  // purge) came after it: `epoch` is the number of resets when it started.
  `CREATE TABLE IF NOT EXISTS ${db}.usage_rollup_builds (
    build UInt64,
    kind String,
    epoch UInt64,
    watermark UInt32,
    built_at DateTime DEFAULT now()
  ) ENGINE = MergeTree ORDER BY build`,
]
