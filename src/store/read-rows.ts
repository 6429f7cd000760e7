// The rows of the stores' reads, mapped once for both stores: each backend's SQL names its columns
// alike (as the tables do, or as the aliases below), so one mapping reads either.

import type { ApiRequestRecord } from '../model/records.ts'
import type {
  ApiErrorRow,
  DailyCount,
  MetricTotal,
  RequestRow,
  ToolCallRow,
  ToolStats,
} from '../model/usage-rows.ts'
import { type Cells, flag, maybeNum, maybeStr, num, str } from './row-cells.ts'
import type { DashboardDimension } from './usage-reads.ts'
import type { UsageDimension, UsageEvent, UsageGroup } from './usage-types.ts'

/** Request columns aliased as RequestRow's fields; `querySource` may be absent (an older embedded store). */
export function toRequestRow(r: Cells): RequestRow {
  return {
    key: str(r, 'key'),
    sessionId: str(r, 'sessionId'),
    project: str(r, 'project'),
    model: str(r, 'model'),
    timestamp: num(r, 'timestamp'),
    inputTokens: num(r, 'inputTokens'),
    outputTokens: num(r, 'outputTokens'),
    cacheCreationTokens: num(r, 'cacheCreationTokens'),
    cacheCreation1hTokens: num(r, 'cacheCreation1hTokens'),
    cacheReadTokens: num(r, 'cacheReadTokens'),
    costUsd: maybeNum(r, 'costUsd'),
    durationMs: maybeNum(r, 'durationMs'),
    isSidechain: flag(r, 'isSidechain'),
    agentId: maybeStr(r, 'agentId'),
    querySource: maybeStr(r, 'querySource'),
  }
}

/** A `tool_calls` row, columns as the table names them. */
export function toToolCallRow(r: Cells): ToolCallRow {
  const success = maybeNum(r, 'success')
  return {
    sessionId: str(r, 'session_id'),
    toolName: str(r, 'tool_name'),
    timestamp: num(r, 'ts'),
    success: success === null ? null : success === 1,
    durationMs: maybeNum(r, 'duration_ms'),
    resultBytes: maybeNum(r, 'result_bytes'),
    error: maybeStr(r, 'error'),
  }
}

/** An `api_errors` row, columns as the table names them. */
export function toApiErrorRow(r: Cells): ApiErrorRow {
  return {
    sessionId: str(r, 'session_id'),
    timestamp: num(r, 'ts'),
    model: maybeStr(r, 'model'),
    statusCode: maybeNum(r, 'status_code'),
    error: maybeStr(r, 'error'),
  }
}

/** Per-tool sums aliased as ToolStats' fields. */
export function toToolStats(r: Cells): ToolStats {
  return {
    toolName: str(r, 'toolName'),
    calls: num(r, 'calls'),
    successes: num(r, 'successes'),
    failures: num(r, 'failures'),
    avgDurationMs: maybeNum(r, 'avgDurationMs'),
    avgResultBytes: maybeNum(r, 'avgResultBytes'),
    totalResultBytes: maybeNum(r, 'totalResultBytes'),
  }
}

export function toDailyCount(r: Cells): DailyCount {
  return { bucket: num(r, 'bucket'), key: str(r, 'key'), value: num(r, 'value') }
}

export function toMetricTotal(r: Cells): MetricTotal {
  return { name: str(r, 'name'), type: maybeStr(r, 'type'), value: num(r, 'value') }
}

export function toStatusCount(r: Cells): { statusCode: number | null; count: number } {
  return { statusCode: maybeNum(r, 'statusCode'), count: num(r, 'count') }
}

/** The group columns a query by these dimensions fills (day and hour fill the bucket). */
export function groupedBy(dimensions: readonly (UsageDimension | DashboardDimension)[]): Set<UsageDimension> {
  return new Set(dimensions.map((d) => (d === 'day' || d === 'hour' ? 'bucket' : d)))
}

/**
 * A row of summed usage: group columns `g_bucket`, `g_session`, `g_project`, `g_user`, `g_team`,
 * `g_model`, `g_long`, `g_has_cost`, sums named as UsageGroup's fields. A group column the query did not
 * group by is NULL or a constant (ClickHouse avoids NULL literals in group keys), so only those in
 * `grouped` are read; a bucket of -1 is none.
 */
export function toUsageGroup(r: Cells, grouped: ReadonlySet<UsageDimension>): UsageGroup {
  const group = (d: UsageDimension, column: string) => (grouped.has(d) ? maybeStr(r, column) : null)
  const bucket = grouped.has('bucket') ? maybeNum(r, 'g_bucket') : null
  return {
    bucket: bucket === -1 ? null : bucket,
    sessionId: group('session', 'g_session'),
    project: group('project', 'g_project'),
    user: group('user', 'g_user'),
    team: group('team', 'g_team'),
    model: str(r, 'g_model'),
    longContext: flag(r, 'g_long'),
    hasCost: flag(r, 'g_has_cost'),
    inputTokens: num(r, 'inputTokens'),
    outputTokens: num(r, 'outputTokens'),
    cacheCreationTokens: num(r, 'cacheCreationTokens'),
    cacheCreation1hTokens: num(r, 'cacheCreation1hTokens'),
    cacheReadTokens: num(r, 'cacheReadTokens'),
    costUsd: num(r, 'costUsd'),
    requests: num(r, 'requests'),
    firstTimestamp: num(r, 'firstTimestamp'),
    lastTimestamp: num(r, 'lastTimestamp'),
  }
}

/** One request's usage, columns aliased as UsageEvent's fields. */
export function toUsageEvent(r: Cells): UsageEvent {
  return {
    timestamp: num(r, 'timestamp'),
    model: str(r, 'model'),
    inputTokens: num(r, 'inputTokens'),
    outputTokens: num(r, 'outputTokens'),
    cacheCreationTokens: num(r, 'cacheCreationTokens'),
    cacheReadTokens: num(r, 'cacheReadTokens'),
    cacheCreation1hTokens: num(r, 'cacheCreation1hTokens'),
    costUsd: maybeNum(r, 'costUsd'),
    longContext: flag(r, 'longContext'),
  }
}

/**
 * A stored request, its columns named as the tables name them, after `prefix` (ClickHouse's merged rows
 * read `r_key`, `r_ts`, …; the embedded store's rows `key`, `ts`, …).
 */
export function requestFromRow(row: Cells, prefix = ''): ApiRequestRecord {
  const c = (name: string) => `${prefix}${name}`
  return {
    key: str(row, c('key')),
    messageId: maybeStr(row, c('message_id')),
    requestId: maybeStr(row, c('request_id')),
    sessionId: str(row, c('session_id')),
    project: str(row, c('project')),
    model: str(row, c('model')),
    timestamp: num(row, c('ts')),
    inputTokens: num(row, c('input_tokens')),
    outputTokens: num(row, c('output_tokens')),
    cacheCreationTokens: num(row, c('cache_creation_tokens')),
    cacheCreation5mTokens: maybeNum(row, c('cache_creation_5m_tokens')),
    cacheCreation1hTokens: maybeNum(row, c('cache_creation_1h_tokens')),
    cacheReadTokens: num(row, c('cache_read_tokens')),
    costUsd: maybeNum(row, c('cost_usd')),
    durationMs: maybeNum(row, c('duration_ms')),
    gitBranch: maybeStr(row, c('git_branch')),
    version: maybeStr(row, c('version')),
    isSidechain: flag(row, c('is_sidechain')),
    agentId: maybeStr(row, c('agent_id')),
    source: str(row, c('source')) === 'otlp' ? 'otlp' : 'transcript',
  }
}
