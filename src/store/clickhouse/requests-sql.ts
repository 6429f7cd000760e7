// One row per API request, merged at read time from every copy ClickHouse holds: transcript copies
// (duplicated lines, resumed sessions, re-imports) and telemetry copies (the collector's
// `api_request` events, and their retries). Nothing is updated in place, so the answer is the same
// before and after merges, and whichever source arrived first.
//
// The rules are the embedded store's (sqlite/telemetry-sql.ts, sqlite-store.ts): tokens from the
// copy with the most; cost and timings from telemetry, else from a transcript copy; session, project,
// time, branch and message id from the transcript; what only telemetry knows (time to first token,
// query source, prompt id, who sent it) from telemetry. A request only telemetry has seen takes its
// session's project once a transcript named it.
//
// Each source's chosen copy is one argMaxIf over a tuple of the columns a read needs (one aggregate
// state per source, not one per column), and reports merge only the columns they use (`usageRows`).

import { where } from '../filter-sql.ts'
import { telemetryOnlyRequestColumns } from '../store.ts'

/** The copy ranking of one source: most tokens, then one with a cost, then one with a duration. */
const RANK = 'row_version'

/** The best-ranked copy of a source that has a value for `column` (NULL when none has). */
const known = (column: string, source: string) =>
  `tupleElement(argMaxIf(tuple(${column}), ${RANK}, source = '${source}' AND isNotNull(${column})), 1)`

const tokenColumns = [
  'input_tokens',
  'output_tokens',
  'cache_creation_tokens',
  'cache_read_tokens',
  'total_tokens',
] as const

/** Columns of each source's chosen copy, and those taken from the best copy that has them. */
interface Shape {
  transcript: readonly string[]
  otlp: readonly string[]
  knownTranscript: readonly string[]
  knownOtlp: readonly string[]
  ids: boolean
}

const contextColumns = ['session_id', 'project', 'model', 'ts'] as const
const splitColumns = ['cache_creation_5m_tokens', 'cache_creation_1h_tokens'] as const

const fullShape: Shape = {
  transcript: [
    ...contextColumns,
    'is_sidechain',
    ...tokenColumns,
    ...splitColumns,
    'git_branch',
    'version',
    'agent_id',
  ],
  otlp: [...contextColumns, 'is_sidechain', ...tokenColumns, ...splitColumns],
  knownTranscript: ['cost_usd', 'duration_ms'],
  knownOtlp: ['cost_usd', 'duration_ms', 'version', 'agent_id', ...telemetryOnlyRequestColumns],
  ids: true,
}

/** What usage sums need: where and when, tokens, cost, who. */
const usageShape: Shape = {
  transcript: [...contextColumns, ...tokenColumns, 'cache_creation_1h_tokens'],
  otlp: [...contextColumns, ...tokenColumns, 'cache_creation_1h_tokens'],
  knownTranscript: ['cost_usd'],
  knownOtlp: ['cost_usd', 'user_id', 'user_email', 'team'],
  ids: false,
}

/** Per key: each source's chosen copy, side by side (t_ transcript, o_ telemetry). */
function copiesByKey(copies: string, shape: Shape): string {
  const chosen = (columns: readonly string[], source: string) =>
    `argMaxIf(tuple(${columns.join(', ')}), ${RANK}, source = '${source}')`
  const unpack = (columns: readonly string[], copy: string, prefix: string) =>
    columns.map((c, i) => `tupleElement(${copy}, ${i + 1}) AS ${prefix}${c}`)
  const knowns = [
    ...shape.knownTranscript.map((c) => `${known(c, 'transcript')} AS t_${c}`),
    ...shape.knownOtlp.map((c) => `${known(c, 'otlp')} AS o_${c}`),
  ]
  const ids = shape.ids
    ? [`argMax(message_id, ${RANK}) AS any_message_id`, `argMax(request_id, ${RANK}) AS any_request_id`]
    : []
  return `SELECT *, ${[...unpack(shape.transcript, 'x_t', 't_'), ...unpack(shape.otlp, 'x_o', 'o_')].join(', ')}
    FROM (SELECT key,
      countIf(source = 'transcript') > 0 AS has_t,
      countIf(source = 'otlp') > 0 AS has_o,
      ${chosen(shape.transcript, 'transcript')} AS x_t, ${chosen(shape.otlp, 'otlp')} AS x_o,
      ${[...ids, ...knowns].join(', ')}
    FROM (${copies}) GROUP BY key)`
}

const sharedColumns = `key, message_id, request_id, session_id, project, model, ts, input_tokens, output_tokens,
  cache_creation_tokens, cache_creation_5m_tokens, cache_creation_1h_tokens, cache_read_tokens, total_tokens,
  cost_usd, duration_ms, git_branch, version, is_sidechain, agent_id, source, row_version, user_id, user_email,
  organization_id, team`

/** Every copy of every request: the importer's (api_requests) and the collector's (otel_requests). */
export function allCopies(db: string, conditions: readonly string[] = []): string {
  return `SELECT ${sharedColumns}, CAST(NULL AS Nullable(Int64)) AS ttft_ms,
      CAST(NULL AS Nullable(String)) AS query_source, CAST(NULL AS Nullable(String)) AS prompt_id
    FROM ${db}.api_requests ${where(conditions)}
    UNION ALL SELECT ${sharedColumns}, ttft_ms, query_source, prompt_id FROM ${db}.otel_requests ${where(conditions)}`
}

/** The columns usage needs, of every copy that meets `conditions`. */
function usageCopies(db: string, conditions: readonly string[]): string {
  const columns = `key, session_id, project, model, ts, ${tokenColumns.join(', ')}, cache_creation_1h_tokens,
    cost_usd, source, row_version, user_id, user_email, team`
  return `SELECT ${columns} FROM ${db}.api_requests ${where(conditions)}
    UNION ALL SELECT ${columns} FROM ${db}.otel_requests ${where(conditions)}`
}

// Telemetry's token counts win only when larger; on a tie the transcript's split of cache writes
// is kept, and telemetry's fills it in when the transcript had none for the same total.
const oWins = '(has_o AND (NOT has_t OR o_total_tokens > t_total_tokens))'

const tokenPicks = () => [
  ...tokenColumns.filter((c) => c !== 'total_tokens').map((c) => `if(${oWins}, o_${c}, t_${c}) AS r_${c}`),
]
const splitPick = (c: string) =>
  `if(${oWins}, o_${c}, ifNull(t_${c}, if(has_o AND o_cache_creation_tokens = t_cache_creation_tokens, o_${c}, NULL))) AS r_${c}`
const contextPick = (c: string) => `if(has_t, t_${c}, o_${c}) AS r_${c === 'project' ? 'own_project' : c}`

/** The merged row; `r_project` may still be '' (a telemetry-only request), see `dedupedRequests`. */
function mergedRows(db: string): string {
  return `SELECT key AS r_key, any_message_id AS r_message_id, any_request_id AS r_request_id,
      ${[...[...contextColumns, 'is_sidechain'].map(contextPick), ...tokenPicks(), ...splitColumns.map(splitPick)].join(', ')},
      ifNull(o_cost_usd, t_cost_usd) AS r_cost_usd, ifNull(o_duration_ms, t_duration_ms) AS r_duration_ms,
      if(has_t, t_git_branch, NULL) AS r_git_branch,
      ifNull(t_version, o_version) AS r_version, ifNull(t_agent_id, o_agent_id) AS r_agent_id,
      if(has_t, 'transcript', 'otlp') AS r_source,
      o_ttft_ms AS r_ttft_ms, o_query_source AS r_query_source, o_prompt_id AS r_prompt_id,
      o_user_id AS r_user_id, o_user_email AS r_user_email, o_organization_id AS r_organization_id,
      o_team AS r_team
    FROM (${copiesByKey(allCopies(db), fullShape)})`
}

/** Each session's project, as the first transcript that named it said ('' until one did). */
export function sessionProjects(db: string, conditions: readonly string[] = []): string {
  return `SELECT session_id, maxIf(p, p != '') AS project
    FROM (SELECT session_id, project AS p FROM ${db}.session_spans ${where(conditions)}) GROUP BY session_id`
}

/** Merged rows with the session's project filled in where the request names none. */
function withProject(rows: string, db: string, spanConditions: readonly string[]): string {
  return `(SELECT *, if(r_own_project = '', s_project, r_own_project) AS r_project
    FROM (${rows})
    ANY LEFT JOIN (SELECT session_id AS r_session_id, project AS s_project
      FROM (${sessionProjects(db, spanConditions)}) WHERE project != '') USING r_session_id)`
}

/** One row per request key, with the columns named as in the table but prefixed `r_`. */
export function dedupedRequests(db: string): string {
  return withProject(mergedRows(db), db, [])
}

/**
 * The usage columns of each request (r_key, r_session_id, r_project, r_model, r_ts, tokens,
 * r_cache_creation_1h_tokens, r_cost_usd, r_user_id, r_user_email, r_team), merged from the copies that
 * meet `copyConditions`, projects from the session spans that meet `spanConditions`.
 */
export function usageRows(
  db: string,
  copyConditions: readonly string[] = [],
  spanConditions: readonly string[] = [],
): string {
  const rows = `SELECT key AS r_key,
      ${[...contextColumns.map(contextPick), ...tokenPicks(), splitPick('cache_creation_1h_tokens')].join(', ')},
      ifNull(o_cost_usd, t_cost_usd) AS r_cost_usd,
      o_user_id AS r_user_id, o_user_email AS r_user_email, o_team AS r_team
    FROM (${copiesByKey(usageCopies(db, copyConditions), usageShape)})`
  return withProject(rows, db, spanConditions)
}
