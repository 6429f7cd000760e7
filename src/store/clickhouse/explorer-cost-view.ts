// The explorer's `requests` view on ClickHouse, the same as the embedded store's
// (sqlite/explorer-cost-view.ts): one row per request, merged from every copy as reports merge them,
// with the embedded store's column names, the cost the reports use (`cost`, with `cost_source`) and its
// time as text (`time_utc`). ClickHouse cannot call the TypeScript pricing either, so the rates of the
// models in the store live in `model_rates` (one row per model, an array entry per price period), which
// the explorer fills in for models it has not priced yet before a query that names the view, when the
// data or the rates changed since it last did (`keepModelRates`). The explorer itself only reads
// (`readonly = 1`); the rates are written on the store's side connection.

import { bundledPriceTable, type PriceTable } from '../../model/price-table.ts'
import { rateColumns, rateRows, rateValues } from '../explorer-rates.ts'
import { str } from '../row-cells.ts'
import { telemetryOnlyRequestColumns } from '../store.ts'
import type { ClickHouseConnection } from './clickhouse-connection.ts'
import { clickHouseDataVersion } from './data-version.ts'
import type { Step } from './migration-step.ts'
import { dedupedRequests } from './requests-sql.ts'

const rateArrays = [...rateColumns, ...rateColumns.map((c) => `lc_${c}`)]

/** The request columns, named as the embedded store's `api_requests` names them, in its order. */
const requestColumns = [
  'key',
  'message_id',
  'request_id',
  'session_id',
  'project',
  'model',
  'ts',
  'input_tokens',
  'output_tokens',
  'cache_creation_tokens',
  'cache_creation_5m_tokens',
  'cache_creation_1h_tokens',
  'cache_read_tokens',
  'total_tokens',
  'cost_usd',
  'duration_ms',
  'git_branch',
  'version',
  'is_sidechain',
  'agent_id',
  'source',
  ...telemetryOnlyRequestColumns,
] as const

const column = (c: (typeof requestColumns)[number]) =>
  c === 'total_tokens'
    ? 'r_input_tokens + r_output_tokens + r_cache_creation_tokens + r_cache_read_tokens AS total_tokens'
    : `r_${c} AS ${c}`

/** One price-period rate of the request's model (`p_i` is its period: starts at or before the request). */
const rate = (name: string) => `p_${name}[p_i]`

/** Cost at one tier's rates (prefix '' or 'lc_'), per million tokens as calculate-cost and the SQLite view. */
function costSql(p: string): string {
  return `(r_input_tokens * ${rate(`${p}input`)} + r_output_tokens * ${rate(`${p}output`)}
    + (r_cache_creation_tokens - ifNull(r_cache_creation_1h_tokens, 0)) * ${rate(`${p}cache_write_5m`)}
    + ifNull(r_cache_creation_1h_tokens, 0) * ${rate(`${p}cache_write_1h`)}
    + r_cache_read_tokens * ${rate(`${p}cache_read`)}) / 1000000.0`
}

function viewSql(db: string): string {
  const rates = `SELECT model AS r_model, from_ts AS p_from, lc_threshold AS p_lc_threshold,
      ${rateArrays.map((c) => `${c} AS p_${c}`).join(', ')}
    FROM ${db}.model_rates FINAL`
  const unpriced = 'length(p_from) = 0'
  const longContext = `${rate('lc_threshold')} > 0
    AND r_input_tokens + r_cache_creation_tokens + r_cache_read_tokens > ${rate('lc_threshold')}`
  // ClickHouse 18.16 formats times without milliseconds: they are added as three digits.
  const time = `concat(replaceOne(toString(toDateTime(intDiv(r_ts, 1000), 'UTC')), ' ', 'T'), '.',
    substring(toString(1000 + r_ts % 1000), 2, 3), 'Z')`
  // The request's time goes into the lambda as an array (replicate), not named in its body: 18.16
  // does not see a column named only inside a lambda, and drops it from the subquery below.
  return `CREATE VIEW IF NOT EXISTS ${db}.requests AS
    SELECT ${requestColumns.map(column).join(',\n      ')},
      ${time} AS time_utc,
      multiIf(isNotNull(r_cost_usd), r_cost_usd, ${unpriced}, NULL,
        ${longContext}, ${costSql('lc_')}, ${costSql('')}) AS cost,
      multiIf(isNotNull(r_cost_usd), 'claude-code', ${unpriced}, 'unpriced', 'computed') AS cost_source
    FROM (SELECT *, arrayCount((start, at) -> start <= at, p_from, replicate(r_ts, p_from)) AS p_i
      FROM ${dedupedRequests(db)} ANY LEFT JOIN (${rates}) USING r_model)`
}

/** Migration 6: the rates table and the view over it. */
export const explorerCostViewMigration = (db: string): Step[] => [
  `CREATE TABLE IF NOT EXISTS ${db}.model_rates (
    model String,
    price_version String,
    from_ts Array(Int64),
    lc_threshold Array(Int64),
    ${rateArrays.map((c) => `${c} Array(Float64)`).join(',\n    ')},
    written_at UInt64
  ) ENGINE = ReplacingMergeTree(written_at) ORDER BY model`,
  viewSql(db),
]

const priceVersion = (table: PriceTable) => `${table.sourceVersion} ${table.generatedAt}`

/** Pure: the `model_rates` row of a model; a model with no price has empty arrays (`unpriced`). */
function modelRatesRow(model: string, table: PriceTable, writtenAt: number): Record<string, unknown> {
  const periods = rateRows([model], table)
  const row: Record<string, unknown> = {
    model,
    price_version: priceVersion(table),
    from_ts: periods.map((p) => p.fromTs),
    lc_threshold: periods.map((p) => p.longContext?.thresholdTokens ?? 0),
    written_at: writtenAt,
  }
  rateColumns.forEach((c, i) => {
    row[c] = periods.map((p) => rateValues(p.rates)[i])
    row[`lc_${c}`] = periods.map((p) => (p.longContext ? rateValues(p.longContext)[i] : 0))
  })
  return row
}

/**
 * Prices every model the store has that `model_rates` lacks at this price table's version (new models,
 * or rates written by another version of context-cleaner). `conn` names the store's database.
 */
async function syncModelRates(conn: ClickHouseConnection, table: PriceTable): Promise<void> {
  const missing = await conn.rows(
    `SELECT DISTINCT model FROM (SELECT model FROM api_requests UNION ALL SELECT model FROM otel_requests)
     WHERE model NOT IN (SELECT model FROM model_rates FINAL WHERE price_version = {v:String})`,
    { v: priceVersion(table) },
  )
  if (missing.length === 0) return
  const now = Date.now()
  await conn.insert(
    'model_rates',
    missing.map((m) => modelRatesRow(str(m, 'model'), table, now)),
  )
}

/**
 * `syncModelRates` for one explorer, skipped while neither the data nor `model_rates` changed since the
 * last sync: the sync reads the model of every request. A sync that wrote rates changes the version, so
 * the next query syncs once more and finds nothing to do. `conn` names the store's database.
 */
export function keepModelRates(
  conn: ClickHouseConnection,
  database: string,
  table: PriceTable = bundledPriceTable(),
): () => Promise<void> {
  return runWhenChanged(
    () => clickHouseDataVersion(conn, database, { withRates: true }),
    () => syncModelRates(conn, table),
  )
}

/**
 * `work`, skipped while `version()` reads what it read before the last run of `work` that succeeded.
 * The version is read first: a change made while `work` runs makes the next call run it again.
 */
export function runWhenChanged(
  version: () => Promise<string>,
  work: () => Promise<void>,
): () => Promise<void> {
  let done: string | undefined
  return async () => {
    const current = await version()
    if (current === done) return
    await work()
    done = current
  }
}
