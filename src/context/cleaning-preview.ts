// What cleaning a session with the defaults would remove and what that costs, for `context analyze` and
// the dashboard's Context view (the same plan `context clean` would make with no options).

import type { CleaningCost } from '../analytics/context/cleaning-cost.ts'
import type { ContextAnalysis } from '../analytics/context/context-types.ts'
import { type CleaningStrategy, planCleaning } from '../analytics/context/plan-cleaning.ts'
import { costOfCleaning } from './clean-session.ts'

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
