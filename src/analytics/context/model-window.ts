// Context window sizes by model. Every Claude model has a 200k window; some also have a 1M variant that
// Claude Code selects with a `[1m]` model suffix (sent as the `context-1m-…` beta). The transcript does not
// always say which one ran, so a request larger than the standard window also proves the long variant.

import { normalizeModelId } from '../../model/price-table.ts'
import type { ContextWindow } from './context-types.ts'

const STANDARD_TOKENS = 200_000
const LONG_CONTEXT_TOKENS = 1_000_000

// Families Anthropic offers with a 1M window; later generations (5.x) are assumed to keep it.
const longContextFamilies = [
  /^claude-sonnet-4(?:-[056])?(?:-|$)/,
  /^claude-opus-4-[6-9](?:-|$)/,
  /^claude-(?:opus|sonnet|fable)-5(?:-|$)/,
] as const

function supportsLongContext(model: string): boolean {
  const id = normalizeModelId(model)
  return longContextFamilies.some((re) => re.test(id))
}

export interface WindowEvidence {
  model: string | null
  /** Beta flags from Claude Code's request log (`api-request` records), when present. */
  betas: readonly string[]
  peakContextTokens: number
}

export function contextWindow(evidence: WindowEvidence): ContextWindow {
  const model = evidence.model ?? ''
  const reason = model.toLowerCase().endsWith('[1m]')
    ? 'model-suffix'
    : evidence.betas.some((b) => b.startsWith('context-1m'))
      ? 'beta'
      : evidence.peakContextTokens > STANDARD_TOKENS
        ? 'observed'
        : null
  const longContext = reason !== null
  return {
    tokens: longContext ? LONG_CONTEXT_TOKENS : STANDARD_TOKENS,
    standardTokens: STANDARD_TOKENS,
    longContextTokens: longContext || supportsLongContext(model) ? LONG_CONTEXT_TOKENS : null,
    longContext,
    reason,
  }
}
