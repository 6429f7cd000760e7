// The CostModel reports use: the bundled price table, with model lookups cached (ids repeat a lot).

import {
  bundledPriceTable,
  findPricedModel,
  type PricedModel,
  type PriceTable,
  priceAt,
} from '../../model/price-table.ts'
import type { CostModel, PricedTokens } from '../cost-model.ts'
import { costAtTier } from './calculate-cost.ts'

export function costModelFrom(table: PriceTable): CostModel {
  const thresholds = new Set<number>()
  const changes = new Set<number>()
  for (const model of table.models) {
    for (const period of model.periods) {
      if (period.price.longContext) thresholds.add(period.price.longContext.thresholdTokens)
      if (period.from) changes.add(Date.parse(`${period.from}T00:00:00Z`))
    }
  }
  // Every Claude model with a long-context tier switches at 200k; one split flag serves them all.
  if (thresholds.size > 1)
    throw new Error(`Price table has several long-context thresholds: ${[...thresholds]}`)
  const models = new Map<string, PricedModel | undefined>()
  const lookup = (model: string) => {
    if (!models.has(model)) models.set(model, findPricedModel(table, model))
    return models.get(model)
  }
  return {
    split: {
      longContextThreshold: [...thresholds][0] ?? 200_000,
      priceChanges: [...changes].sort((a, b) => a - b),
    },
    cost(model: string, tokens: PricedTokens, longContext: boolean, at: number) {
      const entry = lookup(model)
      if (!entry) return undefined
      const { cacheCreation1hTokens } = tokens
      return costAtTier(
        {
          ...tokens,
          cacheCreation1hTokens,
          cacheCreation5mTokens: tokens.cacheCreationTokens - cacheCreation1hTokens,
        },
        priceAt(entry, at),
        longContext,
      )
    },
  }
}

let bundled: CostModel | undefined

export function defaultCostModel(): CostModel {
  bundled ??= costModelFrom(bundledPriceTable())
  return bundled
}
