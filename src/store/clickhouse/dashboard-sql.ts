// SQL for the dashboard's reads on ClickHouse: the embedded store's queries (sqlite/dashboard-queries.ts)
// over merged rows, and usage over the rollup (usage-rollup-sql.ts) when it can answer.

import { clickhouseDayStart, dayStartSql } from '../day-start-sql.ts'
import { type FilterColumns, where } from '../filter-sql.ts'
import type { DashboardDimension, DashboardFilter } from '../usage-reads.ts'
import { BUCKET_MS, type PricingSplit } from '../usage-types.ts'
import type { QueryParams } from './bind-params.ts'
import { clickhouseWhere, dashboardRequestColumns } from './filter-columns.ts'
import { priceEpochSql, SUMS } from './usage-sql.ts'

/** Each session once: project from the first transcript that named it, the widest time range. */
export function mergedSessions(db: string): string {
  // Inner columns are renamed (x_): ClickHouse aliases are global, and an alias equal to a column
  // would be read inside the other aggregates.
  const latest = (c: string, cond: string) =>
    `tupleElement(argMaxIf(tuple(x_${c}), x_last_ts, ${cond} AND isNotNull(x_${c})), 1)`
  return `SELECT x_session_id AS session_id, maxIf(x_project, x_project != '') AS project,
      ${latest('transcript_path', '1')} AS transcript_path, min(x_first_ts) AS first_ts,
      max(x_last_ts) AS last_ts,
      ifNull(${latest('version', "x_source = 'transcript'")}, ${latest('version', "x_source = 'otlp'")}) AS version,
      ${latest('git_branch', "x_source = 'transcript'")} AS git_branch
    FROM (${renamed(`${db}.session_spans`, ['session_id', 'project', 'transcript_path', 'first_ts', 'last_ts', 'version', 'git_branch', 'source'])})
    GROUP BY x_session_id`
}

function renamed(table: string, columns: readonly string[]): string {
  return `SELECT ${columns.map((c) => `${c} AS x_${c}`).join(', ')} FROM ${table}`
}

/** Telemetry tables have no project: they take it, and search, through the sessions they belong to. */
export function telemetryColumns(db: string) {
  return {
    since: 'ts',
    until: 'ts',
    session: 'session_id',
    searchable: true,
    sessions: {
      select: (w: string) => `SELECT session_id FROM (${mergedSessions(db)}) ${w}`,
      columns: { project: 'project', session: 'session_id' },
    },
  } as const satisfies FilterColumns
}

/** `rows` (merged requests, or rollup-shaped usage) with the dashboard's filters (those of reports, plus model and search). */
export function filteredRequests(
  filter: DashboardFilter,
  rows: string,
): { sql: string; params: QueryParams } {
  const { where, params } = clickhouseWhere(filter, dashboardRequestColumns)
  return { sql: `SELECT * FROM ${rows} ${where}`, params }
}

const HOUR_MS = 3_600_000

export function dashboardUsageSql(
  source: string,
  filter: DashboardFilter,
  dimensions: readonly DashboardDimension[],
  split: PricingSplit,
  dayStarts: readonly number[] = [],
): { sql: string; params: QueryParams } {
  const { sql: rows, params } = filteredRequests(filter, source)
  params.threshold = split.longContextThreshold
  const pick = (d: DashboardDimension, column: string, absent: string) =>
    dimensions.includes(d) ? column : absent
  const sql = `
    SELECT ${pick('day', dayStartSql('r_ts', dayStarts, clickhouseDayStart), pick('hour', `toInt64(intDiv(r_ts, ${HOUR_MS}) * ${HOUR_MS})`, 'toInt64(-1)'))} AS g_bucket,
      ${pick('session', 'r_session_id', "''")} AS g_session, ${pick('project', 'r_project', "''")} AS g_project,
      r_model AS g_model, r_long AS g_long, r_has_cost AS g_has_cost,
      ${priceEpochSql(split.priceChanges, params)} AS g_epoch, ${SUMS}
    FROM (${rows})
    GROUP BY g_bucket, g_session, g_project, g_model, g_long, g_has_cost, g_epoch
    ORDER BY g_bucket, g_session, g_project, g_model, g_long, g_has_cost, g_epoch`
  return { sql, params }
}

export const REQUEST_COLUMNS = `r_key AS key, r_session_id AS sessionId, r_project AS project, r_model AS model,
  r_ts AS timestamp, r_input_tokens AS inputTokens, r_output_tokens AS outputTokens,
  r_cache_creation_tokens AS cacheCreationTokens, ifNull(r_cache_creation_1h_tokens, 0) AS cacheCreation1hTokens,
  r_cache_read_tokens AS cacheReadTokens, r_cost_usd AS costUsd, r_duration_ms AS durationMs,
  r_is_sidechain AS isSidechain, r_agent_id AS agentId, r_query_source AS querySource`

/**
 * Each tool use once: its rows (telemetry's decision and result, a transcript's call and outcome)
 * merged as the embedded store's upserts do. The latest figure wins (telemetry's result comes after
 * the transcript's call); a failure from any row stands.
 */
export function mergedToolCalls(db: string): string {
  const latest = (c: string) => `tupleElement(argMaxIf(tuple(x_${c}), x_ts, isNotNull(x_${c})), 1) AS ${c}`
  const columns = ['duration_ms', 'input_bytes', 'result_bytes', 'error']
  return `SELECT x_key AS key, argMin(x_session_id, x_ts) AS session_id, argMin(x_tool_name, x_ts) AS tool_name,
      min(x_ts) AS ts, min(x_success) AS success, ${columns.map(latest).join(', ')}
    FROM (${renamed(`${db}.tool_calls`, ['key', 'session_id', 'tool_name', 'ts', 'success', ...columns])})
    GROUP BY x_key`
}

/** Each metric point once, the first copy's increment. */
export function mergedMetricPoints(db: string, conditions: readonly string[]): string {
  return `SELECT any(x_name) AS name, tupleElement(argMax(tuple(x_type), x_first_seen), 1) AS type, ts,
      tupleElement(argMax(tuple(x_increment), x_first_seen), 1) AS increment
    FROM (SELECT series, ts, start_key, name AS x_name, type AS x_type, increment AS x_increment,
        first_seen AS x_first_seen
      FROM ${db}.otel_metrics ${where(conditions)})
    GROUP BY series, ts, start_key`
}

export const bucketSql = (column: string) => `intDiv(${column}, ${BUCKET_MS}) * ${BUCKET_MS}`
