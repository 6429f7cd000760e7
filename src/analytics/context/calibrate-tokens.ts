// Pure: turns content sizes (characters) into tokens for one session. The transcript records the real
// size of every request, so the characters-per-token ratio is measured from how much the context grew
// in tokens while it grew by a known number of characters; the system prompt and tool definitions,
// which the transcript does not show, are what the first request held beyond its visible content.

import type { Calibration } from './context-types.ts'
import type { RequestSample, SessionScan } from './scan-session.ts'

/** A common figure for Claude's tokenizer on English and code; used when the session cannot tell. */
export const DEFAULT_CHARS_PER_TOKEN = 3.5
const MIN_CHARS_PER_TOKEN = 1.5
const MAX_CHARS_PER_TOKEN = 8
/** Growth smaller than this is too noisy to measure a ratio from. */
const MIN_GROWTH_TOKENS = 1_000

export const SYSTEM_KEY = 'system-and-tools'

/** Exact token counts from the token-counting endpoint, keyed by block key (`line:index`) or SYSTEM_KEY. */
export type ExactCounts = ReadonlyMap<string, number>

export function contextTokens(r: RequestSample): number {
  return r.inputTokens + r.cacheReadTokens + r.cacheCreationTokens
}

const plausible = (ratio: number) =>
  Number.isFinite(ratio) && ratio >= MIN_CHARS_PER_TOKEN && ratio <= MAX_CHARS_PER_TOKEN

export function calibrate(scan: SessionScan, exact?: ExactCounts): Calibration {
  const first = scan.requests[0]
  const exactRatio = exact === undefined ? null : ratioFromExact(scan, exact)
  let charsPerToken = DEFAULT_CHARS_PER_TOKEN
  let source: Calibration['source'] = 'default'
  // In a cleaned copy the recorded request sizes still include what was removed: growth would mislead.
  const growth = scan.cleanedBlocks > 0 ? null : ratioFromGrowth(scan.requests)
  if (exactRatio !== null) {
    charsPerToken = exactRatio
    source = 'count-tokens'
  } else if (growth !== null) {
    charsPerToken = growth
    source = 'growth'
  } else if (first !== undefined && scan.shapeChars > 0) {
    const ratio = (scan.shapeChars + first.chars) / Math.max(1, contextTokens(first))
    if (plausible(ratio)) {
      charsPerToken = ratio
      source = 'first-request'
    }
  }

  const exactSystem = exact?.get(SYSTEM_KEY)
  if (exactSystem !== undefined)
    return { charsPerToken, source, systemTokens: exactSystem, systemSource: 'count-tokens' }
  if (first !== undefined) {
    const systemTokens = Math.max(0, Math.round(contextTokens(first) - first.chars / charsPerToken))
    return { charsPerToken, source, systemTokens, systemSource: 'first-request' }
  }
  if (scan.shapeChars > 0) {
    const systemTokens = Math.round(scan.shapeChars / charsPerToken)
    return { charsPerToken, source, systemTokens, systemSource: 'request-shape' }
  }
  return { charsPerToken, source, systemTokens: 0, systemSource: 'none' }
}

// Between the first and last request since the last compaction, the context grew by known characters
// and by reported tokens: their ratio is this session's characters per token.
function ratioFromGrowth(requests: readonly RequestSample[]): number | null {
  const last = requests.at(-1)
  if (last === undefined) return null
  const first = requests.find((r) => r.era === last.era)
  if (first === undefined || first === last) return null
  const tokens = contextTokens(last) - contextTokens(first)
  const chars = last.chars - first.chars
  if (tokens < MIN_GROWTH_TOKENS || chars <= 0) return null
  const ratio = chars / tokens
  return plausible(ratio) ? ratio : null
}

function ratioFromExact(scan: SessionScan, exact: ExactCounts): number | null {
  let chars = 0
  let tokens = 0
  for (const b of scan.blocks) {
    const t = exact.get(b.key)
    if (t === undefined || t <= 0) continue
    chars += b.chars
    tokens += t
  }
  if (tokens === 0) return null
  const ratio = chars / tokens
  return plausible(ratio) ? ratio : null
}
