/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import type { BillingBlock } from '../../src/analytics/billing-blocks.ts'
import type { DailyUsage } from '../../src/analytics/daily-usage.ts'
import type { SummaryRow } from '../../src/analytics/usage-report.ts'
import { BarChart } from '../charts/bar-chart.tsx'
import type { FilteredContentProps, FilteredView } from '../components/filtered-page.tsx'
import { StatCard } from '../components/stat-card.tsx'
import { UsageTable } from '../components/usage-table.tsx'
import { filterQuery } from '../contract/filter-state.ts'
import {
  formatClock,
  formatDateTime,
  formatInteger,
  formatTokens,
  formatUsd,
  shortId,
  shortProject,
} from '../format.ts'

export interface PeriodSummary {
  key: 'today' | '7d' | '30d'
  label: string
  cost: number
  tokens: number
  requests: number
}

export interface FeedItem {
  key: string
  timestamp: number
  sessionId: string
  project: string
  model: string
  tokens: number
  contextTokens: number
  cost: number | null
}

export interface OverviewData {
  /** Nothing stored at all (not merely nothing in this range). */
  storeEmpty: boolean
  periods: PeriodSummary[]
  block: BillingBlock | null
  daily: DailyUsage[]
  byModel: SummaryRow[]
  byProject: SummaryRow[]
  totals: { cost: number; tokens: number; requests: number }
  unpricedModels: string[]
  feed: FeedItem[]
}

export const overviewView: FilteredView<OverviewData> = {
  path: '/',
  title: 'Overview',
  Content: OverviewContent,
}

/** The empty dashboard says how data gets in. */
function GettingStarted() {
  return (
    <section class="card empty-state" id="getting-started">
      <h2>No usage recorded yet</h2>
      <p>
        Context Cleaner reads the transcripts Claude Code writes under <code>~/.claude/projects</code> (or{' '}
        <code>$CLAUDE_CONFIG_DIR</code>). Run <code>context-cleaner import</code> once, or keep{' '}
        <code>context-cleaner run</code> going so new sessions show up here as they happen.
      </p>
      <p>
        For Claude Code's own cost figures and its tool calls, also run{' '}
        <code>context-cleaner setup claude</code> (sends its telemetry to the collector), then restart Claude
        Code.
      </p>
    </section>
  )
}

function OverviewContent({ data, timezone, state }: FilteredContentProps<OverviewData>) {
  return (
    <div class="stack">
      {data.storeEmpty ? <GettingStarted /> : ''}
      <section class="cards" aria-label="Cost and tokens by period">
        {data.periods.map((p) => (
          <StatCard
            id={`period-${p.key}-cost`}
            label={p.label}
            value={formatUsd(p.cost)}
            detail={`${formatTokens(p.tokens)} tokens · ${formatInteger(p.requests)} requests`}
          />
        ))}
      </section>
      {data.unpricedModels.length > 0 ? (
        <p class="notice warn" safe>
          {`No known price for ${data.unpricedModels.join(', ')}: their cost is missing from the totals, not zero.`}
        </p>
      ) : (
        ''
      )}
      <BlockCard block={data.block} timezone={timezone} />
      <section class="card">
        <h2>Cost per day</h2>
        <p class="muted" id="range-total" safe>
          {`${formatUsd(data.totals.cost)} · ${formatTokens(data.totals.tokens)} tokens · ${formatInteger(data.totals.requests)} requests in this range`}
        </p>
        <BarChart
          label="Cost per day"
          formatY={formatUsd}
          unit={0.01}
          bars={data.daily.map((d) => ({
            key: d.key,
            value: d.cost,
            title: `${d.key}: ${formatUsd(d.cost)}, ${formatTokens(d.tokens)} tokens`,
          }))}
        />
      </section>
      <div class="columns">
        <section class="card">
          <UsageTable caption="Cost by model" keyLabel="Model" rows={data.byModel} id="by-model" />
        </section>
        <section class="card">
          <UsageTable
            caption="Cost by project"
            keyLabel="Project"
            rows={data.byProject}
            limit={10}
            id="by-project"
            href={(r) => `/sessions${filterQuery({ ...state, project: r.key })}`}
          />
        </section>
      </div>
      <section class="card">
        <h2>Latest API requests</h2>
        <Feed items={data.feed} timezone={timezone} />
      </section>
    </div>
  )
}

function BlockCard({ block, timezone }: { block: OverviewData['block']; timezone: string }) {
  if (!block) {
    return (
      <section class="card block" id="active-block">
        <h2>5-hour block</h2>
        <p class="muted">No active block: nothing used in the last 5 hours.</p>
      </section>
    )
  }
  const started = Date.parse(block.startTime)
  const ends = Date.parse(block.endTime)
  return (
    <section class="card block" id="active-block">
      <h2>Active 5-hour block</h2>
      <p class="muted" safe>
        {`${formatDateTime(started, timezone)} – ${formatClock(ends, timezone)} · ${block.models.join(', ')}`}
      </p>
      <div class="cards">
        <StatCard
          label="Cost so far"
          value={formatUsd(block.costUSD)}
          detail={`${formatTokens(block.totalTokens)} tokens`}
        />
        <StatCard
          label="Burn rate"
          value={block.burnRate ? `${formatUsd(block.burnRate.costPerHour)}/h` : '—'}
          detail={
            block.burnRate
              ? `${formatTokens(block.burnRate.tokensPerMinute)} tokens/min`
              : `too little activity to project yet (${block.activeMinutes} min so far)`
          }
        />
        <StatCard
          label="Projected at block end"
          value={block.projection ? formatUsd(block.projection.totalCost) : '—'}
          detail={
            block.projection
              ? `${formatTokens(block.projection.totalTokens)} tokens · ${block.projection.remainingMinutes} min left`
              : ''
          }
        />
      </div>
    </section>
  )
}

function Feed({ items, timezone }: { items: FeedItem[]; timezone: string }) {
  if (items.length === 0) return <p class="empty">No requests yet.</p>
  return (
    <table class="data feed" id="live-feed">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Project</th>
          <th scope="col">Model</th>
          <th scope="col">Session</th>
          <th scope="col" class="num">
            Context
          </th>
          <th scope="col" class="num">
            Tokens
          </th>
          <th scope="col" class="num">
            Cost
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr data-key={r.key}>
            <td safe>{formatDateTime(r.timestamp, timezone)}</td>
            <td title={r.project} safe>
              {shortProject(r.project)}
            </td>
            <td safe>{r.model}</td>
            <td>
              <a href={`/sessions/${encodeURIComponent(r.sessionId)}`} safe>
                {shortId(r.sessionId)}
              </a>
            </td>
            <td class="num" safe>
              {formatTokens(r.contextTokens)}
            </td>
            <td class="num" safe>
              {formatTokens(r.tokens)}
            </td>
            <td class="num" safe>
              {r.cost === null ? 'unpriced' : formatUsd(r.cost)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
