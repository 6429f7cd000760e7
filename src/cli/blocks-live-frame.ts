// Pure: one frame of `report blocks --live`: the active block, its burn rate and projection, and the
// 5-hour limit from the latest reading, or an estimate from history labelled as one.

import type { BillingBlock } from '../analytics/billing-blocks.ts'
import { formatDuration } from '../analytics/format-figures.ts'
import type { RateLimitObservation } from '../model/rate-limits.ts'
import { usd } from '../statusline/render-statusline.ts'

export interface LiveFrameInput {
  now: number
  active: BillingBlock | null
  /** The largest finished block's cost: the estimate's yardstick when there is no reading. */
  largestBlockCost: number | null
  fiveHour: RateLimitObservation | null
}

const n = (v: number) => Math.round(v).toLocaleString('en-US')
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16)

export function liveFrame(f: LiveFrameInput): string[] {
  const lines = [
    `Context Cleaner · 5-hour block monitor · ${new Date(f.now).toISOString().slice(0, 19).replace('T', ' ')} UTC`,
  ]
  const b = f.active
  if (!b) lines.push('No active block: no requests in the last 5 hours.')
  else {
    const end = Date.parse(b.endTime)
    lines.push(
      `Block     ${clock(Date.parse(b.startTime))}–${clock(end)} UTC · resets in ${formatDuration(end - f.now)}`,
    )
    lines.push(`Cost      ${usd(b.costUSD)} · ${n(b.totalTokens)} tokens · ${n(b.entries)} requests`)
    if (b.burnRate && b.projection)
      lines.push(
        `Burn      ${usd(b.burnRate.costPerHour)}/h · ${n(b.burnRate.tokensPerMinute)} tokens/min → ${usd(b.projection.totalCost)} at block end`,
      )
    else lines.push(`Burn      too little activity to project yet (${b.activeMinutes} min so far)`)
  }
  const reading = f.fiveHour
  if (reading && reading.resetsAt > f.now)
    lines.push(
      `Limit     ${reading.usedPercentage.toFixed(0)}% of the 5-hour limit (seen ${formatDuration(f.now - reading.lastObservedAt)} ago, resets in ${formatDuration(reading.resetsAt - f.now)})`,
    )
  else if (b && f.largestBlockCost)
    lines.push(
      `Limit     ~${((b.costUSD / f.largestBlockCost) * 100).toFixed(0)}% (estimate: of your largest block, ${usd(f.largestBlockCost)}; no reading from Claude Code)`,
    )
  else lines.push('Limit     no reading from Claude Code yet (`setup claude --statusline` records them)')
  return lines
}
