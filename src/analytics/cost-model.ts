// What reports need from pricing: a cost for summed tokens of one model, or undefined if unpriced.

import type { TokenCounts } from '../model/records.ts'
import type { PricingSplit } from '../store/usage-types.ts'

export interface PricedTokens extends TokenCounts {
  cacheCreation1hTokens: number
}

export interface CostModel {
  /** How usage must be split before summing so that pricing the sums is exact. */
  split: PricingSplit
  /**
   * Cost in USD of tokens that all fall in one tier and one price period (`at` is any instant in it),
   * or undefined when the model has no known price.
   */
  cost(model: string, tokens: PricedTokens, longContext: boolean, at: number): number | undefined
}
