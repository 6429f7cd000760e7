/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
// The context health score beside the four parts it is built from, each with its weight and the fact
// behind it, so the number can be checked.

import type { ContextAnalysis, HealthParts } from '../../src/analytics/context/context-types.ts'
import { formatInteger, formatPercent, formatTokens } from '../format.ts'

const partLabels = {
  utilization: 'Utilization',
  redundancy: 'Redundancy',
  staleness: 'Staleness',
  growth: 'Growth',
} as const satisfies Record<keyof HealthParts, string>

const partKeys = Object.keys(partLabels) as (keyof HealthParts)[]

function healthClass(score: number): string {
  return score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor'
}

function partDetail(part: keyof HealthParts, a: ContextAnalysis): string {
  const tokens = (kinds: readonly string[]) =>
    a.findings.filter((f) => kinds.includes(f.kind)).reduce((n, f) => n + f.tokens, 0)
  switch (part) {
    case 'utilization':
      return `${formatPercent(a.current.utilization)} of the ${formatTokens(a.window.tokens)} window in use`
    case 'redundancy':
      return `${formatTokens(tokens(['repeated-read', 'duplicate-output']))} tokens of repeated reads and duplicate outputs`
    case 'staleness':
      return `${formatTokens(tokens(['stale-read', 'resolved-error', 'unused-output']))} tokens of stale reads, fixed errors and unused outputs`
    case 'growth':
      return a.growth.requestsUntilFull === null
        ? 'not growing'
        : `+${formatInteger(a.growth.tokensPerRequest)} tokens per request: full in ~${formatInteger(a.growth.requestsUntilFull)} requests`
    default:
      return part satisfies never
  }
}

export function ContextHealth({ analysis }: { analysis: ContextAnalysis }) {
  const { health } = analysis
  return (
    <section class="card context-health" aria-labelledby="health-title">
      <h2 id="health-title">Context health</h2>
      <div class="health-body">
        <p class={`health-score ${healthClass(health.score)}`}>
          <span id="health-score" safe>
            {String(health.score)}
          </span>
          <span class="health-of">/100</span>
        </p>
        <table class="data health-parts">
          <thead>
            <tr>
              <th scope="col">Part</th>
              <th scope="col" class="num">
                Score
              </th>
              <th scope="col" class="num">
                Weight
              </th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {partKeys.map((part) => (
              <tr>
                <th scope="row">
                  {partLabels[part]}
                  <meter min={0} max={100} low={50} high={80} optimum={100} value={health.parts[part]} />
                </th>
                <td class="num" id={`health-${part}`} safe>
                  {String(health.parts[part])}
                </td>
                <td class="num" safe>
                  {formatPercent(health.weights[part])}
                </td>
                <td class="muted" safe>
                  {partDetail(part, analysis)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
