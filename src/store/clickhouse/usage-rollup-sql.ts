// SQL of the usage rollup (usage-rollup.ts). A build B at watermark W holds, per 15-minute bucket,
// session, project, model, long-context tier, cost source and sender, the sums of every request merged
// from its copies inserted up to W. A session is "touched" after W when a copy of one of its requests,
// or one of its spans (which name its project), was inserted after W. Usage now is then exactly:
//   B's rows of sessions not touched after W
//   + the usage of touched sessions merged from all copies,
// whatever merges have done, whichever copy came first: an untouched session's requests have no copy
// B did not see, and a request touched after W puts every session any of its copies names among the
// touched ones (so it is counted once, in the second part). The second part reads the touched keys
// through the primary key.

import { where } from '../filter-sql.ts'
import { BUCKET_MS, ROLLUP_LONG_CONTEXT_THRESHOLD } from '../usage-types.ts'
import { usageRows } from './requests-sql.ts'

/** Stamped after the watermark in parameter `param` (0 is an unstamped row: never in a build). */
const after = (param: string) =>
  `(inserted_at > toDateTime({${param}:UInt32}) OR inserted_at = toDateTime(0))`
const upTo = (param: string) =>
  `(inserted_at <= toDateTime({${param}:UInt32}) AND inserted_at != toDateTime(0))`

/** Sessions touched after the watermark in parameter `param`. */
export function touchedSessions(db: string, param: string): string {
  const keys = `SELECT key FROM ${db}.api_requests WHERE ${after(param)}
    UNION ALL SELECT key FROM ${db}.otel_requests WHERE ${after(param)}`
  return `SELECT session_id FROM ${db}.api_requests WHERE key IN (${keys})
    UNION ALL SELECT session_id FROM ${db}.otel_requests WHERE key IN (${keys})
    UNION ALL SELECT session_id FROM ${db}.session_spans WHERE ${after(param)}`
}

/** How many copies and spans were stamped after the watermark: the size of the correction. */
export function touchedCountSql(db: string): string {
  const count = (table: string) => `(SELECT count() FROM ${db}.${table} WHERE ${after('watermark')})`
  return `SELECT ${count('api_requests')} + ${count('otel_requests')} + ${count('session_spans')} AS n`
}

const ROLLUP_COLUMNS = `bucket, session_id, project, model, long_context, has_cost, user_email, user_id, team,
  requests, input_tokens, output_tokens, cache_creation_tokens, cache_creation_1h_tokens, cache_read_tokens,
  cost_usd, first_ts, last_ts`

/** Usage rows (requests-sql.ts) summed into rollup rows; ROLLUP_COLUMNS in order. */
function summed(rows: string, conditions: readonly string[]): string {
  return `SELECT intDiv(r_ts, ${BUCKET_MS}) * ${BUCKET_MS} AS bucket, r_session_id AS session_id,
      r_project AS project, r_model AS model,
      toUInt8(r_input_tokens + r_cache_creation_tokens + r_cache_read_tokens > ${ROLLUP_LONG_CONTEXT_THRESHOLD}) AS long_context,
      toUInt8(isNotNull(r_cost_usd)) AS has_cost, r_user_email AS user_email, r_user_id AS user_id, r_team AS team,
      count() AS requests, sum(r_input_tokens) AS input_tokens, sum(r_output_tokens) AS output_tokens,
      sum(r_cache_creation_tokens) AS cache_creation_tokens,
      sum(ifNull(r_cache_creation_1h_tokens, 0)) AS cache_creation_1h_tokens,
      sum(r_cache_read_tokens) AS cache_read_tokens, ifNull(sum(r_cost_usd), 0) AS cost_usd,
      min(r_ts) AS first_ts, max(r_ts) AS last_ts
    FROM ${rows} ${where(conditions)}
    GROUP BY bucket, session_id, project, model, long_context, has_cost, user_email, user_id, team`
}

/** A condition that `column` names one of a set of sessions. */
type SessionTest = (column: string) => string

/** Keys of requests any copy of which names one of the sessions. */
const keysOf = (db: string, among: SessionTest) =>
  `key IN (SELECT key FROM ${db}.api_requests WHERE ${among('session_id')}
    UNION ALL SELECT key FROM ${db}.otel_requests WHERE ${among('session_id')})`

/** Usage of some sessions, from copies and spans stamped up to `upTo` (every copy when null). */
function sessionsUsage(db: string, among: SessionTest, upToParam: string | null): string {
  const stamped = upToParam === null ? [] : [upTo(upToParam)]
  const rows = usageRows(db, [...stamped, keysOf(db, among)], [...stamped, among('session_id')])
  return summed(rows, [among('r_session_id')])
}

/** A first build: everything stamped up to {watermark}. Parameters: build, watermark, part, parts. */
export function fullBuildSql(db: string): string {
  // One part of the keys per statement ({part} of {parts}, by hash), so each fits a query's time and
  // memory; a group split across parts is several rows, which reads sum anyway.
  const copies = [upTo('watermark'), 'cityHash64(key) % {parts:UInt32} = {part:UInt32}']
  return `INSERT INTO ${db}.usage_rollup (build, ${ROLLUP_COLUMNS})
    SELECT {build:UInt64}, ${ROLLUP_COLUMNS} FROM (${summed(usageRows(db, copies, [upTo('watermark')]), [])})`
}

/** Copies stored, to size a first build's parts. */
export function copyCountSql(db: string): string {
  return `SELECT (SELECT count() FROM ${db}.api_requests) + (SELECT count() FROM ${db}.otel_requests) AS n`
}

/**
 * A build at {watermark} from build {base} at {baseWatermark}: the base's untouched sessions are
 * copied, the touched ones recomputed. Two statements, run in order.
 */
export function incrementalBuildSql(db: string): [string, string] {
  return [
    `INSERT INTO ${db}.usage_rollup (build, ${ROLLUP_COLUMNS})
      SELECT {build:UInt64}, ${ROLLUP_COLUMNS} FROM ${db}.usage_rollup
      WHERE build = {base:UInt64} AND session_id NOT IN (${touchedSessions(db, 'baseWatermark')})`,
    `INSERT INTO ${db}.usage_rollup (build, ${ROLLUP_COLUMNS})
      SELECT {build:UInt64}, ${ROLLUP_COLUMNS}
      FROM (${sessionsUsage(db, (c) => `${c} IN (${touchedSessions(db, 'baseWatermark')})`, 'watermark')})`,
  ]
}

/** Touched sessions as a query parameter: 18.16 runs nested IN subqueries again at every level. */
const touchedParam: SessionTest = (column) => `has({touched:Array(String)}, ${column})`

/**
 * Usage now, as rollup-shaped rows (r_ts is the bucket's start; n_ columns are sums), from build
 * {rollupBuild} and the sessions touched after its watermark, given as {touched} (the answer of
 * touchedSessions; without any, the build alone is the answer).
 */
export function rollupSource(db: string, touched: boolean): string {
  const built = `SELECT ${ROLLUP_COLUMNS} FROM ${db}.usage_rollup WHERE build = {rollupBuild:UInt64}`
  const rows = touched
    ? `${built} AND NOT has({touched:Array(String)}, session_id)
      UNION ALL SELECT ${ROLLUP_COLUMNS} FROM (${sessionsUsage(db, touchedParam, null)})`
    : built
  return `(SELECT bucket AS r_ts, session_id AS r_session_id, project AS r_project, model AS r_model,
      long_context AS r_long, has_cost AS r_has_cost, user_email AS r_user_email, user_id AS r_user_id,
      team AS r_team, requests AS n_requests, input_tokens AS n_input, output_tokens AS n_output,
      cache_creation_tokens AS n_cache_creation, cache_creation_1h_tokens AS n_cache_creation_1h,
      cache_read_tokens AS n_cache_read, cost_usd AS n_cost, first_ts AS n_first, last_ts AS n_last
    FROM (${rows}))`
}

/** The same shape from requests merged now, one row each (long context at {threshold}). */
export function requestSource(db: string): string {
  return `(SELECT r_ts, r_session_id, r_project, r_model,
      toUInt8(r_input_tokens + r_cache_creation_tokens + r_cache_read_tokens > {threshold:Int64}) AS r_long,
      toUInt8(isNotNull(r_cost_usd)) AS r_has_cost, r_user_email, r_user_id, r_team,
      toUInt64(1) AS n_requests, r_input_tokens AS n_input, r_output_tokens AS n_output,
      r_cache_creation_tokens AS n_cache_creation, ifNull(r_cache_creation_1h_tokens, 0) AS n_cache_creation_1h,
      r_cache_read_tokens AS n_cache_read, ifNull(r_cost_usd, 0) AS n_cost, r_ts AS n_first, r_ts AS n_last
    FROM ${usageRows(db)})`
}
