// The Sessions list (search, sort, pages) and one session's page (timeline, tokens per request, context
// size over time).

import type { FilterState } from '../../../views/contract/filter-state.ts'
import type { SessionDetail, TimelineEntry } from '../../../views/pages/session-page.tsx'
import {
  type SessionListItem,
  type SessionListQuery,
  type SessionSort,
  type SessionsData,
  sessionSorts,
} from '../../../views/pages/sessions-page.tsx'
import { requestCost, rowsByCost } from '../../analytics/usage-report.ts'
import { cacheHitRate, contextTokens, totalTokens } from '../../model/records.ts'
import type { ApiErrorRow, RequestRow, ToolCallRow } from '../../model/usage-rows.ts'
import { ambiguousMessage, matchSessionPrefix } from '../../sessions/session-prefix.ts'
import { DashboardInputError } from '../dashboard-input-error.ts'
import { type Query, text, toDashboardFilter } from '../filters/dashboard-filters.ts'
import type { PageContext } from './page-context.ts'

export const SESSIONS_PER_PAGE = 50

export function parseSessionListQuery(query: Query): SessionListQuery {
  const sortText = text(query, 'sort') ?? 'last'
  const sort = sessionSorts.find((s) => s === sortText)
  if (!sort)
    throw new DashboardInputError(
      'invalid-input',
      `Expected \`sort\` to be one of ${sessionSorts.join(', ')}, got \`${sortText}\``,
    )
  const orderText = text(query, 'order') ?? 'desc'
  if (orderText !== 'asc' && orderText !== 'desc')
    throw new DashboardInputError(
      'invalid-input',
      `Expected \`order\` to be asc or desc, got \`${orderText}\``,
    )
  const pageText = text(query, 'page') ?? '1'
  if (!/^\d{1,6}$/.test(pageText) || Number(pageText) < 1)
    throw new DashboardInputError(
      'invalid-input',
      `Expected \`page\` to be a positive number, got \`${pageText}\``,
    )
  const q = text(query, 'q')
  const result: SessionListQuery = { sort, order: orderText, page: Number(pageText) }
  if (q) result.q = q
  return result
}

const sortValue = {
  last: (s: SessionListItem) => s.lastTimestamp,
  cost: (s: SessionListItem) => s.cost,
  tokens: (s: SessionListItem) => s.tokens,
  requests: (s: SessionListItem) => s.requests,
} as const satisfies Record<SessionSort, (s: SessionListItem) => number>

export async function loadSessions(
  ctx: PageContext,
  state: FilterState,
  query: Query,
): Promise<SessionsData> {
  const list = parseSessionListQuery(query)
  const filter = toDashboardFilter(state, ctx.timezone, ctx.now())
  if (list.q !== undefined) filter.search = list.q
  const groups = await ctx.reads.rollupUsage(filter, ['session', 'project'], ctx.costs.split)
  const rows = rowsByCost(groups, (g) => g.sessionId ?? '', ctx.costs)
  const items = rows.map((r) => ({
    sessionId: r.key,
    project: r.project ?? '',
    firstTimestamp: r.firstTimestamp,
    lastTimestamp: r.lastTimestamp,
    requests: r.requests,
    tokens: r.totalTokens,
    cost: r.totalCost,
    models: r.modelsUsed,
    unpriced: r.unpricedModels.length > 0,
  }))
  const value = sortValue[list.sort]
  const sign = list.order === 'asc' ? 1 : -1
  items.sort((a, b) => sign * (value(a) - value(b)) || a.sessionId.localeCompare(b.sessionId))
  const pages = Math.max(1, Math.ceil(items.length / SESSIONS_PER_PAGE))
  const page = Math.min(list.page, pages)
  return {
    query: list,
    list: {
      items: items.slice((page - 1) * SESSIONS_PER_PAGE, page * SESSIONS_PER_PAGE),
      total: items.length,
      page,
      pages,
    },
  }
}

const TIMELINE_LIMIT = 500
const CHART_LIMIT = 1000
/** A main-thread context that falls below half of a large previous one was most likely compacted. */
const COMPACTION_MIN_CONTEXT = 40_000

/** Pure: merges requests, tool calls and errors into one timeline, marking compactions. */
export function buildTimeline(
  requests: readonly RequestRow[],
  tools: readonly ToolCallRow[],
  errors: readonly ApiErrorRow[],
  cost: (r: RequestRow) => number | null,
): TimelineEntry[] {
  const entries: TimelineEntry[] = []
  let previousMain: number | null = null
  for (const r of requests) {
    const context = contextTokens(r)
    if (r.querySource === 'compact') {
      entries.push({
        kind: 'compaction',
        timestamp: r.timestamp,
        from: previousMain ?? context,
        to: context,
        reported: true,
      })
    } else if (!r.isSidechain) {
      if (previousMain !== null && previousMain >= COMPACTION_MIN_CONTEXT && context < previousMain / 2) {
        entries.push({
          kind: 'compaction',
          timestamp: r.timestamp,
          from: previousMain,
          to: context,
          reported: false,
        })
      }
      previousMain = context
    }
    entries.push({
      kind: 'request',
      timestamp: r.timestamp,
      request: r,
      tokens: totalTokens(r),
      context,
      cost: cost(r),
    })
  }
  for (const t of tools) entries.push({ kind: 'tool', timestamp: t.timestamp, tool: t })
  for (const e of errors) entries.push({ kind: 'error', timestamp: e.timestamp, error: e })
  return entries.sort((a, b) => a.timestamp - b.timestamp)
}

/** A full session id, or a unique prefix of one (the 8 characters the pages show) made whole. */
async function resolveSessionId(ctx: PageContext, input: string): Promise<string> {
  if (await ctx.reads.session(input)) return input
  const match = matchSessionPrefix(input, await ctx.reads.sessionIdsByPrefix(input, 50))
  if (match.kind === 'ambiguous')
    throw new DashboardInputError('invalid-input', ambiguousMessage(input, match.candidates))
  return match.kind === 'found' ? match.sessionId : input
}

export async function loadSession(ctx: PageContext, input: string): Promise<SessionDetail> {
  const sessionId = await resolveSessionId(ctx, input)
  const [session, requests, events] = await Promise.all([
    ctx.reads.session(sessionId),
    ctx.reads.sessionRequests(sessionId),
    ctx.reads.sessionEvents(sessionId),
  ])
  if (!session && requests.length === 0)
    throw new DashboardInputError('not-found', `No session \`${sessionId}\``)
  const groups = await ctx.reads.rollupUsage({ sessionId }, [], ctx.costs.split)
  const row = rowsByCost(groups, () => sessionId, ctx.costs)[0]
  const timeline = buildTimeline(
    requests,
    events.tools,
    events.errors,
    (r) => requestCost(r, ctx.costs) ?? null,
  )
  const first = requests[0]
  const last = requests[requests.length - 1]
  return {
    session: session ?? {
      sessionId,
      project: first?.project ?? '',
      transcriptPath: null,
      firstTimestamp: first?.timestamp ?? 0,
      lastTimestamp: last?.timestamp ?? 0,
      version: null,
      gitBranch: null,
    },
    requests: requests.slice(-CHART_LIMIT),
    requestsHidden: Math.max(0, requests.length - CHART_LIMIT),
    totals: {
      requests: requests.length,
      tokens: row?.totalTokens ?? 0,
      cost: row?.totalCost ?? 0,
      cacheHitRate: row ? cacheHitRate(row) : null,
      peakContext: requests.reduce((m, r) => Math.max(m, contextTokens(r)), 0),
    },
    models: row?.modelsUsed ?? [],
    unpricedModels: row?.unpricedModels ?? [],
    timeline: timeline.slice(-TIMELINE_LIMIT),
    timelineHidden: Math.max(0, timeline.length - TIMELINE_LIMIT),
    toolCalls: events.tools.length,
    errors: events.errors.length,
  }
}
