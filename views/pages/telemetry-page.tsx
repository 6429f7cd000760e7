/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import type { MetricTotal, TelemetryOverview } from '../../src/model/usage-rows.ts'
import { DailyCountChart, type DaySeries } from '../charts/line-chart.tsx'
import type { FilteredContentProps, FilteredView } from '../components/filtered-page.tsx'
import { NoTelemetry } from '../components/no-telemetry.tsx'
import { StatCard } from '../components/stat-card.tsx'
import { formatDateTime, formatDurationMs, formatInteger, formatUsd, shortId } from '../format.ts'

/** Claude Code's metrics carry their unit in the name: cost in USD, active time in seconds. */
export function formatMetricValue(name: string, value: number): string {
  if (name.endsWith('cost.usage')) return formatUsd(value)
  if (name.endsWith('active_time.total')) return formatDurationMs(value * 1000)
  return Number.isInteger(value)
    ? formatInteger(value)
    : value.toLocaleString('en-US', { maximumFractionDigits: 3 })
}

export interface Headline {
  label: string
  unit: 'count' | 'seconds'
  value: number
}

export interface TelemetryData {
  headlines: Headline[]
  metrics: MetricTotal[]
  linesTrend: DaySeries[]
  errorsByStatus: TelemetryOverview['errorsByStatus']
  recentErrors: TelemetryOverview['recentErrors']
  logRecords: number
}

function headlineText(h: Headline): string {
  return h.unit === 'seconds' ? formatDurationMs(h.value * 1000) : formatInteger(h.value)
}

export const telemetryView: FilteredView<TelemetryData | null> = {
  path: '/telemetry',
  title: 'Telemetry',
  Content: TelemetryContent,
}

function TelemetryContent({ data, timezone }: FilteredContentProps<TelemetryData | null>) {
  if (!data) return <NoTelemetry />
  return (
    <div class="stack">
      <section class="cards" aria-label="Telemetry totals">
        {data.headlines.map((h) => (
          <StatCard label={h.label} value={headlineText(h)} />
        ))}
      </section>
      <section class="card">
        <h2>Lines of code per day</h2>
        <DailyCountChart label="Lines of code added and removed per day" series={data.linesTrend} />
      </section>
      <div class="columns">
        <section class="card">
          <h2>API errors</h2>
          {data.errorsByStatus.length === 0 ? (
            <p class="empty">No API errors in this range.</p>
          ) : (
            <table class="data" id="errors-by-status">
              <thead>
                <tr>
                  <th scope="col">Status</th>
                  <th scope="col" class="num">
                    Errors
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.errorsByStatus.map((e) => (
                  <tr>
                    <td safe>{e.statusCode === null ? 'no status' : String(e.statusCode)}</td>
                    <td class="num" safe>
                      {formatInteger(e.count)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section class="card">
          <h2>All metrics</h2>
          <table class="data" id="metrics">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Type</th>
                <th scope="col" class="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {data.metrics.map((m) => (
                <tr>
                  <td class="key" safe>
                    {m.name}
                  </td>
                  <td safe>{m.type ?? ''}</td>
                  <td class="num" safe>
                    {formatMetricValue(m.name, m.value)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="muted" safe>
            {`${formatInteger(data.logRecords)} log records in this range`}
          </p>
        </section>
      </div>
      {data.recentErrors.length === 0 ? (
        ''
      ) : (
        <section class="card">
          <h2>Latest API errors</h2>
          <table class="data" id="recent-errors">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Session</th>
                <th scope="col">Model</th>
                <th scope="col">Status</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {data.recentErrors.map((e) => (
                <tr>
                  <td safe>{formatDateTime(e.timestamp, timezone)}</td>
                  <td>
                    <a href={`/sessions/${encodeURIComponent(e.sessionId)}`} safe>
                      {shortId(e.sessionId)}
                    </a>
                  </td>
                  <td safe>{e.model ?? ''}</td>
                  <td safe>{e.statusCode === null ? '' : String(e.statusCode)}</td>
                  <td safe>{e.error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  )
}
