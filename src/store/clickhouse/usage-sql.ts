// SQL for the ClickHouse store's reads. Every read goes through `dedupedRequests`, which picks each
// request's most complete copy (argMax by row_version) so answers are right before merges happen.

import { BUCKET_MS, type PricingSplit, type UsageDimension, type UsageFilter } from '../store.ts'
import type { QueryParams } from './bind-params.ts'

/** Who sent a request: only telemetry copies carry these, and argMax skips the NULLs of the others. */
const ATTRIBUTION_COLUMNS = ['user_id', 'user_email', 'organization_id', 'team']

/** One row per request key, with the columns named as in the table but prefixed `r_`. */
export function dedupedRequests(db: string): string {
  const pick = (c: string) => `argMax(${c}, row_version) AS r_${c}`
  // Nullable columns whose NULL must win when the winning copy has it: argMax skips NULL arguments, so
  // these go through a one-element tuple. cost_usd, duration_ms and the ids keep the skip on purpose:
  // a figure from any copy is kept, as in the embedded store.
  const exact = (c: string) => `tupleElement(argMax(tuple(${c}), row_version), 1) AS r_${c}`
  return `(SELECT key AS r_key,
    ${['message_id', 'request_id', 'session_id', 'project', 'model', 'ts', 'input_tokens', 'output_tokens']
      .map(pick)
      .join(', ')},
    ${['cache_creation_tokens', 'cache_read_tokens', 'cost_usd', 'duration_ms', 'is_sidechain', 'source']
      .map(pick)
      .join(', ')},
    ${['cache_creation_5m_tokens', 'cache_creation_1h_tokens', 'git_branch', 'version', 'agent_id']
      .map(exact)
      .join(', ')},
    ${ATTRIBUTION_COLUMNS.map(pick).join(', ')}
    FROM ${db}.api_requests GROUP BY key)`
}

export function filterClause(filter: UsageFilter): { where: string; params: QueryParams } {
  const conditions: string[] = []
  const params: QueryParams = {}
  if (filter.since !== undefined) {
    conditions.push('r_ts >= {since:Int64}')
    params.since = filter.since
  }
  if (filter.until !== undefined) {
    conditions.push('r_ts < {until:Int64}')
    params.until = filter.until
  }
  if (filter.project !== undefined) {
    // Exact path, or a trailing part of it (`--project myapp` matches /home/me/src/myapp).
    conditions.push('(r_project = {project:String} OR endsWith(r_project, {projectSuffix:String}))')
    params.project = filter.project
    params.projectSuffix = `/${filter.project}`
  }
  if (filter.sessionId !== undefined) {
    conditions.push('r_session_id = {sessionId:String}')
    params.sessionId = filter.sessionId
  }
  if (filter.user !== undefined) {
    conditions.push('(r_user_email = {user:String} OR r_user_id = {user:String})')
    params.user = filter.user
  }
  if (filter.team !== undefined) {
    conditions.push('r_team = {team:String}')
    params.team = filter.team
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params }
}

const dimensionColumns = {
  bucket: `intDiv(r_ts, ${BUCKET_MS}) * ${BUCKET_MS}`,
  session: 'r_session_id',
  project: 'r_project',
  user: "ifNull(r_user_email, ifNull(r_user_id, ''))",
  team: "ifNull(r_team, '')",
} as const satisfies Record<UsageDimension, string>

// A dimension not asked for is a constant (mapped to null by the store): a NULL literal would need a
// Nullable(Nothing) group key, which old servers handle poorly.
const absent = {
  bucket: 'toInt64(0)',
  session: "''",
  project: "''",
  user: "''",
  team: "''",
} as const satisfies Record<UsageDimension, string>

const longContextSql =
  'toUInt8(r_input_tokens + r_cache_creation_tokens + r_cache_read_tokens > {threshold:Int64})'

function priceEpochSql(changes: readonly number[], params: QueryParams): string {
  if (changes.length === 0) return 'toUInt32(0)'
  const arms = changes.map((c, i) => {
    params[`change${i}`] = c
    return `r_ts < {change${i}:Int64}, toUInt32(${i})`
  })
  return `multiIf(${arms.join(', ')}, toUInt32(${changes.length}))`
}

export function aggregateUsageSql(
  db: string,
  filter: UsageFilter,
  dimensions: readonly UsageDimension[],
  split: PricingSplit,
): { sql: string; params: QueryParams } {
  const { where, params } = filterClause(filter)
  params.threshold = split.longContextThreshold
  const pick = (d: UsageDimension) => (dimensions.includes(d) ? dimensionColumns[d] : absent[d])
  // Ordered like the embedded store's GROUP BY output, so float sums downstream add up in the same order.
  const sql = `
    SELECT ${pick('bucket')} AS g_bucket, ${pick('session')} AS g_session, ${pick('project')} AS g_project,
      ${pick('user')} AS g_user, ${pick('team')} AS g_team, r_model AS g_model, ${longContextSql} AS g_long, toUInt8(isNotNull(r_cost_usd)) AS g_has_cost,
      ${priceEpochSql(split.priceChanges, params)} AS g_epoch,
      sum(r_input_tokens) AS inputTokens, sum(r_output_tokens) AS outputTokens,
      sum(r_cache_creation_tokens) AS cacheCreationTokens,
      sum(ifNull(r_cache_creation_1h_tokens, 0)) AS cacheCreation1hTokens,
      sum(r_cache_read_tokens) AS cacheReadTokens,
      ifNull(sum(r_cost_usd), 0) AS costUsd, count() AS requests,
      min(r_ts) AS firstTimestamp, max(r_ts) AS lastTimestamp
    FROM ${dedupedRequests(db)} ${where}
    GROUP BY g_bucket, g_session, g_project, g_user, g_team, g_model, g_long, g_has_cost, g_epoch
    ORDER BY g_bucket, g_session, g_project, g_user, g_team, g_model, g_long, g_has_cost, g_epoch`
  return { sql, params }
}

export function usageEventsSql(db: string, filter: UsageFilter, split: PricingSplit) {
  const { where, params } = filterClause(filter)
  params.threshold = split.longContextThreshold
  const sql = `
    SELECT r_ts AS timestamp, r_model AS model, r_input_tokens AS inputTokens,
      r_output_tokens AS outputTokens, r_cache_creation_tokens AS cacheCreationTokens,
      r_cache_read_tokens AS cacheReadTokens,
      ifNull(r_cache_creation_1h_tokens, 0) AS cacheCreation1hTokens, r_cost_usd AS costUsd,
      ${longContextSql} AS longContext
    FROM ${dedupedRequests(db)} ${where} ORDER BY r_ts, r_key`
  return { sql, params }
}
