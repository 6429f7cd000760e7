// Pure: what cleaning a session with the defaults would remove and what that costs, for `context analyze` and
// the dashboard's Context view (the same plan `context clean` would make with no options).

import { bundledPriceTable, findModelPrice } from '../../model/price-table.ts'
import { type CleaningCost, cleaningCost } from './cleaning-cost.ts'
import type { ContextAnalysis } from './context-types.ts'
import { type CleaningStrategy, planCleaning } from './plan-cleaning.ts'

export interface CleaningPreview {
  strategy: CleaningStrategy
  keepTools: number | null
  protectedFromLine: number
  outputs: number
  charsSaved: number
  tokensSaved: number
  cost: CleaningCost
}

export function previewCleaning(analysis: ContextAnalysis, now: number): CleaningPreview {
  const plan = planCleaning({
    strategy: 'balanced',
    findings: analysis.findings,
    turnStarts: analysis.turnStarts,
    toolUses: analysis.toolUses,
  })
  return {
    strategy: plan.strategy,
    keepTools: plan.keepTools,
    protectedFromLine: plan.protectedFromLine,
    outputs: plan.actions.length,
    charsSaved: plan.charsSaved,
    tokensSaved: plan.tokensSaved,
    cost: costOfCleaning(analysis, plan.tokensSaved, now),
  }
}

/** The cache economics of removing `tokensRemoved` from this session's context at `now`. */
export function costOfCleaning(analysis: ContextAnalysis, tokensRemoved: number, now: number): CleaningCost {
  const lastRequestAt = analysis.cache.lastRequestAt
  return cleaningCost({
    model: analysis.model,
    price: analysis.model === null ? undefined : findModelPrice(bundledPriceTable(), analysis.model, now),
    contextTokensBefore: analysis.current.contextTokens,
    tokensRemoved,
    windowTokens: analysis.window.tokens,
    ttl: analysis.cache.ttl,
    ttlSource: analysis.cache.ttlSource,
    idleMs: lastRequestAt === null ? null : Math.max(0, now - lastRequestAt),
  })
}
