// The dashboard's reads against the embedded store. Usage over long ranges comes from usage_rollup
// (whole hour buckets) plus raw rows for the partial buckets at either end, so answers are exact
// for any range while a month of history costs a few thousand rows, not a few hundred thousand.

import type { Database } from 'bun:sqlite'
import type { SessionRecord } from '../../model/records.ts'
import { dayStartSql, sqliteDayStart } from '../day-start-sql.ts'
import { where } from '../filter-sql.ts'
import * as readRows from '../read-rows.ts'
import type { DashboardDimension, DashboardFilter, UsageReads } from '../usage-reads.ts'
import {
  BUCKET_MS,
  type PricingSplit,
  ROLLUP_BUCKET_MS,
  ROLLUP_LONG_CONTEXT_THRESHOLD,
  type UsageGroup,
} from '../usage-types.ts'
import { dashboardAttributes, type SqlParams, sqliteConditions, telemetryColumns } from './filter-columns.ts'

type Row = Record<string, string | number | null>

function epochSql(changes: readonly number[], params: SqlParams): string {
  if (changes.length === 0) return '0'
  const whens = changes.map((c, i) => {
    params[`$change${i}`] = c
    return `WHEN bucket < $change${i} THEN ${i}`
  })
  return `(CASE ${whens.join(' ')} ELSE ${changes.length} END)`
}

// Raw rows carry their exact time as `bucket`, so day and price-period boundaries inside an hour fall
// where they should.
const RAW_COLUMNS = `ts AS bucket, session_id, project, model,
  (input_tokens + cache_creation_tokens + cache_read_tokens > $threshold) AS long_context,
  (cost_usd IS NOT NULL) AS has_cost, 1 AS requests, input_tokens, output_tokens, cache_creation_tokens,
  coalesce(cache_creation_1h_tokens, 0) AS cache_creation_1h_tokens, cache_read_tokens,
  coalesce(cost_usd, 0) AS cost_usd, ts AS first_ts, ts AS last_ts`

const ROLLUP_COLUMNS = `bucket, session_id, project, model, long_context, has_cost, requests, input_tokens,
  output_tokens, cache_creation_tokens, cache_creation_1h_tokens, cache_read_tokens, cost_usd, first_ts, last_ts`

const H = ROLLUP_BUCKET_MS

/** The rollup can answer when its tier matches the pricing split and prices change on the hour. */
function rollupFits(split: PricingSplit): boolean {
  return (
    split.longContextThreshold === ROLLUP_LONG_CONTEXT_THRESHOLD &&
    split.priceChanges.every((c) => c % H === 0)
  )
}

/** The rows' time group: rollup rows are hours already, raw rows' `bucket` is their timestamp. */
function timeBucket(dimensions: readonly DashboardDimension[], dayStarts: readonly number[]): string {
  if (dimensions.includes('day')) return dayStartSql('bucket', dayStarts, sqliteDayStart)
  return dimensions.includes('hour') ? `(bucket / ${H}) * ${H}` : 'NULL'
}

export function dashboardUsageSql(
  filter: DashboardFilter,
  dimensions: readonly DashboardDimension[],
  split: PricingSplit,
  dayStarts: readonly number[] = [],
): { sql: string; params: SqlParams } {
  const { conditions: attributes, params } = sqliteConditions(filter, dashboardAttributes)
  params.$threshold = split.longContextThreshold
  const since = filter.since
  const until = filter.until
  // Whole hours inside the range come from the rollup; the partial hours at either end from raw rows.
  const lo = since === undefined ? undefined : Math.ceil(since / H) * H
  const hi = until === undefined ? undefined : Math.floor(until / H) * H
  // The rollup does not split by user or team: a team-mode filter reads raw rows.
  const useRollup =
    rollupFits(split) &&
    filter.user === undefined &&
    filter.team === undefined &&
    (lo === undefined || hi === undefined || lo < hi)
  let source: string
  if (!useRollup) {
    const time = sqliteConditions(filter, { since: 'ts', until: 'ts' })
    Object.assign(params, time.params)
    source = `SELECT ${RAW_COLUMNS} FROM api_requests ${where([...time.conditions, ...attributes])}`
  } else {
    const rollupConditions = [...attributes]
    const raw: string[] = []
    if (lo !== undefined) {
      rollupConditions.push('bucket >= $lo')
      params.$lo = lo
      params.$since = since ?? lo
      if (lo !== since) raw.push('(ts >= $since AND ts < $lo)')
    }
    if (hi !== undefined) {
      rollupConditions.push('bucket < $hi')
      params.$hi = hi
      params.$until = until ?? hi
      if (hi !== until) raw.push('(ts >= $hi AND ts < $until)')
    }
    // A day that starts mid-hour (a half-hour time zone) splits that hour: it is read from raw rows.
    const splitHours = dimensions.includes('day')
      ? [
          ...new Set(
            dayStarts.filter((d) => Number.isSafeInteger(d) && d % H !== 0).map((d) => Math.floor(d / H) * H),
          ),
        ].filter((h) => (lo === undefined || h >= lo) && (hi === undefined || h < hi))
      : []
    if (splitHours.length > 0) {
      // Lists, not one range per hour: years of days would nest the OR chain past SQLite's depth limit.
      rollupConditions.push(`bucket NOT IN (${splitHours.join(', ')})`)
      raw.push(
        `(ts >= ${splitHours[0]} AND ts < ${(splitHours.at(-1) ?? 0) + H} AND (ts / ${H}) * ${H} IN (${splitHours.join(', ')}))`,
      )
    }
    source = `SELECT ${ROLLUP_COLUMNS} FROM usage_rollup ${where(rollupConditions)}`
    if (raw.length > 0) {
      source += ` UNION ALL SELECT ${RAW_COLUMNS} FROM api_requests ${where([`(${raw.join(' OR ')})`, ...attributes])}`
    }
  }
  const pick = (d: DashboardDimension, column: string) => (dimensions.includes(d) ? column : 'NULL')
  const sql = `
    SELECT ${timeBucket(dimensions, dayStarts)} AS g_bucket,
      ${pick('session', 'session_id')} AS g_session,
      ${pick('project', 'project')} AS g_project, model AS g_model, long_context AS g_long,
      has_cost AS g_has_cost,
      ${epochSql(split.priceChanges, params)} AS g_epoch,
      sum(input_tokens) AS inputTokens, sum(output_tokens) AS outputTokens,
      sum(cache_creation_tokens) AS cacheCreationTokens, sum(cache_creation_1h_tokens) AS cacheCreation1hTokens,
      sum(cache_read_tokens) AS cacheReadTokens, sum(cost_usd) AS costUsd, sum(requests) AS requests,
      min(first_ts) AS firstTimestamp, max(last_ts) AS lastTimestamp
    FROM (${source})
    GROUP BY 1, 2, 3, 4, 5, 6, 7`
  return { sql, params }
}

const REQUEST_COLUMNS = `key, session_id AS sessionId, project, model, ts AS timestamp, input_tokens AS inputTokens,
  output_tokens AS outputTokens, cache_creation_tokens AS cacheCreationTokens,
  coalesce(cache_creation_1h_tokens, 0) AS cacheCreation1hTokens, cache_read_tokens AS cacheReadTokens,
  cost_usd AS costUsd, duration_ms AS durationMs, is_sidechain AS isSidechain, agent_id AS agentId`

export class SqliteUsageReads implements UsageReads {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  #columns(table: string): Set<string> {
    const rows = this.#db
      .query<{ name: string }, [string]>('SELECT name FROM pragma_table_info(?)')
      .all(table)
    return new Set(rows.map((r) => r.name))
  }

  /** Telemetry tables come with the collector's migration; an older or foreign database may lack them. */
  #hasRows(table: string): boolean {
    if (this.#columns(table).size === 0) return false
    return this.#db.query(`SELECT 1 FROM ${table} LIMIT 1`).get() !== null
  }

  async rollupUsage(
    filter: DashboardFilter,
    dimensions: readonly DashboardDimension[],
    split: PricingSplit,
    dayStarts?: readonly number[],
  ): Promise<UsageGroup[]> {
    const { sql, params } = dashboardUsageSql(filter, dimensions, split, dayStarts)
    const grouped = readRows.groupedBy(['hour', ...dimensions])
    return this.#db
      .query<Row, SqlParams>(sql)
      .all(params)
      .map((r) => readRows.toUsageGroup(r, grouped))
  }

  /** Request rows; `query_source` comes with the collector's migration, so an older file may lack it. */
  #requestQuery(conditions: string, order: string): string {
    const withSource = this.#columns('api_requests').has('query_source')
    const columns = withSource ? `${REQUEST_COLUMNS}, query_source AS querySource` : REQUEST_COLUMNS
    return `SELECT ${columns} FROM api_requests ${conditions} ${order}`
  }

  async recentRequests(filter: DashboardFilter, limit: number) {
    const { conditions, params } = sqliteConditions(filter, {
      ...dashboardAttributes,
      since: 'ts',
      until: 'ts',
    })
    const sql = this.#requestQuery(where(conditions), 'ORDER BY ts DESC LIMIT $limit')
    return this.#db
      .query<Row, SqlParams>(sql)
      .all({ ...params, $limit: limit })
      .map(readRows.toRequestRow)
  }

  async sessionRequests(sessionId: string) {
    const sql = this.#requestQuery('WHERE session_id = $sessionId', 'ORDER BY ts, key')
    return this.#db.query<Row, SqlParams>(sql).all({ $sessionId: sessionId }).map(readRows.toRequestRow)
  }

  async session(sessionId: string): Promise<SessionRecord | null> {
    return (
      this.#db
        .query<SessionRecord, [string]>(
          `SELECT session_id AS sessionId, project, transcript_path AS transcriptPath, first_ts AS firstTimestamp,
             last_ts AS lastTimestamp, version, git_branch AS gitBranch FROM sessions WHERE session_id = ?`,
        )
        .get(sessionId) ?? null
    )
  }

  async sessionIdsByPrefix(prefix: string, limit: number): Promise<string[]> {
    return this.#db
      .query<{ id: string }, [number, string, number]>(
        'SELECT session_id AS id FROM sessions WHERE substr(session_id, 1, ?1) = ?2 ORDER BY session_id LIMIT ?3',
      )
      .all(prefix.length, prefix, limit)
      .map((r) => r.id)
  }

  async sessionEvents(sessionId: string) {
    const tools = this.#columns('tool_calls').size
      ? this.#db
          .query<Row, [string]>(
            `SELECT session_id, tool_name, ts, success, duration_ms, result_bytes, error
             FROM tool_calls WHERE session_id = ? ORDER BY ts`,
          )
          .all(sessionId)
          .map(readRows.toToolCallRow)
      : []
    const errors = this.#columns('api_errors').size
      ? this.#db
          .query<Row, [string]>(
            `SELECT session_id, ts, model, status_code, error FROM api_errors WHERE session_id = ? ORDER BY ts`,
          )
          .all(sessionId)
          .map(readRows.toApiErrorRow)
      : []
    return { tools, errors }
  }

  async firstTimestamp(): Promise<number | null> {
    return (
      this.#db.query<{ t: number | null }, []>('SELECT min(bucket) AS t FROM usage_rollup').get()?.t ?? null
    )
  }

  async facets() {
    const projects = this.#db
      .query<{ v: string }, []>('SELECT DISTINCT project AS v FROM sessions ORDER BY 1')
      .all()
      .map((r) => r.v)
    const models = this.#db
      .query<{ v: string }, []>('SELECT DISTINCT model AS v FROM usage_rollup ORDER BY 1')
      .all()
      .map((r) => r.v)
    return { projects, models }
  }

  async toolUsage(filter: DashboardFilter) {
    if (!this.#hasRows('tool_calls')) return null
    const scope = sqliteConditions(filter, telemetryColumns)
    const { params } = scope
    const conditions = where(scope.conditions)
    const tools = this.#db
      .query<Row, SqlParams>(
        `SELECT tool_name AS toolName, count(*) AS calls, sum(success = 1) AS successes,
           sum(success = 0) AS failures, avg(duration_ms) AS avgDurationMs, avg(result_bytes) AS avgResultBytes,
           sum(result_bytes) AS totalResultBytes
         FROM tool_calls ${conditions} GROUP BY tool_name ORDER BY calls DESC, tool_name`,
      )
      .all(params)
      .map(readRows.toToolStats)
    const series = this.#db
      .query<Row, SqlParams>(
        `SELECT (ts / ${BUCKET_MS}) * ${BUCKET_MS} AS bucket, tool_name AS key, count(*) AS value
         FROM tool_calls ${conditions} GROUP BY 1, 2`,
      )
      .all(params)
      .map(readRows.toDailyCount)
    return { tools, series }
  }

  async telemetry(filter: DashboardFilter) {
    const hasMetrics = this.#hasRows('otel_metrics')
    const hasErrors = this.#hasRows('api_errors')
    const hasLogs = this.#hasRows('otel_logs')
    if (!hasMetrics && !hasErrors && !hasLogs) return null
    const scope = sqliteConditions(filter, telemetryColumns)
    const { params } = scope
    const conditions = where(scope.conditions)
    const metrics = hasMetrics
      ? this.#db
          .query<Row, SqlParams>(
            `SELECT name, type, coalesce(sum(increment), 0) AS value FROM otel_metrics ${conditions}
             GROUP BY name, type ORDER BY name, type`,
          )
          .all(params)
          .map(readRows.toMetricTotal)
      : []
    const series = hasMetrics
      ? this.#db
          .query<Row, SqlParams>(
            `SELECT (ts / ${BUCKET_MS}) * ${BUCKET_MS} AS bucket,
               name || iif(type IS NULL, '', ':' || type) AS key, sum(increment) AS value
             FROM otel_metrics ${where([...scope.conditions, 'increment IS NOT NULL'])}
             GROUP BY 1, 2`,
          )
          .all(params)
          .map(readRows.toDailyCount)
      : []
    const errorsByStatus = hasErrors
      ? this.#db
          .query<Row, SqlParams>(
            // Ties by status, no status first, as the ClickHouse store orders them.
            `SELECT status_code AS statusCode, count(*) AS count FROM api_errors ${conditions}
             GROUP BY 1 ORDER BY 2 DESC, 1`,
          )
          .all(params)
          .map(readRows.toStatusCount)
      : []
    const recentErrors = hasErrors
      ? this.#db
          .query<Row, SqlParams>(
            `SELECT session_id, ts, model, status_code, error FROM api_errors ${conditions}
             ORDER BY ts DESC LIMIT 20`,
          )
          .all(params)
          .map(readRows.toApiErrorRow)
      : []
    const logRecords = hasLogs
      ? (this.#db
          .query<{ n: number }, SqlParams>(`SELECT count(*) AS n FROM otel_logs ${conditions}`)
          .get(params)?.n ?? 0)
      : 0
    return { metrics, series, errorsByStatus, recentErrors, logRecords }
  }
}
