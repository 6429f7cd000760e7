// Runs `report limits` against a store: the plan-limit readings of the last weeks and the usage since
// the first of them, folded by rate-limit-report.ts. The CLI and the Limits page both load it here.

import type { Store } from '../store/store.ts'
import type { CostModel } from './cost-model.ts'
import { buildLimitsReport, type LimitsReport } from './rate-limit-report.ts'

/** Readings and usage older than this say little about today's limits. */
export const LIMITS_HISTORY_DAYS = 35

export async function loadLimitsReport(store: Store, costs: CostModel, now: number): Promise<LimitsReport> {
  const observations = await store.listRateLimits({ since: now - LIMITS_HISTORY_DAYS * 86_400_000 })
  const first = observations.reduce((a, o) => Math.min(a, o.firstObservedAt), now)
  const events = observations.length ? await store.listUsageEvents({ since: first }, costs.split) : []
  return buildLimitsReport(observations, events, costs, now)
}
