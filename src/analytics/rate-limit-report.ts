// Pure: plan-limit readings and usage to `report limits`: each window's latest reading, a projection
// at its reset from the recent rate of the readings, the times a limit was reached, and how many
// dollars of usage one percent of each window has cost (a learned exchange rate).

import { type RateLimitObservation, type RateLimitWindow, rateLimitWindows } from '../model/rate-limits.ts'
import type { UsageEvent } from '../store/usage-types.ts'
import { MIN_PROJECTION_SPAN_MS } from './billing-blocks.ts'
import type { CostModel } from './cost-model.ts'

const HOUR_MS = 3_600_000

export const windowKeys = {
  five_hour: 'fiveHour',
  seven_day: 'sevenDay',
  spend_limit: 'spendLimit',
  seven_day_opus: 'sevenDayOpus',
  seven_day_sonnet: 'sevenDaySonnet',
} as const satisfies Record<RateLimitWindow, string>
type WindowKey = (typeof windowKeys)[RateLimitWindow]

/** How each window is named to people (the CLI, the Limits page's chart and table). */
export const windowLabels = {
  five_hour: '5-hour',
  seven_day: '7-day',
  spend_limit: 'Spend',
  seven_day_opus: 'Opus 7-day',
  seven_day_sonnet: 'Sonnet 7-day',
} as const satisfies Record<RateLimitWindow, string>

export interface WindowProjection {
  /** Percent per hour between the first and latest reading of the current period. */
  percentPerHour: number
  /** Where the window stands at its reset at that rate (may pass 100). */
  percentAtReset: number
  /** When it reaches 100% at that rate, if before the reset. */
  limitReachedAt: string | null
}

export interface WindowReport {
  window: RateLimitWindow
  usedPercentage: number
  resetsAt: string | null
  observedAt: string
  source: RateLimitObservation['source']
  /** spend_limit only. */
  usedUsd: number | null
  limitUsd: number | null
  period: string | null
  /** null when the period's readings span too little time to give a rate. */
  projection: WindowProjection | null
  /** Usage imported since the reading, in dollars, and that as percent at the learned rate. */
  usageSinceUsd: number
  estimatedNowPercentage: number | null
}

export interface LimitHit {
  window: RateLimitWindow
  reachedAt: string
  resetsAt: string | null
  source: RateLimitObservation['source']
}

export interface ExchangeRate {
  /** Dollars of usage per percent of the window, over every period with readings far enough apart. */
  dollarsPerPercent: number
  /** Percent points the rate was learned from. */
  basedOnPercent: number
  /** Share of the cost by model in that usage (the rate holds for that mix). */
  modelMix: Record<string, number>
}

/** Each window by its key (`fiveHour` …; the Opus and Sonnet weekly windows only from notices). */
export type LimitsReport = Record<WindowKey, WindowReport | null> & {
  hits: LimitHit[]
  exchangeRates: Record<WindowKey, ExchangeRate | null>
}

/** Percent points a period's readings must rise by before its dollars say anything. */
const MIN_LEARN_PERCENT = 2

const iso = (ms: number) => new Date(ms).toISOString()

export function buildLimitsReport(
  observations: readonly RateLimitObservation[],
  events: readonly UsageEvent[],
  costs: CostModel,
  now: number,
): LimitsReport {
  const priced = events.map((e) => ({ at: e.timestamp, model: e.model, cost: eventCost(e, costs) }))
  const costBetween = (from: number, to: number) => {
    const models = new Map<string, number>()
    let total = 0
    for (const e of priced)
      if (e.at > from && e.at <= to) {
        total += e.cost
        models.set(e.model, (models.get(e.model) ?? 0) + e.cost)
      }
    return { total, models }
  }
  const none = { fiveHour: null, sevenDay: null, spendLimit: null, sevenDayOpus: null, sevenDaySonnet: null }
  const report: LimitsReport = { ...none, hits: hitsOf(observations), exchangeRates: { ...none } }
  for (const window of rateLimitWindows) {
    const readings = observations.filter((o) => o.window === window)
    const rate = exchangeRate(periodsOf(readings), costBetween)
    report.exchangeRates[windowKeys[window]] = rate
    const latest = readings.reduce<RateLimitObservation | null>(
      (a, o) => (a === null || o.lastObservedAt > a.lastObservedAt ? o : a),
      null,
    )
    if (!latest) continue
    const period = readings.filter((o) => o.resetsAt === latest.resetsAt)
    const usageSinceUsd = costBetween(latest.lastObservedAt, now).total
    report[windowKeys[window]] = {
      window,
      usedPercentage: latest.usedPercentage,
      resetsAt: latest.resetsAt ? iso(latest.resetsAt) : null,
      observedAt: iso(latest.lastObservedAt),
      source: latest.source,
      usedUsd: latest.usedUsd,
      limitUsd: latest.limitUsd,
      period: latest.period,
      projection: projectionOf(period, latest, now),
      usageSinceUsd,
      estimatedNowPercentage:
        rate && latest.resetsAt > now ? latest.usedPercentage + usageSinceUsd / rate.dollarsPerPercent : null,
    }
  }
  return report
}

/** The windows that have a reading, in the order of `rateLimitWindows`. */
export function reportedWindows(report: LimitsReport): WindowReport[] {
  return rateLimitWindows.flatMap((window) => report[windowKeys[window]] ?? [])
}

function eventCost(e: UsageEvent, costs: CostModel): number {
  return e.costUsd ?? costs.cost(e.model, e, e.longContext, e.timestamp) ?? 0
}

/** Readings of one window grouped by the reset they lead to (one period of the window each). */
function periodsOf(readings: readonly RateLimitObservation[]): RateLimitObservation[][] {
  const periods = new Map<number, RateLimitObservation[]>()
  for (const o of readings) {
    if (o.resetsAt === 0 || o.source !== 'statusline') continue
    const list = periods.get(o.resetsAt) ?? []
    list.push(o)
    periods.set(o.resetsAt, list)
  }
  return [...periods.values()]
}

function projectionOf(
  period: readonly RateLimitObservation[],
  latest: RateLimitObservation,
  now: number,
): WindowProjection | null {
  if (latest.resetsAt <= now) return null
  const first = period.reduce((a, o) => (o.firstObservedAt < a.firstObservedAt ? o : a), latest)
  const span = latest.lastObservedAt - first.firstObservedAt
  if (span < MIN_PROJECTION_SPAN_MS) return null
  const percentPerHour = ((latest.usedPercentage - first.usedPercentage) / span) * HOUR_MS
  const hoursLeft = (latest.resetsAt - latest.lastObservedAt) / HOUR_MS
  const percentAtReset = latest.usedPercentage + percentPerHour * hoursLeft
  const toFull =
    percentPerHour > 0 ? ((100 - latest.usedPercentage) / percentPerHour) * HOUR_MS : Number.POSITIVE_INFINITY
  const reachedAt = latest.lastObservedAt + toFull
  return {
    percentPerHour,
    percentAtReset,
    limitReachedAt: latest.usedPercentage < 100 && reachedAt < latest.resetsAt ? iso(reachedAt) : null,
  }
}

function exchangeRate(
  periods: readonly RateLimitObservation[][],
  costBetween: (from: number, to: number) => { total: number; models: Map<string, number> },
): ExchangeRate | null {
  let dollars = 0
  let percent = 0
  const mix = new Map<string, number>()
  for (const period of periods) {
    const first = period.reduce((a, o) => (o.firstObservedAt < a.firstObservedAt ? o : a))
    const last = period.reduce((a, o) => (o.usedPercentage > a.usedPercentage ? o : a))
    const rise = last.usedPercentage - first.usedPercentage
    if (rise < MIN_LEARN_PERCENT) continue
    const spent = costBetween(first.firstObservedAt, last.firstObservedAt)
    if (spent.total <= 0) continue
    dollars += spent.total
    percent += rise
    for (const [model, cost] of spent.models) mix.set(model, (mix.get(model) ?? 0) + cost)
  }
  if (percent === 0) return null
  return {
    dollarsPerPercent: dollars / percent,
    basedOnPercent: percent,
    modelMix: Object.fromEntries([...mix].sort((a, b) => b[1] - a[1]).map(([m, c]) => [m, c / dollars])),
  }
}

/**
 * One hit per window period: the first reading at 100% (or a "limit reached" notice). A notice's reset
 * is read to the minute ("resets 10:09pm") where the statusline's has seconds: periods match by minute.
 */
export function hitsOf(observations: readonly RateLimitObservation[]): LimitHit[] {
  const seen = new Map<string, LimitHit>()
  const sorted = [...observations].sort((a, b) => a.firstObservedAt - b.firstObservedAt)
  for (const o of sorted) {
    if (o.usedPercentage < 100) continue
    const key = `${o.window}|${Math.floor((o.resetsAt || o.firstObservedAt) / 60_000)}`
    if (!seen.has(key))
      seen.set(key, {
        window: o.window,
        reachedAt: iso(o.firstObservedAt),
        resetsAt: o.resetsAt ? iso(o.resetsAt) : null,
        source: o.source,
      })
  }
  return [...seen.values()]
}
