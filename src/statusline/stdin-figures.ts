// Pure: the figures stdin alone gives (what prints when the time budget runs out), and the line's
// figures once a full run's (or the cache's) are added. Loads nothing: the cheap path imports it.

import type { CachedFigures } from './line-cache.ts'
import type { StatusFigures } from './render-statusline.ts'
import type { StatusInput } from './statusline-input.ts'

/** What Claude Code shows when the input could not be read at all. */
export const FALLBACK_LINE = 'context-cleaner: no status data'

export function figuresFromInput(input: StatusInput): StatusFigures {
  const usage = input.currentUsage
  const tokens = usage ? usage.inputTokens + usage.cacheCreationTokens + usage.cacheReadTokens : null
  const computed =
    tokens !== null && input.contextWindowSize ? (tokens / input.contextWindowSize) * 100 : null
  return {
    model: input.modelName ?? input.modelId,
    sessionCostClaude: input.costUsd,
    sessionCostOurs: null,
    todayCost: null,
    block: null,
    contextPercent: input.contextUsedPercentage ?? computed,
    limits: input.limits.map((l) => ({
      window: l.window,
      usedPercentage: l.usedPercentage,
      resetsAt: l.resetsAt,
    })),
    cacheExpiresAt: input.promptCache?.expiresAt ?? null,
    cleaning: null,
  }
}

/** Stdin's figures with a full run's added; stdin's context figure wins over the transcript's. */
export function withCachedFigures(input: StatusInput, cached: CachedFigures): StatusFigures {
  const figures = figuresFromInput(input)
  figures.sessionCostOurs = cached.sessionCostOurs
  figures.todayCost = cached.todayCost
  figures.block = cached.block
  figures.cleaning = cached.cleaning
  if (figures.contextPercent === null && cached.sessionContext) {
    const window = input.contextWindowSize ?? cached.sessionContext.window
    figures.contextPercent = (cached.sessionContext.tokens / window) * 100
  }
  return figures
}
