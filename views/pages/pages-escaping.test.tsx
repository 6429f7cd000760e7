/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
// Every page rendered with hostile data: project paths, models, tool names, session ids and errors that
// carry markup must come out as text, and no page may carry inline script or style (the CSP forbids it).

import { describe, expect, it } from 'bun:test'
import type { SummaryRow } from '../../src/analytics/usage-report.ts'
import { FilteredPage } from '../components/filtered-page.tsx'
import { ExplorerPage } from './explorer-page.tsx'
import { overviewView } from './overview-page.tsx'
import { projectsView } from './projects-page.tsx'
import { ServicesPage } from './services-page.tsx'
import type { SessionDetail } from './session-page.tsx'
import { SessionPage } from './session-page.tsx'
import { sessionsView } from './sessions-page.tsx'
import { telemetryView } from './telemetry-page.tsx'
import { toolsView } from './tools-page.tsx'

const evil = '<script>alert(1)</script>'
const evilAttr = '"><img src=x onerror=alert(1)>'
const evilProject = `/home/me/${evil}/${evilAttr}`

function row(key: string): SummaryRow {
  return {
    key,
    requests: 3,
    inputTokens: 10,
    outputTokens: 20,
    cacheCreationTokens: 30,
    cacheReadTokens: 40,
    totalTokens: 100,
    totalCost: 1.5,
    modelsUsed: [evil],
    unpricedModels: [evil],
    firstTimestamp: 0,
    lastTimestamp: 1000,
    project: evilProject,
  }
}

const request = {
  key: evilAttr,
  sessionId: evilAttr,
  project: evilProject,
  model: evil,
  timestamp: 1_700_000_000_000,
  inputTokens: 5,
  outputTokens: 6,
  cacheCreationTokens: 7,
  cacheCreation1hTokens: 0,
  cacheReadTokens: 8,
  costUsd: null,
  durationMs: 10,
  isSidechain: false,
  agentId: null,
  querySource: 'compact',
}

const session: SessionDetail = {
  session: {
    sessionId: evilAttr,
    project: evilProject,
    transcriptPath: null,
    firstTimestamp: 0,
    lastTimestamp: 1000,
    version: evil,
    gitBranch: evilAttr,
  },
  requests: [request],
  requestsHidden: 0,
  totals: { requests: 1, tokens: 26, cost: 0, cacheHitRate: 0.5, peakContext: 20 },
  models: [evil],
  unpricedModels: [evil],
  timeline: [
    { kind: 'request', timestamp: 1, request, tokens: 26, context: 20, cost: null },
    {
      kind: 'tool',
      timestamp: 2,
      tool: {
        sessionId: 's',
        toolName: evilAttr,
        timestamp: 2,
        success: false,
        durationMs: 5,
        resultBytes: 9,
        error: evil,
      },
    },
    {
      kind: 'error',
      timestamp: 3,
      error: { sessionId: 's', timestamp: 3, model: evil, statusCode: 529, error: evil },
    },
    { kind: 'compaction', timestamp: 4, from: 100, to: 10, reported: true },
  ],
  timelineHidden: 0,
  toolCalls: 1,
  errors: 1,
}

// A menu entry named with markup: the menu is data (the dashboard's page table), escaped like the rest.
const nav = [{ href: '/', label: evil, keepsFilters: true }]
const live = {
  liveVersion: 3,
  liveUrl: `/x?project=${encodeURIComponent(evilAttr)}`,
  navQuery: '',
  nav,
  timezone: 'UTC',
}
const state = { range: '30d' as const, project: evilAttr, model: evil }

const pages: [string, () => JSX.Element][] = [
  [
    'overview',
    () =>
      FilteredPage(overviewView, {
        ...live,
        state,
        projects: [evilProject],
        models: [evil],
        timezone: 'UTC',
        data: {
          storeEmpty: false,
          periods: [{ key: 'today', label: 'Today', cost: 1, tokens: 2, requests: 3 }],
          block: {
            id: 'b',
            startTime: '2026-01-01T00:00:00.000Z',
            endTime: '2026-01-01T05:00:00.000Z',
            actualEndTime: null,
            isActive: true,
            isGap: false,
            entries: 1,
            tokenCounts: {
              inputTokens: 1,
              outputTokens: 1,
              cacheCreationInputTokens: 1,
              cacheReadInputTokens: 1,
            },
            totalTokens: 4,
            costUSD: 1,
            models: [evil],
            unpricedModels: [],
            burnRate: { tokensPerMinute: 1, costPerHour: 2 },
            projection: { totalTokens: 10, totalCost: 3, remainingMinutes: 20 },
            activeMinutes: 30,
            tooLittleActivity: false,
          },
          daily: [{ key: evil, cost: 1, tokens: 2, requests: 1 }],
          byModel: [row(evil)],
          byProject: [row(evilProject)],
          totals: { cost: 1, tokens: 2, requests: 3 },
          unpricedModels: [evil],
          feed: [
            {
              key: evilAttr,
              timestamp: 0,
              sessionId: evilAttr,
              project: evilProject,
              model: evil,
              tokens: 1,
              contextTokens: 1,
              cost: null,
            },
          ],
        },
      }),
  ],
  [
    'sessions',
    () =>
      FilteredPage(sessionsView, {
        ...live,
        state,
        projects: [evilProject],
        models: [evil],
        timezone: 'UTC',
        data: {
          query: { q: evilAttr, sort: 'last', order: 'desc', page: 1 },
          list: {
            items: [
              {
                sessionId: evilAttr,
                project: evilProject,
                firstTimestamp: 0,
                lastTimestamp: 0,
                requests: 1,
                tokens: 2,
                cost: 3,
                models: [evil],
                unpriced: true,
              },
            ],
            total: 1,
            page: 1,
            pages: 1,
          },
        },
      }),
  ],
  ['session', () => SessionPage({ detail: session, timezone: 'UTC', liveVersion: 1, liveUrl: '/s', nav })],
  [
    'projects',
    () =>
      FilteredPage(projectsView, {
        ...live,
        state,
        projects: [evilProject],
        models: [evil],
        data: {
          projects: [row(evilProject)],
          models: [row(evil)],
          projectTrends: [{ name: evilProject, points: [{ day: evil, start: 0, cost: 1 }] }],
          modelTrends: [{ name: evil, points: [{ day: evil, start: 0, cost: 1 }] }],
        },
      }),
  ],
  [
    'tools',
    () =>
      FilteredPage(toolsView, {
        ...live,
        state,
        projects: [],
        models: [],
        data: {
          tools: [
            {
              toolName: evilAttr,
              calls: 2,
              successes: 1,
              failures: 1,
              avgDurationMs: 3,
              avgResultBytes: 4,
              totalResultBytes: 8,
            },
          ],
          trends: [{ name: evilAttr, points: [{ day: evil, start: 0, value: 1 }] }],
        },
      }),
  ],
  [
    'telemetry',
    () =>
      FilteredPage(telemetryView, {
        ...live,
        state,
        projects: [],
        models: [],
        timezone: 'UTC',
        data: {
          headlines: [{ label: 'Commits', unit: 'count', value: 2 }],
          metrics: [{ name: evil, type: evilAttr, value: 1 }],
          linesTrend: [{ name: 'Lines added', points: [{ day: evil, start: 0, value: 1 }] }],
          errorsByStatus: [{ statusCode: 529, count: 1 }],
          recentErrors: [{ sessionId: evilAttr, timestamp: 0, model: evil, statusCode: 529, error: evil }],
          logRecords: 1,
        },
      }),
  ],
  [
    'explorer',
    () =>
      ExplorerPage({
        sql: `SELECT '${evil}' -- </textarea>${evil}`,
        dialect: 'SQLite',
        schema: [{ name: evil, kind: 'table', columns: [{ name: evilAttr, type: evil }] }],
        outcome: {
          ok: true,
          result: { columns: [evil], rows: [[evilAttr], [null], [1]], truncated: false, durationMs: 1 },
        },
        limits: { rowLimit: 10, timeoutMs: 1000, maxOutputBytes: 1_000_000 },
        nav,
      }),
  ],
  [
    'explorer error',
    () =>
      ExplorerPage({
        sql: evil,
        dialect: 'ClickHouse',
        schema: [],
        outcome: { ok: false, code: 'invalid-query', message: evil },
        limits: { rowLimit: 10, timeoutMs: 1000, maxOutputBytes: 1_000_000 },
        nav,
      }),
  ],
  [
    'services',
    () =>
      ServicesPage({
        now: 0,
        csrfToken: evilAttr,
        nav,
        message: { ok: false, text: evil },
        snapshot: {
          running: true,
          supervisor: {
            name: 'supervisor',
            state: 'running',
            pid: 1,
            port: null,
            restarts: 0,
            lastHealthCheck: null,
            lastError: null,
            rssBytes: 1,
            cpuPercent: 0,
            memoryLimitBytes: null,
            warning: null,
          },
          services: [
            {
              name: evilAttr,
              state: evil,
              pid: 2,
              port: 3,
              restarts: 1,
              lastHealthCheck: evil,
              lastError: evil,
              rssBytes: 2,
              cpuPercent: 1,
              memoryLimitBytes: 3,
              warning: evil,
            },
          ],
          history: [{ name: evilAttr, samples: [{ at: 1, rssBytes: 2, cpuPercent: null }] }],
          logs: [{ name: evilAttr, lines: [evil, evilAttr] }],
        },
      }),
  ],
]

interface Parsed {
  elements: string[]
  scripts: (string | null)[]
  handlers: string[]
  styles: number
  text: string
}

/** Parses the HTML as a browser would (HTMLRewriter) and reports what it found. */
async function parse(html: string): Promise<Parsed> {
  const found: Parsed = { elements: [], scripts: [], handlers: [], styles: 0, text: '' }
  await new HTMLRewriter()
    .on('*', {
      element(el) {
        found.elements.push(el.tagName)
        if (el.tagName === 'script') found.scripts.push(el.getAttribute('src'))
        if (el.tagName === 'style') found.styles++
        for (const [name] of el.attributes) {
          if (name.startsWith('on')) found.handlers.push(`${el.tagName}[${name}]`)
          if (name === 'style') found.styles++
        }
      },
      text(t) {
        found.text += t.text
      },
    })
    .transform(new Response(html))
    .text()
  return found
}

describe.each(pages)('%s page', (_, render) => {
  it('shows markup from the data as text, never as elements', async () => {
    const page = await parse(await render())
    expect(page.elements).not.toContain('img')
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  it('has no inline script, event handler or style', async () => {
    const page = await parse(await render())
    expect(page.scripts).toEqual(['/assets/htmx.min.js', '/assets/hx-sse.min.js', '/assets/live-status.js'])
    expect(page.handlers).toEqual([])
    expect(page.styles).toBe(0)
  })
})
