/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import { contextTokens, type SessionRecord } from '../../src/model/records.ts'
import type { ApiErrorRow, RequestRow, ToolCallRow } from '../../src/model/usage-rows.ts'
import { LineChart } from '../charts/line-chart.tsx'
import { StackedBarChart } from '../charts/stacked-bar-chart.tsx'
import { StatCard } from '../components/stat-card.tsx'
import {
  formatBytes,
  formatDateTime,
  formatDurationMs,
  formatPercent,
  formatTime,
  formatTokens,
  formatUsd,
} from '../format.ts'
import { Layout, LiveRegion, type NavItem } from '../layout.tsx'

export type TimelineEntry =
  | {
      kind: 'request'
      timestamp: number
      request: RequestRow
      tokens: number
      context: number
      cost: number | null
    }
  | { kind: 'tool'; timestamp: number; tool: ToolCallRow }
  | { kind: 'error'; timestamp: number; error: ApiErrorRow }
  | { kind: 'compaction'; timestamp: number; from: number; to: number; reported: boolean }

export interface SessionDetail {
  session: SessionRecord
  /** The newest requests, for the charts (all of them unless the session is very long). */
  requests: RequestRow[]
  /** Older requests left out of the charts. */
  requestsHidden: number
  totals: { requests: number; tokens: number; cost: number; cacheHitRate: number | null; peakContext: number }
  models: string[]
  unpricedModels: string[]
  timeline: TimelineEntry[]
  /** Timeline entries not shown (the newest are kept). */
  timelineHidden: number
  toolCalls: number
  errors: number
}

export interface SessionPageProps {
  /** The page menu. */
  nav: readonly NavItem[]
  detail: SessionDetail
  timezone: string
  liveVersion: number
  liveUrl: string
}

export function SessionPage({ detail, timezone, liveVersion, liveUrl, nav }: SessionPageProps) {
  return (
    <Layout
      title={`Session ${detail.session.sessionId}`}
      active="/sessions"
      nav={nav}
      liveVersion={liveVersion}
    >
      <p class="crumbs">
        <a href="/sessions">Sessions</a>
      </p>
      <h1 class="mono" safe>
        {detail.session.sessionId}
      </h1>
      <p class="muted" safe>
        {`${detail.session.project}${detail.session.gitBranch ? ` · ${detail.session.gitBranch}` : ''}${
          detail.session.version ? ` · Claude Code ${detail.session.version}` : ''
        }`}
      </p>
      <p>
        <a href={`/sessions/${encodeURIComponent(detail.session.sessionId)}/context`}>
          What fills the context window →
        </a>
      </p>
      <LiveRegion url={liveUrl}>
        <SessionContent detail={detail} timezone={timezone} />
      </LiveRegion>
    </Layout>
  )
}

const tokenSeries = ['Input', 'Cache creation', 'Cache read', 'Output']

export function SessionContent({ detail, timezone }: { detail: SessionDetail; timezone: string }) {
  const { totals, requests } = detail
  const main = requests.filter((r) => !r.isSidechain)
  const side = requests.filter((r) => r.isSidechain)
  const contextSeries = [
    { name: 'Main thread', points: main.map((r) => ({ x: r.timestamp, y: contextTokens(r) })) },
  ]
  if (side.length > 0)
    contextSeries.push({
      name: 'Sub-agents',
      points: side.map((r) => ({ x: r.timestamp, y: contextTokens(r) })),
    })
  return (
    <div class="stack">
      <section class="cards">
        <StatCard
          id="session-cost"
          label="Cost"
          value={formatUsd(totals.cost)}
          detail={detail.models.join(', ')}
        />
        <StatCard label="Tokens" value={formatTokens(totals.tokens)} detail={`${totals.requests} requests`} />
        <StatCard
          label="Peak context"
          value={formatTokens(totals.peakContext)}
          detail="input + cache read + cache creation"
        />
        <StatCard
          label="Cache hit rate"
          value={formatPercent(totals.cacheHitRate)}
          detail="cache read / all input"
        />
        <StatCard
          label="Duration"
          value={formatDurationMs(detail.session.lastTimestamp - detail.session.firstTimestamp)}
          detail={`${formatDateTime(detail.session.firstTimestamp, timezone)} – ${formatTime(detail.session.lastTimestamp, timezone)}`}
        />
      </section>
      {detail.unpricedModels.length > 0 ? (
        <p class="notice warn" safe>
          {`No known price for ${detail.unpricedModels.join(', ')}: the cost shown leaves them out.`}
        </p>
      ) : (
        ''
      )}
      {detail.requestsHidden > 0 ? (
        <p class="notice" safe>
          {`The charts show the newest ${requests.length} requests; ${detail.requestsHidden} older ones are left out.`}
        </p>
      ) : (
        ''
      )}
      <section class="card">
        <h2>Context size over time</h2>
        <LineChart
          label="Context size per request"
          series={contextSeries}
          formatY={formatTokens}
          unit={1}
          formatX={(x) => formatTime(x, timezone)}
          dots={requests.length <= 60}
        />
      </section>
      <section class="card">
        <h2>Tokens per request</h2>
        <StackedBarChart
          label="Tokens per request"
          series={tokenSeries}
          formatY={formatTokens}
          unit={1}
          stacks={requests.map((r, i) => ({
            key: `#${i + 1}`,
            values: [r.inputTokens, r.cacheCreationTokens, r.cacheReadTokens, r.outputTokens],
            title: `#${i + 1} ${formatTime(r.timestamp, timezone)} ${r.model}: ${formatTokens(r.inputTokens)} in, ${formatTokens(r.cacheCreationTokens)} cache write, ${formatTokens(r.cacheReadTokens)} cache read, ${formatTokens(r.outputTokens)} out`,
          }))}
        />
      </section>
      <section class="card">
        <h2>Timeline</h2>
        <p class="muted" safe>
          {`${totals.requests} requests · ${detail.toolCalls} tool calls · ${detail.errors} API errors${
            detail.timelineHidden > 0 ? ` · showing the newest ${detail.timeline.length} events` : ''
          }`}
        </p>
        <ol class="timeline" id="timeline">
          {detail.timeline.map((e) => (
            <TimelineItem entry={e} timezone={timezone} />
          ))}
        </ol>
      </section>
    </div>
  )
}

function TimelineItem({ entry, timezone }: { entry: TimelineEntry; timezone: string }) {
  const time = formatTime(entry.timestamp, timezone)
  switch (entry.kind) {
    case 'request':
      return (
        <li class={`event request${entry.request.isSidechain ? ' sidechain' : ''}`}>
          <time safe>{time}</time>
          <span class="what" safe>
            {`${entry.request.isSidechain ? 'Sub-agent request' : 'Request'} · ${entry.request.model}`}
          </span>
          <span class="detail" safe>
            {`context ${formatTokens(entry.context)} · ${formatTokens(entry.tokens)} tokens · ${
              entry.cost === null ? 'unpriced' : formatUsd(entry.cost)
            }${entry.request.durationMs === null ? '' : ` · ${formatDurationMs(entry.request.durationMs)}`}`}
          </span>
        </li>
      )
    case 'tool':
      return (
        <li class={`event tool${entry.tool.success === false ? ' failed' : ''}`}>
          <time safe>{time}</time>
          <span class="what" safe>
            {`Tool · ${entry.tool.toolName}`}
          </span>
          <span class="detail" safe>
            {`${entry.tool.success === null ? 'no result' : entry.tool.success ? 'ok' : `failed${entry.tool.error ? `: ${entry.tool.error}` : ''}`} · ${formatDurationMs(entry.tool.durationMs)} · ${formatBytes(entry.tool.resultBytes)}`}
          </span>
        </li>
      )
    case 'error':
      return (
        <li class="event error">
          <time safe>{time}</time>
          <span class="what" safe>
            {`API error${entry.error.statusCode === null ? '' : ` ${entry.error.statusCode}`}`}
          </span>
          <span class="detail" safe>
            {entry.error.error ?? ''}
          </span>
        </li>
      )
    case 'compaction':
      return (
        <li class="event compaction">
          <time safe>{time}</time>
          <span class="what">{entry.reported ? 'Compaction' : 'Context dropped (likely compaction)'}</span>
          <span class="detail" safe>
            {`${formatTokens(entry.from)} → ${formatTokens(entry.to)} tokens`}
          </span>
        </li>
      )
    default:
      return entry satisfies never
  }
}
