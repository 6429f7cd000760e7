// Pure: `report limits` as text for a terminal: each window with a reading, its projection, the usage
// since and the estimate it gives, dollars per percent, and the limit hits.

import { formatDuration } from '../analytics/format-figures.ts'
import { LIMITS_HISTORY_DAYS } from '../analytics/load-limits-report.ts'
import {
  type LimitsReport,
  reportedWindows,
  windowKeys,
  windowLabels,
} from '../analytics/rate-limit-report.ts'

/** `2026-03-10 17:30` from an ISO 8601 time (UTC). */
const utc = (iso: string) => iso.replace('T', ' ').slice(0, 16)

const until = (ms: number) => (ms > 0 ? `in ${formatDuration(ms)}` : 'passed')
/** A reading can be a little ahead of the clock that reads it. */
const ago = (ms: number) => (ms > 0 ? `${formatDuration(ms)} ago` : 'just now')

export function renderLimits(report: LimitsReport, now: number): string {
  const windows = reportedWindows(report)
  if (windows.length === 0)
    return 'No plan-limit readings yet. Claude Code reports them to a statusLine command (subscribers, after the first response): run `context-cleaner setup claude --statusline`.\n'
  const width = Math.max(...windows.map((w) => windowLabels[w.window].length))
  const lines: string[] = []
  for (const w of windows) {
    const rate = report.exchangeRates[windowKeys[w.window]]
    const reset =
      w.resetsAt === null
        ? 'reset unknown'
        : `resets ${utc(w.resetsAt)} UTC (${until(Date.parse(w.resetsAt) - now)})`
    const spend =
      w.usedUsd !== null && w.limitUsd !== null
        ? ` ($${w.usedUsd.toFixed(2)} of $${w.limitUsd.toFixed(2)}${w.period ? ` ${w.period}` : ''})`
        : ''
    lines.push(
      `${windowLabels[w.window].padEnd(width)} ${w.usedPercentage.toFixed(1)}% used${spend}, ${reset}; seen ${ago(now - Date.parse(w.observedAt))}`,
    )
    if (w.projection)
      lines.push(
        `        ${w.projection.percentPerHour.toFixed(1)}%/h → ${w.projection.percentAtReset.toFixed(0)}% at reset${w.projection.limitReachedAt ? `, limit reached ${utc(w.projection.limitReachedAt)} UTC` : ''}`,
      )
    else lines.push('        too little activity in this period to project')
    if (w.estimatedNowPercentage !== null)
      lines.push(
        `        since then $${w.usageSinceUsd.toFixed(2)} of usage: about ${w.estimatedNowPercentage.toFixed(1)}% now (estimate)`,
      )
    if (rate)
      lines.push(
        `        $${rate.dollarsPerPercent.toFixed(2)} per 1% (learned from ${rate.basedOnPercent.toFixed(0)} points)`,
      )
  }
  lines.push(`Limit hits in the last ${LIMITS_HISTORY_DAYS} days: ${report.hits.length}`)
  for (const h of report.hits)
    lines.push(`  ${utc(h.reachedAt)} UTC  ${windowLabels[h.window]} (${h.source})`)
  return `${lines.join('\n')}\n`
}
