/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
// One session's Context view: what fills its window request by request, its health, what the analysis
// found and what to do about it. The same analysis as `context-cleaner context analyze`.

import type { CleaningPreview } from '../../src/analytics/context/cleaning-preview.ts'
import type { ContextAnalysis } from '../../src/analytics/context/context-types.ts'
import { kindLabels } from '../../src/analytics/context/kind-labels.ts'
import { type ContextChart, contextChart } from '../charts/context-chart-model.ts'
import { ContextWindowChart } from '../charts/context-window-chart.tsx'
import { FindingsTable, Recommendations } from '../components/context-findings.tsx'
import { ContextHealth } from '../components/context-health.tsx'
import { StatCard } from '../components/stat-card.tsx'
import { formatInteger, formatPercent, formatTime, formatTokens, formatUsd, skippedText } from '../format.ts'
import { Layout, type NavItem } from '../layout.tsx'

export const chartScales = ['window', 'data'] as const
export type ChartScale = (typeof chartScales)[number]

export interface ContextView {
  sessionId: string
  transcriptPath: string
  /** What reading the transcript found besides its records. */
  read: { bytes: number; incompleteTail: boolean }
  analysis: ContextAnalysis
  /** What `context clean` with the defaults would remove, and its prompt-cache cost. */
  cleaning: CleaningPreview
}

export interface ContextPageProps {
  /** The page menu. */
  nav: readonly NavItem[]
  view: ContextView
  scale: ChartScale
  timezone: string
}

export function ContextPage({ view, scale, timezone, nav }: ContextPageProps) {
  const a = view.analysis
  const sessionHref = `/sessions/${encodeURIComponent(view.sessionId)}`
  return (
    <Layout title={`Context ${view.sessionId}`} active="/sessions" nav={nav} liveVersion={null}>
      <p class="crumbs">
        <a href="/sessions">Sessions</a> ›{' '}
        <a href={sessionHref} class="mono" safe>
          {view.sessionId}
        </a>
      </p>
      <h1>Context window</h1>
      <p class="muted" safe>
        {[a.cwd, a.model, `transcript ${view.transcriptPath}`].filter((v) => v !== null).join(' · ')}
      </p>
      <div class="stack">
        <Notices view={view} />
        <Summary analysis={a} />
        <ContextHealth analysis={a} />
        <section class="card">
          <h2>Context window per request</h2>
          <ChartSection analysis={a} scale={scale} timezone={timezone} sessionHref={sessionHref} />
        </section>
        <section class="card">
          <h2>What fills it now</h2>
          <Composition analysis={a} />
        </section>
        <section class="card">
          <h2>Findings</h2>
          <FindingsTable findings={a.findings} />
        </section>
        <CleaningCard view={view} />
        <section class="card">
          <h2>Recommendations</h2>
          <Recommendations items={a.recommendations} />
          <p class="hint">
            See what a cleaned copy would leave out, without writing anything:{' '}
            <code id="dry-run-command" safe>
              {`context-cleaner context clean ${view.sessionId} --dry-run`}
            </code>
            . Cleaning writes a new session to resume; this one is never changed.
          </p>
        </section>
      </div>
    </Layout>
  )
}

// What cleaning with the defaults saves and what the first resumed request costs to rebuild the cache.
function CleaningCard({ view }: { view: ContextView }) {
  const p = view.cleaning
  const c = p.cost
  const evenText =
    c.breakEvenRequests === null
      ? 'never'
      : c.breakEvenRequests === 0
        ? 'at once'
        : `${formatInteger(c.breakEvenRequests)} requests`
  return (
    <section class="card" id="cleaning">
      <h2>Cleaning with the defaults</h2>
      {p.outputs === 0 ? (
        <p class="muted">
          Nothing to clean: no redundant tool output outside the newest {String(p.keepTools ?? 0)} tool uses.
        </p>
      ) : (
        <>
          <div class="cards">
            <StatCard
              label="Tokens removed"
              value={formatTokens(c.tokensRemoved)}
              detail={`${formatInteger(p.outputs)} tool outputs, ${p.strategy}, newest ${p.keepTools ?? 0} tool uses kept`}
              id="cleaning-tokens"
            />
            <StatCard
              label="First resumed request"
              value={
                c.rebuildCost === null
                  ? 'unpriced'
                  : `${c.rebuildCost >= 0 ? '+' : '−'}${formatUsd(Math.abs(c.rebuildCost))}`
              }
              detail={`rebuilds the prompt cache (${c.ttl} TTL${c.ttlSource === 'default' ? ', assumed' : ''}${c.cacheWarm === false ? ', already expired' : ''})`}
              id="cleaning-rebuild"
            />
            <StatCard
              label="Saved per later request"
              value={c.savingPerRequest === null ? 'unpriced' : formatUsd(c.savingPerRequest)}
              detail="fewer tokens read from the cache"
            />
            <StatCard
              label="Break-even"
              value={c.verdict === 'unpriced' ? 'unknown' : evenText}
              id="cleaning-break-even"
            />
          </div>
          <p id="cleaning-verdict" safe>
            {c.advice}
          </p>
        </>
      )}
    </section>
  )
}

function Notices({ view }: { view: ContextView }) {
  const { lines } = view.analysis
  const skipped = Object.values(lines.skipped).reduce((n, v) => n + v, 0)
  return (
    <>
      {skipped > 0 ? (
        <p class="notice warn" safe>
          {`${formatInteger(skipped)} of ${formatInteger(lines.total)} lines could not be read and were left out (${skippedText(lines.skipped)}).`}
        </p>
      ) : (
        ''
      )}
      {view.read.incompleteTail ? (
        <p class="notice">
          The transcript ends mid-line (Claude Code is writing it): the last line is left out until it is
          complete.
        </p>
      ) : (
        ''
      )}
      <p class="muted small" safe>
        {`Analysed when this page was loaded; reload to analyse again. The split by kind is estimated (${view.analysis.calibration.source} calibration, ${view.analysis.calibration.charsPerToken} characters per token); request sizes are what the API reported.`}
      </p>
    </>
  )
}

function Summary({ analysis: a }: { analysis: ContextAnalysis }) {
  const compactions = a.compactions.filter((c) => c.source === 'compact-boundary').length
  return (
    <section class="cards">
      <StatCard
        id="context-current"
        label="Context now"
        value={formatTokens(a.current.contextTokens)}
        detail={`${formatPercent(a.current.utilization)} of the ${formatTokens(a.window.tokens)} window${a.window.longContext ? ' (long-context)' : ''}`}
      />
      <StatCard
        id="context-peak"
        label="Peak"
        value={formatTokens(a.peak.contextTokens)}
        detail={`${formatPercent(a.peak.utilization)}${a.peak.line === null ? '' : ` at line ${a.peak.line}`}`}
      />
      <StatCard
        id="context-requests"
        label="Requests"
        value={formatInteger(a.requests.length)}
        detail={`${formatInteger(a.turns)} turns · ${formatInteger(a.subagents.length)} sub-agents`}
      />
      <StatCard
        label="Growth"
        value={`+${formatTokens(a.growth.tokensPerRequest)}`}
        detail={
          a.growth.requestsUntilFull === null
            ? 'tokens per request'
            : `tokens per request · full in ~${formatInteger(a.growth.requestsUntilFull)} requests`
        }
      />
      <StatCard
        id="context-compactions"
        label="Compactions"
        value={formatInteger(compactions)}
        detail={compactions === 0 ? 'never compacted' : 'the window was summarised'}
      />
    </section>
  )
}

interface ChartSectionProps {
  analysis: ContextAnalysis
  scale: ChartScale
  timezone: string
  sessionHref: string
}

function ChartSection({ analysis, scale, timezone, sessionHref }: ChartSectionProps) {
  const chart = contextChart(analysis)
  const other = scale === 'window' ? 'data' : 'window'
  return (
    <>
      <p class="muted">
        {scale === 'window'
          ? 'Scaled to the model’s window. '
          : 'Scaled to the largest request; the window may be above the chart. '}
        <a href={`${sessionHref}/context${other === 'window' ? '' : '?scale=data'}`}>
          {other === 'window' ? 'Show the whole window' : 'Zoom to the requests'}
        </a>
        {chart.requestsPerBar > 1
          ? ` · each bar is the largest of ${chart.requestsPerBar} consecutive requests`
          : ''}
      </p>
      <ContextWindowChart
        chart={chart}
        scale={scale}
        formatY={formatTokens}
        unit={1}
        describe={(b) => barTitle(b, chart, timezone)}
        describeMarker={(m) =>
          `Compaction at line ${m.line}${m.trigger ? ` (${m.trigger})` : ''}${
            m.preTokens === null
              ? ''
              : `: ${formatInteger(m.preTokens)} → ${formatInteger(m.postTokens ?? 0)} tokens`
          }`
        }
      />
    </>
  )
}

function barTitle(b: ContextChart['bars'][number], chart: ContextChart, timezone: string): string {
  const when = b.timestamp === null ? '' : ` ${formatTime(b.timestamp, timezone)}`
  const parts = chart.series
    .map((s, i) => `${s.name} ${formatInteger(b.values[i] ?? 0)}`)
    .filter((_, i) => (b.values[i] ?? 0) > 0)
  return `Request #${b.request}${when} (line ${b.line}): ${formatInteger(b.contextTokens)} tokens, ${formatPercent(b.utilization)} of the window\n${parts.join('\n')}`
}

function Composition({ analysis }: { analysis: ContextAnalysis }) {
  const parts = analysis.composition.filter((p) => p.tokens > 0)
  if (parts.length === 0) return <p class="empty">Nothing in the context yet.</p>
  return (
    <table class="data" id="composition">
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col" class="num">
            Items
          </th>
          <th scope="col" class="num">
            Tokens
          </th>
          <th scope="col" class="num">
            Share
          </th>
        </tr>
      </thead>
      <tbody>
        {parts.map((p) => (
          <>
            <tr>
              <th scope="row">{kindLabels[p.kind]}</th>
              <td class="num" safe>
                {formatInteger(p.items)}
              </td>
              <td class="num" safe>
                {formatInteger(p.tokens)}
              </td>
              <td class="num" safe>
                {formatPercent(p.share)}
              </td>
            </tr>
            {p.byTool.slice(0, 10).map((t) => (
              <tr class="sub">
                <td class="mono indent" safe>
                  {t.tool}
                </td>
                <td class="num" safe>
                  {formatInteger(t.items)}
                </td>
                <td class="num" safe>
                  {formatInteger(t.tokens)}
                </td>
                <td />
              </tr>
            ))}
          </>
        ))}
      </tbody>
    </table>
  )
}
