import { defineCommand } from 'citty'
import { defaultCostModel } from '../analytics/pricing/default-cost-model.ts'
import { buildLimitsReport, type LimitsReport, type WindowReport } from '../analytics/rate-limit-report.ts'
import { openStore } from '../store/open-store.ts'
import { configArgs, configFrom, jsonArg } from './common-args.ts'
import { runImport } from './import-command.ts'
import { writeJson, writeStdout } from './output.ts'

/** Readings and usage older than this say little about today's limits. */
const HISTORY_MS = 35 * 86_400_000

export const limitsCommand = defineCommand({
  meta: {
    name: 'limits',
    description:
      'Plan limits (5-hour, 7-day, spend) as Claude Code last reported them to the statusline, projected to their reset, with the limit hits seen by the statusline or in transcripts ("limit reached · resets …") and dollars per percent',
  },
  args: {
    ...configArgs,
    ...jsonArg,
    import: {
      type: 'boolean',
      description: 'Import what is new before reporting',
      negativeDescription: 'Report on what is stored without importing first',
      default: true,
    },
  },
  run: async ({ args }) => {
    const config = configFrom(args)
    const store = openStore(config)
    try {
      if (args.import) await runImport(store, config)
      const now = Date.now()
      const since = now - HISTORY_MS
      const costs = defaultCostModel()
      const observations = await store.listRateLimits({ since })
      const first = observations.reduce((a, o) => Math.min(a, o.firstObservedAt), now)
      const events = observations.length ? await store.listUsageEvents({ since: first }, costs.split) : []
      const report = buildLimitsReport(observations, events, costs, now)
      if (args.json) await writeJson(report)
      else await writeStdout(renderLimits(report, now))
    } finally {
      await store.close()
    }
  },
})

const labels = {
  fiveHour: '5-hour',
  sevenDay: '7-day',
  spendLimit: 'Spend',
  sevenDayOpus: 'Opus 7d',
  sevenDaySonnet: 'Sonnet 7d',
} as const

function renderLimits(report: LimitsReport, now: number): string {
  const windows = (Object.keys(labels) as (keyof typeof labels)[]).filter((k) => report[k] !== null)
  if (windows.length === 0)
    return 'No plan-limit readings yet. Claude Code reports them to a statusLine command (subscribers, after the first response): run `context-cleaner setup claude --statusline`.\n'
  const lines: string[] = []
  for (const key of windows) {
    const w = report[key] as WindowReport
    const rate = report.exchangeRates[key]
    const reset = w.resetsAt
      ? `resets ${w.resetsAt.replace('T', ' ').slice(0, 16)} UTC (in ${hours(Date.parse(w.resetsAt) - now)})`
      : 'reset unknown'
    const spend =
      w.usedUsd !== null && w.limitUsd !== null
        ? ` ($${w.usedUsd.toFixed(2)} of $${w.limitUsd.toFixed(2)}${w.period ? ` ${w.period}` : ''})`
        : ''
    lines.push(
      `${labels[key].padEnd(9)} ${w.usedPercentage.toFixed(1)}% used${spend}, ${reset}; seen ${hours(now - Date.parse(w.observedAt))} ago`,
    )
    if (w.projection)
      lines.push(
        `        ${w.projection.percentPerHour.toFixed(1)}%/h → ${w.projection.percentAtReset.toFixed(0)}% at reset${w.projection.limitReachedAt ? `, limit reached ${w.projection.limitReachedAt.replace('T', ' ').slice(0, 16)} UTC` : ''}`,
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
  lines.push(`Limit hits in the last 35 days: ${report.hits.length}`)
  for (const h of report.hits)
    lines.push(`  ${h.reachedAt.replace('T', ' ').slice(0, 16)} UTC  ${h.window} (${h.source})`)
  return `${lines.join('\n')}\n`
}

function hours(ms: number): string {
  const m = Math.max(0, Math.round(ms / 60_000))
  return m < 60
    ? `${m}m`
    : m < 48 * 60
      ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
      : `${Math.floor(m / 1440)}d${Math.floor((m % 1440) / 60)}h`
}
