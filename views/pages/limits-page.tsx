/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
// The Limits page: a gauge per plan-limit window (used %, time to reset, projection at reset), each
// window's used % over the range, and the times a limit was reached. Data: src/web/pages/limits-data.ts.

import {
  type LimitHit,
  type LimitsReport,
  type WindowReport,
  windowKeys,
  windowLabels,
} from '../../src/analytics/rate-limit-report.ts'
import { LineChart, type LineSeries } from '../charts/line-chart.tsx'
import type { FilteredContentProps, FilteredView } from '../components/filtered-page.tsx'
import { EmptyState } from '../components/stat-card.tsx'
import { formatDateTime, formatUsd } from '../format.ts'

export interface LimitsData {
  now: number
  /** The same report as `report limits --json`, over the last 35 days. */
  report: LimitsReport
  /** Used % per window over the chosen range. */
  history: LineSeries[]
  /** Limits reached in the chosen range. */
  hits: LimitHit[]
  anyReadings: boolean
}

export const limitsView: FilteredView<LimitsData> = {
  path: '/limits',
  title: 'Limits',
  Content: LimitsContent,
}

const gauges = [
  { window: 'five_hour' },
  { window: 'seven_day' },
  { window: 'spend_limit' },
  // Known only from "limit reached" notices: shown once one was seen.
  { window: 'seven_day_opus', onlyWhenSeen: true },
  { window: 'seven_day_sonnet', onlyWhenSeen: true },
] as const

/** `42%`, or one decimal below 10. */
export function formatUsed(percent: number): string {
  return percent < 10 && percent !== Math.round(percent)
    ? `${percent.toFixed(1)}%`
    : `${Math.round(percent)}%`
}

/** Time until a moment: `2 h 05 min`, `3 d 4 h`, `now`. */
export function formatUntil(at: number, now: number): string {
  const minutes = Math.round((at - now) / 60_000)
  if (minutes <= 0) return 'now'
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`
  return `${Math.floor(hours / 24)} d ${hours % 24} h`
}

function LimitsContent({ data, timezone }: FilteredContentProps<LimitsData>) {
  if (!data.anyReadings)
    return (
      <EmptyState
        title="No readings yet"
        hint={
          <>
            Claude Code reports your plan limits to a statusline command (for subscribers, after the first
            response). Set it up with <code>context-cleaner setup claude --statusline</code> and the gauges
            fill in as you work.
          </>
        }
      />
    )
  return (
    <div class="stack">
      <section class="cards" aria-label="Plan limits">
        {gauges
          .filter((g) => !('onlyWhenSeen' in g) || data.report[windowKeys[g.window]])
          .map((g) => (
            <Gauge
              label={`${windowLabels[g.window]} limit`}
              id={`gauge-${windowKeys[g.window]}`}
              w={data.report[windowKeys[g.window]]}
              now={data.now}
              timezone={timezone}
            />
          ))}
      </section>
      <section class="card">
        <h2>Used % over time</h2>
        <p class="muted">Plan limits are per account: the range applies here, project and model do not.</p>
        <LineChart
          label="Plan limit used percent over time"
          series={data.history}
          formatY={(n) => `${Math.round(n)}%`}
          unit={1}
          formatX={(x) => formatDateTime(x, timezone)}
        />
      </section>
      <section class="card">
        <h2>Limits reached</h2>
        <Hits hits={data.hits} timezone={timezone} />
      </section>
    </div>
  )
}

function Gauge(props: { label: string; id: string; w: WindowReport | null; now: number; timezone: string }) {
  const { w, now, timezone } = props
  if (!w)
    return (
      <div class="card stat gauge" id={props.id}>
        <div class="stat-label" safe>
          {props.label}
        </div>
        <div class="stat-value">—</div>
        <div class="stat-detail">No readings yet</div>
      </div>
    )
  const resetsAt = w.resetsAt ? Date.parse(w.resetsAt) : null
  const fill = Math.max(0, Math.min(100, w.usedPercentage))
  const level = w.usedPercentage >= 90 ? 'high' : w.usedPercentage >= 70 ? 'medium' : 'low'
  const p = w.projection
  return (
    <div class="card stat gauge" id={props.id}>
      <div class="stat-label" safe>
        {props.label}
      </div>
      <div class="stat-value" safe>
        {formatUsed(w.usedPercentage)}
      </div>
      <svg
        class={`gauge-bar ${level}`}
        viewBox="0 0 100 6"
        preserveAspectRatio="none"
        role="img"
        aria-label={`${formatUsed(w.usedPercentage)} used`}
      >
        <rect class="gauge-track" width="100" height="6" rx="3" />
        <rect class="gauge-fill" width={String(fill)} height="6" rx="3" />
      </svg>
      {w.usedUsd !== null && w.limitUsd !== null ? (
        <div class="stat-detail" safe>
          {`${formatUsd(w.usedUsd)} of ${formatUsd(w.limitUsd)}${w.period ? ` (${w.period})` : ''}`}
        </div>
      ) : (
        ''
      )}
      <div class="stat-detail" safe>
        {resetsAt === null
          ? 'Reset time unknown'
          : resetsAt <= now
            ? `Reset at ${formatDateTime(resetsAt, timezone)} (passed)`
            : `Resets in ${formatUntil(resetsAt, now)} (${formatDateTime(resetsAt, timezone)})`}
      </div>
      <div class="stat-detail" safe>
        {p === null
          ? 'No projection yet: too few readings in this period'
          : p.limitReachedAt
            ? `At this rate reaches 100% at ${formatDateTime(Date.parse(p.limitReachedAt), timezone)}`
            : `About ${formatUsed(Math.max(0, p.percentAtReset))} at reset (${p.percentPerHour.toFixed(1)}%/h)`}
      </div>
      <div class="stat-detail muted" safe>
        {`Read ${formatDateTime(Date.parse(w.observedAt), timezone)}`}
      </div>
    </div>
  )
}

function Hits({ hits, timezone }: { hits: LimitHit[]; timezone: string }) {
  if (hits.length === 0) return <p class="empty">No limit reached in this range.</p>
  return (
    <table class="data" id="limit-hits">
      <thead>
        <tr>
          <th scope="col">Limit</th>
          <th scope="col">Reached</th>
          <th scope="col">Reset</th>
          <th scope="col">Seen in</th>
        </tr>
      </thead>
      <tbody>
        {[...hits].reverse().map((h) => (
          <tr>
            <td safe>{windowLabels[h.window]}</td>
            <td safe>{formatDateTime(Date.parse(h.reachedAt), timezone)}</td>
            <td safe>{h.resetsAt ? formatDateTime(Date.parse(h.resetsAt), timezone) : '—'}</td>
            <td safe>{h.source}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
