// Pure: a 0-100 health score for a session's context, built from four parts that are shown beside it so
// the number can be argued with. Each part is 100 when fine and 0 when it is the reason to act now.

import type { Finding, FindingKind, Health, HealthParts } from './context-types.ts'

export const healthWeights = {
  utilization: 0.35,
  redundancy: 0.25,
  staleness: 0.2,
  growth: 0.2,
} as const satisfies HealthParts

const redundantKinds: readonly FindingKind[] = ['repeated-read', 'duplicate-output']
const staleKinds: readonly FindingKind[] = ['stale-read', 'resolved-error', 'unused-output']

/** Below this share of the window nothing degrades; at the upper bound answers are visibly worse. */
const UTILIZATION_FINE = 0.3
const UTILIZATION_BAD = 0.9
/** Half the content being redundant (or stale) is as bad as it gets. */
const SHARE_BAD = 0.5
/** Fifty more requests at the current pace before the window is full counts as healthy. */
const REQUESTS_FINE = 50

export interface HealthInput {
  utilization: number
  /** Tokens of conversation content (everything but the system prompt and tools). */
  contentTokens: number
  findings: readonly Finding[]
  requestsUntilFull: number | null
}

export function healthScore(input: HealthInput): Health {
  const sum = (kinds: readonly FindingKind[]) =>
    input.findings.filter((f) => kinds.includes(f.kind)).reduce((n, f) => n + f.tokens, 0)
  const content = Math.max(1, input.contentTokens)
  const parts: HealthParts = {
    utilization: linear(input.utilization, UTILIZATION_FINE, UTILIZATION_BAD),
    redundancy: linear(sum(redundantKinds) / content, 0, SHARE_BAD),
    staleness: linear(sum(staleKinds) / content, 0, SHARE_BAD),
    growth:
      input.requestsUntilFull === null
        ? 100
        : Math.round(100 * Math.min(1, Math.max(0, input.requestsUntilFull) / REQUESTS_FINE)),
  }
  const score =
    parts.utilization * healthWeights.utilization +
    parts.redundancy * healthWeights.redundancy +
    parts.staleness * healthWeights.staleness +
    parts.growth * healthWeights.growth
  return { score: Math.round(score), parts, weights: { ...healthWeights } }
}

/** 100 at or below `fine`, 0 at or above `bad`, straight line between. */
function linear(value: number, fine: number, bad: number): number {
  if (value <= fine) return 100
  if (value >= bad) return 0
  return Math.round((100 * (bad - value)) / (bad - fine))
}
