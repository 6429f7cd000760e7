// Pure cost arithmetic for one API request, following Anthropic's billing rules.

import {
  findPricedModel,
  type ModelPrice,
  type PriceTable,
  priceAt,
  type TokenRates,
} from '../../model/price-table.ts'

/** One request's token counts; ApiRequestRecord (src/model/records.ts) fits this shape as-is. */
export interface TokenUsage {
  /** Uncached input tokens. */
  inputTokens: number
  outputTokens: number
  /** All cache writes of the request, whatever their TTL. */
  cacheCreationTokens: number
  /** 5-minute / 1-hour split of `cacheCreationTokens`, when the source reports it. */
  cacheCreation5mTokens?: number | null
  cacheCreation1hTokens?: number | null
  cacheReadTokens: number
}

const tokensPerMillion = 1_000_000

/**
 * Cost in USD, unrounded. The long-context tier applies to the whole request when its total input
 * (uncached + cache writes + cache reads; output never counts) is strictly above the threshold.
 */
export function calculateCost(usage: TokenUsage, price: ModelPrice): number {
  const requestInput = usage.inputTokens + usage.cacheCreationTokens + usage.cacheReadTokens
  const longContext = price.longContext !== undefined && requestInput > price.longContext.thresholdTokens
  return costAtTier(usage, price, longContext)
}

/**
 * Cost of token sums whose requests were all in one tier: reports price per-group sums, where the
 * tier was decided per request before summing (the sum itself says nothing about any one request).
 */
export function costAtTier(usage: TokenUsage, price: ModelPrice, longContext: boolean): number {
  const rates: TokenRates = longContext && price.longContext !== undefined ? price.longContext : price
  const { fiveMinute, oneHour } = cacheWriteSplit(usage)
  // Sum rate x tokens first and divide once: rates are exact-ish decimals per million, so this keeps
  // integer-valued intermediate products where possible instead of multiplying by 3e-6 and friends.
  const micro =
    usage.inputTokens * rates.input +
    usage.outputTokens * rates.output +
    fiveMinute * rates.cacheWrite5m +
    oneHour * rates.cacheWrite1h +
    usage.cacheReadTokens * rates.cacheRead
  return micro / tokensPerMillion
}

// The split is trusted only when it accounts for every cache write (the same rule ingest applies);
// otherwise all writes are 5-minute ones, the API default and what Claude Code used before 1-hour TTLs.
function cacheWriteSplit(usage: TokenUsage): { fiveMinute: number; oneHour: number } {
  const { cacheCreation5mTokens: m5, cacheCreation1hTokens: h1, cacheCreationTokens: total } = usage
  if (m5 != null && h1 != null && m5 + h1 === total) return { fiveMinute: m5, oneHour: h1 }
  return { fiveMinute: total, oneHour: 0 }
}

/**
 * Unpriced requests carry no `cost` at all, so summing costs forces a check of `priced` first: an unknown
 * model must surface as unpriced, never be folded into totals as $0.
 */
export type RequestCost =
  | { priced: true; cost: number /** Canonical table id the model resolved to. */; pricedAs: string }
  | { priced: false }

/** Resolves `model` in `table` and prices `usage` at the rates in force at `at` (the request's time). */
export function costForRequest(
  table: PriceTable,
  model: string,
  usage: TokenUsage,
  at: Date | number = Date.now(),
): RequestCost {
  const entry = findPricedModel(table, model)
  if (entry === undefined) return { priced: false }
  return { priced: true, cost: calculateCost(usage, priceAt(entry, at)), pricedAs: entry.id }
}
