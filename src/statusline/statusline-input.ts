// Pure: the JSON document Claude Code pipes to a statusLine command, read field by field. Any field
// may be missing, null or of another type in a later version; what cannot be read is left out, never
// an error. Unknown fields are ignored.

import { isRateLimitWindow, type RateLimitWindow } from '../model/rate-limits.ts'

export interface ContextUsage {
  inputTokens: number
  outputTokens: number
  cacheCreationTokens: number
  cacheReadTokens: number
}

export interface LimitReading {
  window: RateLimitWindow
  usedPercentage: number
  /** Epoch ms; null when not given. */
  resetsAt: number | null
  usedUsd: number | null
  limitUsd: number | null
  period: string | null
}

export interface PromptCacheState {
  warm: boolean | null
  /** Epoch ms. */
  expiresAt: number | null
  hitRatio: number | null
}

export interface StatusInput {
  sessionId: string | null
  transcriptPath: string | null
  cwd: string | null
  modelId: string | null
  modelName: string | null
  /** Claude Code's own figure for the session. */
  costUsd: number | null
  contextWindowSize: number | null
  currentUsage: ContextUsage | null
  contextUsedPercentage: number | null
  limits: LimitReading[]
  promptCache: PromptCacheState | null
}

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const nonNegative = (v: unknown): number | null => {
  const n = num(v)
  return n !== null && n >= 0 ? n : null
}
const percent = (v: unknown): number | null => {
  const n = num(v)
  return n === null ? null : Math.min(Math.max(n, 0), 1000)
}

/** null when the text is not a JSON object: the caller prints its fallback line. */
export function parseStatusInput(text: string): StatusInput | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (!isObject(value)) return null
  const model = isObject(value.model) ? value.model : {}
  const workspace = isObject(value.workspace) ? value.workspace : {}
  const cost = isObject(value.cost) ? value.cost : {}
  const context = isObject(value.context_window) ? value.context_window : {}
  return {
    sessionId: str(value.session_id),
    transcriptPath: str(value.transcript_path),
    cwd: str(value.cwd) ?? str(workspace.current_dir),
    modelId: str(model.id),
    modelName: str(model.display_name),
    costUsd: nonNegative(cost.total_cost_usd),
    contextWindowSize: positive(context.context_window_size),
    currentUsage: usage(context.current_usage),
    contextUsedPercentage: percent(context.used_percentage),
    limits: limits(value.rate_limits),
    promptCache: promptCache(value.prompt_cache),
  }
}

function positive(v: unknown): number | null {
  const n = num(v)
  return n !== null && n > 0 ? n : null
}

function usage(v: unknown): ContextUsage | null {
  if (!isObject(v)) return null
  const inputTokens = nonNegative(v.input_tokens)
  if (inputTokens === null) return null
  return {
    inputTokens,
    outputTokens: nonNegative(v.output_tokens) ?? 0,
    cacheCreationTokens: nonNegative(v.cache_creation_input_tokens) ?? 0,
    cacheReadTokens: nonNegative(v.cache_read_input_tokens) ?? 0,
  }
}

function limits(v: unknown): LimitReading[] {
  if (!isObject(v)) return []
  const out: LimitReading[] = []
  for (const [window, reading] of Object.entries(v)) {
    if (!isRateLimitWindow(window) || !isObject(reading)) continue
    const usedPercentage = percent(reading.used_percentage)
    if (usedPercentage === null) continue
    out.push({
      window,
      usedPercentage,
      resetsAt: instant(reading.resets_at),
      usedUsd: nonNegative(reading.used_usd),
      limitUsd: nonNegative(reading.limit_usd),
      period: str(reading.period),
    })
  }
  return out
}

function promptCache(v: unknown): PromptCacheState | null {
  if (!isObject(v)) return null
  const ratio = num(v.hit_ratio)
  return {
    warm: typeof v.warm === 'boolean' ? v.warm : null,
    expiresAt: instant(v.expires_at),
    hitRatio: ratio !== null && ratio >= 0 && ratio <= 1 ? ratio : null,
  }
}

/**
 * Epoch seconds (as `resets_at` is documented), epoch ms, or an ISO 8601 string, to epoch ms. Numbers
 * below 10^11 are seconds: as milliseconds they would fall in 1973.
 */
export function instant(v: unknown): number | null {
  if (typeof v === 'string') {
    const ms = Date.parse(v)
    return Number.isFinite(ms) ? ms : null
  }
  const n = num(v)
  if (n === null || n <= 0) return null
  return n < 1e11 ? Math.round(n * 1000) : Math.round(n)
}
