// Pure: a context analysis or cleaning result as text for a terminal.

import type { CleaningCost } from '../analytics/context/cleaning-cost.ts'
import type { CleaningPreview } from '../analytics/context/cleaning-preview.ts'
import type { ContextAnalysis } from '../analytics/context/context-types.ts'
import { kindLabels } from '../analytics/context/kind-labels.ts'
import type { CleanResult } from '../sessions/clean-session.ts'

const n = (v: number) => Math.round(v).toLocaleString('en-US')
const pct = (v: number) => `${(v * 100).toFixed(1)}%`
const plural = (v: number, word: string) => `${n(v)} ${word}${v === 1 ? '' : 's'}`

const usd = (v: number) => `$${Math.abs(v) < 0.01 ? Math.abs(v).toFixed(4) : Math.abs(v).toFixed(2)}`

/** The cache economics in three lines: what goes, what the first request costs, when it pays. */
export function renderCost(c: CleaningCost): string[] {
  if (c.verdict === 'nothing-to-clean') return []
  const out = [
    `Tokens     ~${n(c.tokensRemoved)} removed: context ~${n(c.contextTokensBefore)} → ~${n(c.contextTokensAfter)}`,
  ]
  if (c.rebuildCost !== null && c.savingPerRequest !== null) {
    const ttl = `${c.ttl} TTL${c.ttlSource === 'default' ? ' assumed' : ''}`
    const first = c.rebuildCost >= 0 ? `${usd(c.rebuildCost)} more` : `${usd(c.rebuildCost)} less`
    const even =
      c.breakEvenRequests === null
        ? 'never breaks even'
        : c.breakEvenRequests === 0
          ? 'pays from the first request'
          : `breaks even after ${plural(c.breakEvenRequests, 'request')}`
    out.push(
      `Cache      first resumed request ${first} (${ttl}${c.cacheWarm === false ? ', cache expired' : ''}), then ${usd(c.savingPerRequest)} saved per request: ${even}`,
    )
  }
  out.push(`Verdict    ${c.advice}`)
  return out
}

function renderPreview(p: CleaningPreview): string[] {
  if (p.outputs === 0)
    return ['', 'Cleaning   nothing to clean with the defaults (balanced, newest 3 tool uses kept)']
  return [
    '',
    `Cleaning   ${plural(p.outputs, 'tool output')} with the defaults (${p.strategy}, newest ${p.keepTools ?? 0} tool uses kept from line ${p.protectedFromLine})`,
    ...renderCost(p.cost),
  ]
}

export function renderAnalysis(
  a: ContextAnalysis,
  transcriptPath: string,
  preview?: CleaningPreview,
): string {
  const out: string[] = []
  out.push(`Session ${a.sessionId ?? '?'}  ${a.model ?? 'unknown model'}`)
  out.push(`Transcript ${transcriptPath}`)
  const variant = a.window.longContext ? ', long-context variant' : ''
  out.push(
    `Context    ${n(a.current.contextTokens)} of ${n(a.window.tokens)} tokens (${pct(a.current.utilization)}${variant}), peak ${n(a.peak.contextTokens)} (${pct(a.peak.utilization)})`,
  )
  const until =
    a.growth.requestsUntilFull === null ? '' : `, full in ~${n(a.growth.requestsUntilFull)} requests`
  out.push(
    `Activity   ${plural(a.requests.length, 'request')}, ${plural(a.turns, 'turn')}, +${n(a.growth.tokensPerRequest)} tokens per request${until}`,
  )
  const boundaries = a.compactions.filter((c) => c.source === 'compact-boundary')
  if (boundaries.length > 0) {
    const list = boundaries
      .slice(-3)
      .map((c) =>
        `line ${c.line} ${c.trigger ?? ''} ${n(c.preTokens ?? 0)}→${n(c.postTokens ?? 0)}`.replace('  ', ' '),
      )
      .join('; ')
    out.push(`Compacted  ${boundaries.length}× (${boundaries.length > 3 ? 'last 3: ' : ''}${list})`)
  }
  const summaries = a.compactions.length - boundaries.length
  if (summaries > 0) out.push(`Summaries  ${summaries} summary record${summaries === 1 ? '' : 's'}`)
  if (a.subagents.length > 0)
    out.push(
      `Sub-agents ${a.subagents.map((s) => `${s.agentId} (${s.requests} requests, peak ${n(s.peakContextTokens)})`).join(', ')}`,
    )
  const p = a.health.parts
  out.push(
    `Health     ${a.health.score}/100  (utilization ${p.utilization}, redundancy ${p.redundancy}, staleness ${p.staleness}, growth ${p.growth})`,
  )
  out.push(
    '',
    `What fills it (tokens, ${a.calibration.source} calibration at ${a.calibration.charsPerToken} chars/token)`,
  )
  for (const part of a.composition) {
    if (part.tokens === 0) continue
    out.push(
      `  ${kindLabels[part.kind].padEnd(28)}${n(part.tokens).padStart(10)}  ${pct(part.share).padStart(6)}`,
    )
    for (const t of part.byTool.slice(0, 8))
      out.push(`    ${t.tool.padEnd(26)}${n(t.tokens).padStart(10)}  ×${t.items}`)
  }
  const findingTokens = a.findings.reduce((s, f) => s + f.tokens, 0)
  out.push('', `Findings (${a.findings.length}, ${n(findingTokens)} tokens)`)
  if (a.findings.length === 0) out.push('  none')
  for (const f of a.findings.slice(0, 30))
    out.push(
      `  line ${String(f.location.line).padEnd(6)} ${f.kind.padEnd(17)}${n(f.tokens).padStart(8)}  ${f.description}`,
    )
  if (a.findings.length > 30) out.push(`  … ${a.findings.length - 30} more (see --json)`)
  if (preview !== undefined) out.push(...renderPreview(preview))
  out.push('', 'Recommendations')
  if (a.recommendations.length === 0) out.push('  none: this context is in good shape')
  a.recommendations.forEach((r, i) => {
    out.push(`  ${i + 1}. ${r.title} (saves ~${n(r.tokensSaved)} tokens)`)
    if (r.command !== null) out.push(`     ${r.command}`)
  })
  return out.join('\n')
}

export function renderClean(r: CleanResult): string {
  const out: string[] = []
  out.push(
    `${r.dryRun ? 'Would clean' : 'Cleaned'} ${r.sessionId} with the ${r.strategy} strategy; ${kept(r)} (from line ${r.protectedFromLine}) ${r.protectedFromLine === 1 ? 'is everything: nothing is older' : 'are kept as they are'}`,
  )
  if (r.excludeTools.length > 0) out.push(`Never cleared: ${r.excludeTools.join(', ')}`)
  for (const a of r.actions)
    out.push(
      `  line ${String(a.line).padEnd(6)} ${a.kind.padEnd(17)}${n(a.tokensSaved).padStart(8)}  ${a.mode === 'trim' ? 'trim' : 'remove'} ${a.tool ?? ''} ${a.target ?? ''}`.trimEnd(),
    )
  if (r.belowClearAtLeast !== null) {
    out.push(
      `Would remove only ~${n(r.belowClearAtLeast.tokens)} tokens, less than --clear-at-least ${n(r.clearAtLeast)}; no new session was written.`,
    )
    return out.join('\n')
  }
  if (r.actions.length === 0) {
    out.push('Nothing to clean with this strategy; no new session was written.')
    return out.join('\n')
  }
  out.push(...renderCost(r.cost))
  if (r.dryRun) out.push('Dry run: nothing was written.')
  else out.push(`New session ${r.newSessionId} in ${r.newPath}`, `${r.resumeCommand}`)
  return out.join('\n')
}

function kept(r: CleanResult): string {
  const parts: string[] = []
  if (r.keepTools !== null) parts.push(`the newest ${plural(r.keepTools, 'tool use')}`)
  if (r.keepTurns !== null) parts.push(`the last ${plural(r.keepTurns, 'turn')}`)
  return parts.join(' and ')
}
