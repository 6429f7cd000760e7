// The dashboard's reads against ClickHouse, answering as the embedded store's SqliteUsageReads
// does (same rows, same order where the interface promises one).

import type { SessionRecord } from '../../model/records.ts'
import { where } from '../filter-sql.ts'
import * as readRows from '../read-rows.ts'
import { maybeStr, num, str } from '../row-cells.ts'
import type { DashboardDimension, DashboardFilter, UsageReads } from '../usage-reads.ts'
import type { PricingSplit, UsageGroup } from '../usage-types.ts'
import { ROLLUP_BUCKET_MS } from '../usage-types.ts'
import type { ClickHouseConnection, JsonRow, QueryParams } from './clickhouse-connection.ts'
import {
  bucketSql,
  dashboardUsageSql,
  filteredRequests,
  mergedMetricPoints,
  mergedSessions,
  mergedToolCalls,
  REQUEST_COLUMNS,
  telemetryColumns,
} from './dashboard-sql.ts'
import { clickhouseConditions, clickhouseWhere } from './filter-columns.ts'
import { dedupedRequests } from './requests-sql.ts'
import type { UsageRollup } from './usage-rollup.ts'
import { rollupFits } from './usage-sql.ts'

export class ClickHouseUsageReads implements UsageReads {
  readonly #conn: ClickHouseConnection
  readonly #db: string
  readonly #ready: () => Promise<void>
  readonly #rollup: UsageRollup

  /** `ready` migrates first (the telemetry tables come with a migration). */
  constructor(conn: ClickHouseConnection, db: string, ready: () => Promise<void>, rollup: UsageRollup) {
    this.#conn = conn
    this.#db = db
    this.#ready = ready
    this.#rollup = rollup
  }

  /** Rollup-shaped usage (usage-rollup-sql.ts) for a read whose split points are `fits`. */
  async #usage(fits: boolean): Promise<{ sql: string; params: QueryParams }> {
    await this.#ready()
    return this.#rollup.source(fits)
  }

  async #rows(sql: string, params: QueryParams = {}): Promise<JsonRow[]> {
    await this.#ready()
    return this.#conn.rows(sql, params)
  }

  async #hasRows(table: string): Promise<boolean> {
    return (await this.#rows(`SELECT 1 AS x FROM ${this.#db}.${table} LIMIT 1`)).length > 0
  }

  async rollupUsage(
    filter: DashboardFilter,
    dimensions: readonly DashboardDimension[],
    split: PricingSplit,
    dayStarts?: readonly number[],
  ): Promise<UsageGroup[]> {
    const source = await this.#usage(rollupFits(filter, split, dayStarts))
    const { sql, params } = dashboardUsageSql(source.sql, filter, dimensions, split, dayStarts)
    const grouped = readRows.groupedBy(['hour', ...dimensions])
    return (await this.#rows(sql, { ...params, ...source.params })).map((r) =>
      readRows.toUsageGroup(r, grouped),
    )
  }

  async firstTimestamp(): Promise<number | null> {
    const source = await this.#usage(true)
    const [row] = await this.#rows(
      `SELECT sum(n_requests) AS n, intDiv(min(n_first), ${ROLLUP_BUCKET_MS}) * ${ROLLUP_BUCKET_MS} AS t
       FROM ${source.sql}`,
      { threshold: 0, ...source.params },
    )
    return row && num(row, 'n') > 0 ? num(row, 't') : null
  }

  async recentRequests(filter: DashboardFilter, limit: number) {
    const { sql, params } = filteredRequests(filter, dedupedRequests(this.#db))
    const rows = await this.#rows(
      `SELECT ${REQUEST_COLUMNS} FROM (${sql}) ORDER BY timestamp DESC LIMIT ${checkedLimit(limit)}`,
      params,
    )
    return rows.map(readRows.toRequestRow)
  }

  async sessionRequests(sessionId: string) {
    const rows = await this.#rows(
      `SELECT ${REQUEST_COLUMNS} FROM ${dedupedRequests(this.#db)} WHERE r_session_id = {sessionId:String}
       ORDER BY timestamp, key`,
      { sessionId },
    )
    return rows.map(readRows.toRequestRow)
  }

  async session(sessionId: string): Promise<SessionRecord | null> {
    const [r] = await this.#rows(
      `SELECT * FROM (${mergedSessions(this.#db)}) WHERE session_id = {sessionId:String}`,
      { sessionId },
    )
    if (!r) return null
    return {
      sessionId: str(r, 'session_id'),
      project: str(r, 'project'),
      transcriptPath: maybeStr(r, 'transcript_path'),
      firstTimestamp: num(r, 'first_ts'),
      lastTimestamp: num(r, 'last_ts'),
      version: maybeStr(r, 'version'),
      gitBranch: maybeStr(r, 'git_branch'),
    }
  }

  async sessionIdsByPrefix(prefix: string, limit: number): Promise<string[]> {
    const rows = await this.#rows(
      `SELECT DISTINCT session_id FROM (${mergedSessions(this.#db)}) WHERE startsWith(session_id, {prefix:String})
       ORDER BY session_id LIMIT ${checkedLimit(limit)}`,
      { prefix },
    )
    return rows.map((r) => str(r, 'session_id'))
  }

  async sessionEvents(sessionId: string) {
    const params = { sessionId }
    const tools = await this.#rows(
      `SELECT * FROM (${mergedToolCalls(this.#db)}) WHERE session_id = {sessionId:String} ORDER BY ts, key`,
      params,
    )
    const errors = await this.#rows(
      `SELECT * FROM ${this.#db}.api_errors WHERE session_id = {sessionId:String} ORDER BY ts, key LIMIT 1 BY key`,
      params,
    )
    return { tools: tools.map(readRows.toToolCallRow), errors: errors.map(readRows.toApiErrorRow) }
  }

  async facets() {
    const projects = await this.#rows(
      `SELECT DISTINCT project AS v FROM (${mergedSessions(this.#db)}) ORDER BY v`,
    )
    const source = await this.#usage(true)
    const models = await this.#rows(`SELECT DISTINCT r_model AS v FROM ${source.sql} ORDER BY v`, {
      threshold: 0,
      ...source.params,
    })
    return { projects: projects.map((r) => str(r, 'v')), models: models.map((r) => str(r, 'v')) }
  }

  async toolUsage(filter: DashboardFilter) {
    if (!(await this.#hasRows('tool_calls'))) return null
    const { where: scope, params } = clickhouseWhere(filter, telemetryColumns(this.#db))
    const calls = `(SELECT * FROM (${mergedToolCalls(this.#db)}) ${scope})`
    const tools = await this.#rows(
      `SELECT tool_name AS toolName, count() AS calls, sum(ifNull(success, 2) = 1) AS successes,
         sum(ifNull(success, 2) = 0) AS failures, avg(duration_ms) AS avgDurationMs,
         avg(result_bytes) AS avgResultBytes, sum(result_bytes) AS totalResultBytes
       FROM ${calls} GROUP BY tool_name ORDER BY calls DESC, tool_name`,
      params,
    )
    const series = await this.#rows(
      `SELECT ${bucketSql('ts')} AS bucket, tool_name AS key, count() AS value FROM ${calls}
       GROUP BY bucket, key ORDER BY bucket, key`,
      params,
    )
    return { tools: tools.map(readRows.toToolStats), series: series.map(readRows.toDailyCount) }
  }

  async telemetry(filter: DashboardFilter) {
    const [hasMetrics, hasErrors, hasLogs] = [
      await this.#hasRows('otel_metrics'),
      await this.#hasRows('api_errors'),
      await this.#hasRows('otel_logs'),
    ]
    if (!hasMetrics && !hasErrors && !hasLogs) return null
    const { conditions, params } = clickhouseConditions(filter, telemetryColumns(this.#db))
    const points = `(${mergedMetricPoints(this.#db, conditions)})`
    const metrics = hasMetrics
      ? await this.#rows(
          `SELECT name, type, ifNull(sum(increment), 0) AS value FROM ${points}
           GROUP BY name, type ORDER BY name, type NULLS FIRST`,
          params,
        )
      : []
    const series = hasMetrics
      ? await this.#rows(
          `SELECT ${bucketSql('ts')} AS bucket, concat(name, ifNull(concat(':', type), '')) AS key,
             sum(increment) AS value
           FROM ${points} WHERE isNotNull(increment) GROUP BY bucket, key ORDER BY bucket, key`,
          params,
        )
      : []
    const errors = `(SELECT * FROM ${this.#db}.api_errors ${where(conditions)} LIMIT 1 BY key)`
    const errorsByStatus = hasErrors
      ? await this.#rows(
          `SELECT status_code AS statusCode, count() AS count FROM ${errors}
           GROUP BY statusCode ORDER BY count DESC, statusCode NULLS FIRST`,
          params,
        )
      : []
    const recentErrors = hasErrors
      ? await this.#rows(`SELECT * FROM ${errors} ORDER BY ts DESC, key LIMIT 20`, params)
      : []
    const [logs] = hasLogs
      ? await this.#rows(
          `SELECT count() AS n FROM (SELECT ts, hash FROM ${this.#db}.otel_logs ${where(conditions)}
             GROUP BY ts, hash)`,
          params,
        )
      : []
    return {
      metrics: metrics.map(readRows.toMetricTotal),
      series: series.map(readRows.toDailyCount),
      errorsByStatus: errorsByStatus.map(readRows.toStatusCount),
      recentErrors: recentErrors.map(readRows.toApiErrorRow),
      logRecords: logs ? num(logs, 'n') : 0,
    }
  }
}

// LIMIT takes no expression on ClickHouse 18.16, so no bound parameter: a checked integer instead.
function checkedLimit(limit: number): number {
  return Number.isSafeInteger(limit) && limit > 0 ? limit : 0
}
