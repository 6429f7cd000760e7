// SQL for usage aggregation: sums per group, split so that pricing the sums is exact.

import { BUCKET_MS, type PricingSplit, type UsageDimension, type UsageFilter } from '../usage-types.ts'
import { requestColumns, type SqlParams, sqliteWhere } from './filter-columns.ts'

const dimensionColumns = {
  bucket: `(ts / ${BUCKET_MS}) * ${BUCKET_MS}`,
  session: 'session_id',
  project: 'project',
  user: "coalesce(user_email, user_id, '')",
  team: "coalesce(team, '')",
} as const satisfies Record<UsageDimension, string>

/** Index of the price period a request falls in (0 before the first change). */
export function priceEpochSql(changes: readonly number[]): { sql: string; params: SqlParams } {
  if (changes.length === 0) return { sql: '0', params: {} }
  const params: SqlParams = {}
  const whens = changes.map((c, i) => {
    params[`$change${i}`] = c
    return `WHEN ts < $change${i} THEN ${i}`
  })
  return { sql: `(CASE ${whens.join(' ')} ELSE ${changes.length} END)`, params }
}

export function aggregateUsageSql(
  filter: UsageFilter,
  dimensions: readonly UsageDimension[],
  split: PricingSplit,
): { sql: string; params: SqlParams } {
  const { where, params } = sqliteWhere(filter, requestColumns)
  const epoch = priceEpochSql(split.priceChanges)
  const pick = (d: UsageDimension) => (dimensions.includes(d) ? dimensionColumns[d] : 'NULL')
  const sql = `
    SELECT ${pick('bucket')} AS g_bucket, ${pick('session')} AS g_session, ${pick('project')} AS g_project,
      ${pick('user')} AS g_user, ${pick('team')} AS g_team, model AS g_model,
      (input_tokens + cache_creation_tokens + cache_read_tokens > $threshold) AS g_long,
      (cost_usd IS NOT NULL) AS g_has_cost,
      ${epoch.sql} AS g_epoch,
      sum(input_tokens) AS inputTokens, sum(output_tokens) AS outputTokens,
      sum(cache_creation_tokens) AS cacheCreationTokens,
      sum(coalesce(cache_creation_1h_tokens, 0)) AS cacheCreation1hTokens,
      sum(cache_read_tokens) AS cacheReadTokens,
      coalesce(sum(cost_usd), 0) AS costUsd, count(*) AS requests,
      min(ts) AS firstTimestamp, max(ts) AS lastTimestamp
    FROM api_requests ${where}
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`
  return { sql, params: { ...params, ...epoch.params, $threshold: split.longContextThreshold } }
}
