// Pure: what a cleaning costs in prompt-cache terms. A cleaned copy is a new prompt prefix, so its first
// resumed request writes the whole remaining context to the cache (1.25x the input price for the
// 5-minute TTL, 2x for 1 hour) where continuing the original would have read it (0.1x). Every later
// request then reads fewer tokens. The break-even is the number of later requests after which the
// cleaned copy has cost less. When the cache has already expired, both would rewrite it: cleaning pays
// from the first request.

import type { ModelPrice, TokenRates } from '../../model/price-table.ts'

export const cacheTtls = ['5m', '1h'] as const
export type CacheTtl = (typeof cacheTtls)[number]

export const ttlMs = { '5m': 5 * 60_000, '1h': 60 * 60_000 } as const satisfies Record<CacheTtl, number>

/** @default 20: requests within which a cleaning must pay back to be recommended on cost alone. */
export const DEFAULT_HORIZON_REQUESTS = 20
/** From this share of the window on, cleaning is worth it to put off compaction, whatever the cache. */
export const NEAR_LIMIT_UTILIZATION = 0.8

export const cleaningVerdicts = [
  'pays',
  'near-limit',
  'does-not-pay',
  'nothing-to-clean',
  'unpriced',
] as const
export type CleaningVerdict = (typeof cleaningVerdicts)[number]

export interface CleaningCostInput {
  model: string | null
  /** The model's price; undefined when unknown (then nothing is priced, and the verdict says so). */
  price: ModelPrice | undefined
  contextTokensBefore: number
  tokensRemoved: number
  windowTokens: number
  ttl: CacheTtl
  ttlSource: 'transcript' | 'default'
  /** Time since the session's last request, or null when unknown (the cache is then taken as warm). */
  idleMs: number | null
  horizonRequests?: number
}

export interface CleaningCost {
  model: string | null
  priced: boolean
  ttl: CacheTtl
  ttlSource: 'transcript' | 'default'
  tokensRemoved: number
  contextTokensBefore: number
  contextTokensAfter: number
  /** Whether the original's cache is still alive; null when the session's last request time is unknown. */
  cacheWarm: boolean | null
  /** USD of the first resumed request's prompt, continuing the original or the cleaned copy. */
  firstRequestOriginal: number | null
  firstRequestCleaned: number | null
  /** Extra USD the cleaned copy's first request costs (negative when it is cheaper already). */
  rebuildCost: number | null
  /** USD each later request saves. */
  savingPerRequest: number | null
  /** Later requests until the cleaning has paid for itself; 0 = at once, null = never. */
  breakEvenRequests: number | null
  horizonRequests: number
  /** The context is near the window, where auto-compaction would replace it with a summary. */
  nearLimit: boolean
  verdict: CleaningVerdict
  advice: string
}

const perToken = (usdPerMillion: number) => usdPerMillion / 1_000_000

// A request over the long-context threshold is billed wholly at the long-context rates.
function ratesFor(price: ModelPrice, promptTokens: number): TokenRates {
  const lc = price.longContext
  return lc !== undefined && promptTokens > lc.thresholdTokens ? lc : price
}

export function cleaningCost(input: CleaningCostInput): CleaningCost {
  const horizon = input.horizonRequests ?? DEFAULT_HORIZON_REQUESTS
  const before = Math.max(0, input.contextTokensBefore)
  const removed = Math.min(before, Math.max(0, input.tokensRemoved))
  const after = before - removed
  const cacheWarm = input.idleMs === null ? null : input.idleMs < ttlMs[input.ttl]
  const nearLimit = input.windowTokens > 0 && before / input.windowTokens >= NEAR_LIMIT_UTILIZATION
  const base = {
    model: input.model,
    priced: input.price !== undefined,
    ttl: input.ttl,
    ttlSource: input.ttlSource,
    tokensRemoved: removed,
    contextTokensBefore: before,
    contextTokensAfter: after,
    cacheWarm,
    horizonRequests: horizon,
    nearLimit,
  }
  const none = {
    firstRequestOriginal: null,
    firstRequestCleaned: null,
    rebuildCost: null,
    savingPerRequest: null,
    breakEvenRequests: null,
  }
  if (removed === 0) return { ...base, ...none, verdict: 'nothing-to-clean', advice: 'Nothing to clean.' }
  if (input.price === undefined)
    return {
      ...base,
      ...none,
      verdict: 'unpriced',
      advice: `No known price for ${input.model ?? 'this model'}: the cache cost of cleaning cannot be judged.`,
    }
  const original = ratesFor(input.price, before)
  const cleaned = ratesFor(input.price, after)
  const write = (r: TokenRates) => perToken(input.ttl === '1h' ? r.cacheWrite1h : r.cacheWrite5m)
  // A warm cache is read; a cold one is written again, by the original as much as by the copy.
  const firstRequestOriginal = before * (cacheWarm === false ? write(original) : perToken(original.cacheRead))
  const firstRequestCleaned = after * write(cleaned)
  const rebuildCost = firstRequestCleaned - firstRequestOriginal
  const savingPerRequest = before * perToken(original.cacheRead) - after * perToken(cleaned.cacheRead)
  const breakEvenRequests =
    rebuildCost <= 0 ? 0 : savingPerRequest > 0 ? Math.ceil(rebuildCost / savingPerRequest) : null
  const pays = breakEvenRequests !== null && breakEvenRequests <= horizon
  const verdict: CleaningVerdict = pays ? 'pays' : nearLimit ? 'near-limit' : 'does-not-pay'
  const figures = {
    firstRequestOriginal,
    firstRequestCleaned,
    rebuildCost,
    savingPerRequest,
    breakEvenRequests,
  }
  return { ...base, ...figures, verdict, advice: advise({ ...base, ...figures, verdict }) }
}

const usd = (v: number) => `$${Math.abs(v) < 0.01 ? Math.abs(v).toFixed(4) : Math.abs(v).toFixed(2)}`
const tokens = (v: number) => Math.round(v).toLocaleString('en-US')

function advise(c: Omit<CleaningCost, 'advice'>): string {
  const save = `each later request reads ${tokens(c.tokensRemoved)} fewer tokens (saves ${usd(c.savingPerRequest ?? 0)})`
  const rebuild = `the first resumed request writes ${tokens(c.contextTokensAfter)} tokens to the prompt cache (${c.ttl} TTL), ${usd(c.rebuildCost ?? 0)} more than continuing the original`
  const n = c.breakEvenRequests
  switch (c.verdict) {
    case 'pays':
      if (n === 0)
        return c.cacheWarm === false
          ? `Clean: the original's prompt cache has expired (${c.ttl} TTL), so resuming either rewrites it; the copy is cheaper from the first request, and ${save}.`
          : `Clean: the cleaned copy is cheaper from the first request, and ${save}.`
      return `Clean: it pays after ${n} request${n === 1 ? '' : 's'}. ${capitalize(rebuild)}; then ${save}.`
    case 'near-limit':
      return `Clean to put off compaction: the context is near the window. On cost alone it ${n === null ? 'never pays back' : `pays back only after ${n} requests`} (${rebuild}).`
    case 'does-not-pay':
      return `Does not pay: ${rebuild}, and ${save}, so it takes ${n === null ? 'forever' : `${n} requests`} to break even (more than ${c.horizonRequests}). Continue the original instead.`
    case 'nothing-to-clean':
    case 'unpriced':
      return ''
    default:
      return c.verdict satisfies never
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** The TTL Claude Code's cache writes used, from the newest request that wrote any. */
export function detectCacheTtl(
  requests: readonly { cacheWrite5mTokens: number; cacheWrite1hTokens: number }[],
): { ttl: CacheTtl; source: 'transcript' | 'default' } {
  for (let i = requests.length - 1; i >= 0; i--) {
    const r = requests[i]!
    if (r.cacheWrite1hTokens > 0) return { ttl: '1h', source: 'transcript' }
    if (r.cacheWrite5mTokens > 0) return { ttl: '5m', source: 'transcript' }
  }
  return { ttl: '5m', source: 'default' }
}
