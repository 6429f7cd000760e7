// The explorer's `requests` view: every api_requests row with the cost the reports use and its time as
// text. `cost_usd` holds only what telemetry reported; reports price the rest from the bundled table,
// and a query in the explorer should see the same figure. SQLite cannot call the TypeScript pricing,
// so the rates of the models in the store (per price period) go into a TEMP table of the explorer's
// own connection, made before the connection turns `query_only`; the store file is never written.

import type { Database } from 'bun:sqlite'
import { bundledPriceTable, type PriceTable } from '../../model/price-table.ts'
import { rateColumns, rateRows, rateValues } from '../explorer-rates.ts'

/** Cost of a request at one tier's rates (prefix `r.` or `r.lc_`), per million tokens as in calculate-cost. */
function costSql(p: string): string {
  return `(q.input_tokens * r.${p}input + q.output_tokens * r.${p}output
    + (q.cache_creation_tokens - coalesce(q.cache_creation_1h_tokens, 0)) * r.${p}cache_write_5m
    + coalesce(q.cache_creation_1h_tokens, 0) * r.${p}cache_write_1h
    + q.cache_read_tokens * r.${p}cache_read) / 1000000.0`
}

export function createExplorerCostView(db: Database, table: PriceTable = bundledPriceTable()): void {
  // Every writer keeps usage_rollup in step with api_requests, and it has a row per session-hour and
  // model instead of one per request: each explorer query runs this on a fresh connection.
  const models = db.query<{ model: string }, []>('SELECT DISTINCT model FROM usage_rollup').all()
  const cols = [...rateColumns, ...rateColumns.map((c) => `lc_${c}`)]
  db.exec(`CREATE TEMP TABLE model_rates (model TEXT NOT NULL, from_ts INTEGER NOT NULL, to_ts INTEGER NOT NULL,
    lc_threshold INTEGER, ${cols.map((c) => `${c} REAL`).join(', ')})`)
  const insert = db.prepare(
    `INSERT INTO temp.model_rates VALUES (${Array(4 + cols.length)
      .fill('?')
      .join(', ')})`,
  )
  for (const r of rateRows(
    models.map((m) => m.model),
    table,
  ))
    insert.run(
      r.model,
      r.fromTs,
      r.toTs,
      r.longContext?.thresholdTokens ?? null,
      ...rateValues(r.rates),
      ...(r.longContext ? rateValues(r.longContext) : [null, null, null, null, null]),
    )
  insert.finalize()
  const longContext = `r.lc_threshold IS NOT NULL
    AND q.input_tokens + q.cache_creation_tokens + q.cache_read_tokens > r.lc_threshold`
  db.exec(`CREATE TEMP VIEW requests AS
    SELECT q.*,
      strftime('%Y-%m-%dT%H:%M:%fZ', q.ts / 1000.0, 'unixepoch') AS time_utc,
      CASE WHEN q.cost_usd IS NOT NULL THEN q.cost_usd
           WHEN r.model IS NULL THEN NULL
           WHEN ${longContext} THEN ${costSql('lc_')}
           ELSE ${costSql('')} END AS cost,
      CASE WHEN q.cost_usd IS NOT NULL THEN 'claude-code'
           WHEN r.model IS NULL THEN 'unpriced'
           ELSE 'computed' END AS cost_source
    FROM main.api_requests q
    LEFT JOIN temp.model_rates r ON r.model = q.model AND q.ts >= r.from_ts AND q.ts < r.to_ts`)
}
