// The rates behind the explorer's `requests` view, whichever store runs it. Neither SQL dialect can
// call the TypeScript pricing, so each store puts these rows where its view can join them: SQLite in a
// TEMP table of the explorer's connection, ClickHouse in a `model_rates` table.

import { findPricedModel, type PriceTable, type TokenRates } from '../model/price-table.ts'

export interface RateRow {
  model: string
  fromTs: number
  toTs: number
  rates: TokenRates
  longContext: (TokenRates & { thresholdTokens: number }) | null
}

/** Past any real timestamp in ms, either way: the open ends of the first and last price periods. */
const NEVER = 8.64e15

/** Pure: one row per model and price period, covering [fromTs, toTs); unknown models have none. */
export function rateRows(models: readonly string[], table: PriceTable): RateRow[] {
  return models.flatMap((model) => {
    const entry = findPricedModel(table, model)
    if (entry === undefined) return []
    const starts = entry.periods.map((p) =>
      p.from === undefined ? -NEVER : Date.parse(`${p.from}T00:00:00Z`),
    )
    return entry.periods.map((p, i) => ({
      model,
      fromTs: starts[i] ?? -NEVER,
      toTs: starts[i + 1] ?? NEVER,
      rates: p.price,
      longContext: p.price.longContext ?? null,
    }))
  })
}

/** The five rates in the order both views name them (`input, output, cache_write_5m, cache_write_1h, cache_read`). */
export const rateColumns = ['input', 'output', 'cache_write_5m', 'cache_write_1h', 'cache_read'] as const
export const rateValues = (r: TokenRates): number[] => [
  r.input,
  r.output,
  r.cacheWrite5m,
  r.cacheWrite1h,
  r.cacheRead,
]
