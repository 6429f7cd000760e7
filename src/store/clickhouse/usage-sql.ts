// SQL for the ClickHouse store's report reads. Sums read rollup-shaped rows (usage-rollup-sql.ts): the
// rollup and its correction when it can answer, else every request merged now; billing blocks read
// `usageRows` (requests-sql.ts). Either way copies are merged, so answers are right before merges happen.

import {
  BUCKET_MS,
  type PricingSplit,
  ROLLUP_LONG_CONTEXT_THRESHOLD,
  type UsageDimension,
  type UsageFilter,
} from '../usage-types.ts'
import type { QueryParams } from './bind-params.ts'
import { clickhouseWhere, requestColumns } from './filter-columns.ts'
import { usageRows } from './requests-sql.ts'

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

export function priceEpochSql(changes: readonly number[], params: QueryParams): string {
  if (changes.length === 0) return 'toUInt32(0)'
  const arms = changes.map((c, i) => {
    params[`change${i}`] = c
    return `r_ts < {change${i}:Int64}, toUInt32(${i})`
  })
  return `multiIf(${arms.join(', ')}, toUInt32(${changes.length}))`
}

/** The sums of rollup-shaped rows (usage-rollup-sql.ts), shared by reports and the dashboard. */
export const SUMS = `sum(n_input) AS inputTokens, sum(n_output) AS outputTokens,
  sum(n_cache_creation) AS cacheCreationTokens, sum(n_cache_creation_1h) AS cacheCreation1hTokens,
  sum(n_cache_read) AS cacheReadTokens, sum(n_cost) AS costUsd, sum(n_requests) AS requests,
  min(n_first) AS firstTimestamp, max(n_last) AS lastTimestamp`

/** Usage of rollup-shaped rows from `source` (rollupSource or requestSource). */
export function aggregateUsageSql(
  source: string,
  filter: UsageFilter,
  dimensions: readonly UsageDimension[],
  split: PricingSplit,
): { sql: string; params: QueryParams } {
  const { where, params } = clickhouseWhere(filter, requestColumns)
  params.threshold = split.longContextThreshold
  const pick = (d: UsageDimension) => (dimensions.includes(d) ? dimensionColumns[d] : absent[d])
  // Ordered like the embedded store's GROUP BY output, so float sums downstream add up in the same order.
  const sql = `
    SELECT ${pick('bucket')} AS g_bucket, ${pick('session')} AS g_session, ${pick('project')} AS g_project,
      ${pick('user')} AS g_user, ${pick('team')} AS g_team, r_model AS g_model, r_long AS g_long,
      r_has_cost AS g_has_cost, ${priceEpochSql(split.priceChanges, params)} AS g_epoch, ${SUMS}
    FROM ${source} ${where}
    GROUP BY g_bucket, g_session, g_project, g_user, g_team, g_model, g_long, g_has_cost, g_epoch
    ORDER BY g_bucket, g_session, g_project, g_user, g_team, g_model, g_long, g_has_cost, g_epoch`
  return { sql, params }
}

/**
 * Whether sums per rollup bucket can answer: the tier is the rollup's and every instant the answer
 * splits on (range ends, price changes, day starts) falls on a bucket boundary.
 */
export function rollupFits(
  filter: UsageFilter,
  split: PricingSplit,
  dayStarts: readonly number[] = [],
): boolean {
  const aligned = (t: number | undefined) => t === undefined || t % BUCKET_MS === 0
  return (
    split.longContextThreshold === ROLLUP_LONG_CONTEXT_THRESHOLD &&
    aligned(filter.since) &&
    aligned(filter.until) &&
    split.priceChanges.every(aligned) &&
    dayStarts.every(aligned)
  )
}

export function usageEventsSql(db: string, filter: UsageFilter, split: PricingSplit) {
  const { where, params } = clickhouseWhere(filter, requestColumns)
  params.threshold = split.longContextThreshold
  const sql = `
    SELECT r_ts AS timestamp, r_model AS model, r_input_tokens AS inputTokens,
      r_output_tokens AS outputTokens, r_cache_creation_tokens AS cacheCreationTokens,
      r_cache_read_tokens AS cacheReadTokens,
      ifNull(r_cache_creation_1h_tokens, 0) AS cacheCreation1hTokens, r_cost_usd AS costUsd,
      ${longContextSql} AS longContext
    FROM ${usageRows(db)} ${where} ORDER BY r_ts, r_key`
  return { sql, params }
}
