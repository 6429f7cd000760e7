// What Claude Code looked like on a given day: its version and the models people ran. The window is
// six months from 2025-08-01, so model launches (Opus 4.1, Sonnet 4.5, Haiku 4.5, Opus 4.5) and the
// 1.0 -> 2.0 -> 2.1 versions show up in the history the way they did in real ones.

import type { Random } from './random.ts'

export const WINDOW_START = Date.UTC(2025, 7, 1)
export const WINDOW_DAYS = 183
const DAY_MS = 86_400_000

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`)
const OPUS_4_1 = day('2025-08-05')
const SONNET_4_5 = day('2025-09-29')
const HAIKU_4_5 = day('2025-10-15')
const OPUS_4_5 = day('2025-11-24')
const CLAUDE_CODE_2_1 = day('2026-01-07')

export const models = {
  sonnet4: 'claude-sonnet-4-20250514',
  opus41: 'claude-opus-4-1-20250805',
  sonnet45: 'claude-sonnet-4-5-20250929',
  haiku45: 'claude-haiku-4-5-20251001',
  opus45: 'claude-opus-4-5-20251101',
} as const

export function claudeCodeVersion(at: number): string {
  if (at < SONNET_4_5) return `1.0.${70 + Math.floor((at - WINDOW_START) / DAY_MS)}`
  if (at < CLAUDE_CODE_2_1) return `2.0.${Math.floor((at - SONNET_4_5) / (2 * DAY_MS))}`
  return `2.1.${Math.floor((at - CLAUDE_CODE_2_1) / (2 * DAY_MS))}`
}

/** Claude Code 2.1 relays sub-agent turns into the parent transcript as `progress` lines. */
export function relaysProgress(at: number): boolean {
  return at >= CLAUDE_CODE_2_1
}

/** Usage lines of early 1.0 versions had no `cache_creation` split. */
export function hasCacheSplit(at: number): boolean {
  return at >= WINDOW_START + 10 * DAY_MS
}

/** A main-conversation model, weighted by what was available and popular on that day. */
export function mainModel(rng: Random, at: number): string {
  if (at < OPUS_4_1) return models.sonnet4
  if (at < SONNET_4_5) return rng.chance(0.55) ? models.sonnet4 : models.opus41
  if (at < OPUS_4_5) {
    const haiku = at >= HAIKU_4_5 ? 0.05 : 0
    const r = rng.next()
    return r < haiku ? models.haiku45 : r < 0.72 ? models.sonnet45 : models.opus41
  }
  const r = rng.next()
  return r < 0.55 ? models.opus45 : r < 0.95 ? models.sonnet45 : r < 0.98 ? models.haiku45 : models.opus41
}

/** Sub-agents (Explore, general-purpose) often run on Haiku once it exists. */
export function subagentModel(rng: Random, at: number, main: string): string {
  if (at >= HAIKU_4_5 && rng.chance(0.6)) return models.haiku45
  return main === models.opus41 || main === models.opus45
    ? at >= SONNET_4_5
      ? models.sonnet45
      : models.sonnet4
    : main
}

/** Models with a long-context (1M) beta: their sessions sometimes run far past 200k tokens. */
export function hasLongContext(model: string): boolean {
  return model === models.sonnet4 || model === models.sonnet45
}

/** A session start: weekdays busier than weekends, mostly working hours (UTC). */
export function sessionStart(rng: Random): number {
  for (;;) {
    const d = rng.int(0, WINDOW_DAYS - 1)
    const weekday = new Date(WINDOW_START + d * DAY_MS).getUTCDay()
    if ((weekday === 0 || weekday === 6) && !rng.chance(0.35)) continue
    const hour = rng.chance(0.7) ? Math.min(23.99, Math.max(0, rng.normal(14, 3.5))) : rng.next() * 24
    return WINDOW_START + d * DAY_MS + Math.floor(hour * 3_600_000) + rng.int(0, 59_999)
  }
}
