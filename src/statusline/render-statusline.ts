// Pure: the statusline's figures to the one line Claude Code shows. Segments with no figure are left
// out, so a line built from stdin alone is the same line with fewer segments.

import { formatDuration } from '../analytics/format-figures.ts'
import type { RateLimitWindow } from '../model/rate-limits.ts'

export interface BlockFigures {
  costUsd: number
  /** null when the block has too little activity to give a rate (see billing-blocks.ts). */
  costPerHour: number | null
  endsAt: number
}

export interface CleaningFigures {
  /** Tokens the cleaned copy leaves out of the context. */
  tokensSaved: number
  /** USD each later request saves. */
  savingPerRequest: number
}

export interface StatusFigures {
  model: string | null
  /** Claude Code's figure for the session (stdin). */
  sessionCostClaude: number | null
  /** Ours, from the session's transcripts. */
  sessionCostOurs: number | null
  todayCost: number | null
  block: BlockFigures | null
  /** Percent of the context window in use. */
  contextPercent: number | null
  limits: { window: RateLimitWindow; usedPercentage: number; resetsAt: number | null }[]
  cacheExpiresAt: number | null
  /** What `context clean` would save; set only when cleaning pays. */
  cleaning: CleaningFigures | null
}

export interface StatusStyle {
  color: boolean
  /** Context % below which it shows green. @default 50 */
  contextLow: number
  /** Context % below which it shows yellow (red above). @default 80 */
  contextMedium: number
  /** Limit % below which it shows green. @default 50 */
  limitLow: number
  /** Limit % below which it shows yellow (red above). @default 80 */
  limitMedium: number
}

const codes = { green: 32, yellow: 33, red: 31, dim: 2 } as const
type Tone = keyof typeof codes

const windowLabel = {
  five_hour: '5h',
  seven_day: '7d',
  spend_limit: 'spend',
  seven_day_opus: '7d opus',
  seven_day_sonnet: '7d sonnet',
} as const satisfies Record<RateLimitWindow, string>

/** Claude Code's own cost and ours are shown apart only when they differ by a cent or more. */
const COST_TOLERANCE = 0.005

export function renderStatusLine(f: StatusFigures, style: StatusStyle, now: number): string {
  const paint = (tone: Tone, text: string) => (style.color ? `\x1b[${codes[tone]}m${text}\x1b[0m` : text)
  const level = (value: number, low: number, medium: number): Tone =>
    value < low ? 'green' : value < medium ? 'yellow' : 'red'
  const parts: string[] = []
  if (f.model) parts.push(f.model)
  const session = sessionCost(f)
  if (session) parts.push(session)
  if (f.todayCost !== null) parts.push(`${usd(f.todayCost)} today`)
  if (f.block) {
    const rate = f.block.costPerHour === null ? '' : ` ${usd(f.block.costPerHour)}/h`
    parts.push(
      `${usd(f.block.costUsd)} block${rate} ${paint('dim', `${formatDuration(f.block.endsAt - now)} left`)}`,
    )
  }
  if (f.contextPercent !== null) {
    const pct = Math.round(f.contextPercent)
    parts.push(`ctx ${paint(level(pct, style.contextLow, style.contextMedium), `${pct}%`)}`)
  }
  for (const l of f.limits) {
    const pct = Math.round(l.usedPercentage)
    const reset = l.resetsAt === null ? '' : ` ${paint('dim', `↻${formatDuration(l.resetsAt - now)}`)}`
    parts.push(
      `${windowLabel[l.window]} ${paint(level(pct, style.limitLow, style.limitMedium), `${pct}%`)}${reset}`,
    )
  }
  if (f.cacheExpiresAt !== null) {
    const left = f.cacheExpiresAt - now
    parts.push(left > 0 ? `cache ${formatDuration(left)}` : paint('dim', 'cache cold'))
  }
  if (f.cleaning) {
    const perRequest = f.cleaning.savingPerRequest
    const usdText = perRequest >= 0.01 ? usd(perRequest) : `$${perRequest.toFixed(4)}`
    parts.push(paint('green', `clean −${tokens(f.cleaning.tokensSaved)} tok ${usdText}/req`))
  }
  return parts.join(' │ ')
}

function sessionCost(f: StatusFigures): string | null {
  const { sessionCostClaude: cc, sessionCostOurs: ours } = f
  if (cc === null && ours === null) return null
  if (cc === null) return `${usd(ours ?? 0)} session`
  if (ours === null || Math.abs(cc - ours) < COST_TOLERANCE) return `${usd(cc)} session`
  return `${usd(cc)} session (ours ${usd(ours)})`
}

export function usd(n: number): string {
  return n >= 100 ? `$${Math.round(n)}` : `$${n.toFixed(2)}`
}

/** 950, 12k, 1.2M: a token count at a glance. */
export function tokens(n: number): string {
  if (n < 1000) return String(Math.round(n))
  if (n < 1_000_000) return `${n < 10_000 ? (n / 1000).toFixed(1) : Math.round(n / 1000)}k`
  return `${(n / 1_000_000).toFixed(1)}M`
}
