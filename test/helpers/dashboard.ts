// A dashboard app over a temporary sqlite store (or any store), driven through app.handle
// (no port), plus request records to fill it with.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultCostModel } from '../../src/analytics/pricing/default-cost-model.ts'
import type { ApiRequestRecord, SessionRecord } from '../../src/model/records.ts'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts'
import type { Store } from '../../src/store/store.ts'
import { createDashboardApp, type DashboardApp } from '../../src/web/create-dashboard-app.ts'
import { SseHub } from '../../src/web/live/sse-hub.ts'
import { accessCookieName } from '../../src/web/security/dashboard-access.ts'
import { allowedHostNames } from '../../src/web/security/host-allow-list.ts'
import { type ServicesControl, supervisorNotRunning } from '../../src/web/services/services-control.ts'

export const TEST_PORT = 8110
export const TEST_CSRF = 'test-csrf-token'
export const TEST_ACCESS_TOKEN = 'test-access-token-0123456789abcdefghijklmnop'
/** The cookie the dashboard sets after `?token=`: every helper request carries it unless told otherwise. */
export const ACCESS_COOKIE = `${accessCookieName(TEST_PORT)}=${TEST_ACCESS_TOKEN}`
/** 2026-03-10 15:00 UTC: "now" for every dashboard test. */
export const NOW = Date.parse('2026-03-10T15:00:00Z')

export interface TestDashboard {
  app: DashboardApp
  store: SqliteStore
  hub: SseHub
  dbPath: string
  close(): Promise<void>
}

export function createTestDashboard(
  services: ServicesControl = supervisorNotRunning('The supervisor is not running'),
  claudeDirs: readonly string[] = [],
): TestDashboard {
  const dir = mkdtempSync(join(tmpdir(), 'cc-dashboard-'))
  const dbPath = join(dir, 'store.db')
  const store = new SqliteStore(dbPath)
  const hub = new SseHub()
  const app = testDashboardApp(store, hub, services, claudeDirs)
  return {
    app,
    store,
    hub,
    dbPath,
    async close() {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The app as the tests see it, over any store: UTC, "now" at NOW, our test port and CSRF token. */
export function testDashboardApp(
  store: Store,
  hub: SseHub = new SseHub(),
  services: ServicesControl = supervisorNotRunning('The supervisor is not running'),
  claudeDirs: readonly string[] = [],
): DashboardApp {
  return createDashboardApp({
    store,
    costs: defaultCostModel(),
    timezone: 'UTC',
    now: () => NOW,
    hub,
    services,
    csrfToken: TEST_CSRF,
    accessToken: TEST_ACCESS_TOKEN,
    hosts: { names: allowedHostNames('127.0.0.1'), port: () => TEST_PORT },
    claudeDirs,
  })
}

export function get(
  app: DashboardApp,
  path: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return app.handle(
    new Request(`http://localhost:${TEST_PORT}${path}`, {
      headers: { host: `localhost:${TEST_PORT}`, cookie: ACCESS_COOKIE, ...headers },
    }),
  )
}

export function post(
  app: DashboardApp,
  path: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return app.handle(
    new Request(`http://localhost:${TEST_PORT}${path}`, {
      method: 'POST',
      headers: {
        host: `localhost:${TEST_PORT}`,
        cookie: ACCESS_COOKIE,
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      body: new URLSearchParams(form).toString(),
    }),
  )
}

export function apiRequest(n: number, overrides: Partial<ApiRequestRecord> = {}): ApiRequestRecord {
  return {
    key: `req:test-${n}`,
    messageId: `msg_${n}`,
    requestId: `test-${n}`,
    sessionId: 'session-a',
    project: '/home/dev/src/alpha',
    model: 'claude-sonnet-4-5-20250929',
    timestamp: NOW - 2 * 3_600_000 + n * 60_000,
    inputTokens: 100,
    outputTokens: 1000,
    cacheCreationTokens: 2000,
    cacheReadTokens: 30_000 + n * 1000,
    cacheCreation5mTokens: 2000,
    cacheCreation1hTokens: 0,
    costUsd: null,
    durationMs: 1500,
    gitBranch: 'main',
    version: '2.1.0',
    isSidechain: false,
    agentId: null,
    source: 'transcript',
    ...overrides,
  }
}

export function sessionRecord(
  sessionId: string,
  project: string,
  first: number,
  last: number,
): SessionRecord {
  return {
    sessionId,
    project,
    transcriptPath: null,
    firstTimestamp: first,
    lastTimestamp: last,
    version: '2.1.0',
    gitBranch: 'main',
  }
}

/** Two projects, two models, three sessions; one request a week ago, the rest within the last two hours. */
export async function seedSample(store: Store): Promise<void> {
  const requests = [
    ...Array.from({ length: 6 }, (_, i) => apiRequest(i)),
    ...Array.from({ length: 4 }, (_, i) =>
      apiRequest(10 + i, {
        sessionId: 'session-b',
        project: '/home/dev/src/beta',
        model: 'claude-opus-4-1-20250805',
      }),
    ),
    apiRequest(20, { sessionId: 'session-old', timestamp: NOW - 6 * 86_400_000, costUsd: 2.5 }),
  ]
  await store.ingest({
    requests,
    sessions: [
      sessionRecord('session-a', '/home/dev/src/alpha', NOW - 2 * 3_600_000, NOW - 3_600_000),
      sessionRecord('session-b', '/home/dev/src/beta', NOW - 2 * 3_600_000, NOW - 3_600_000),
      sessionRecord('session-old', '/home/dev/src/alpha', NOW - 6 * 86_400_000, NOW - 6 * 86_400_000),
    ],
  })
}

/** Parses HTML as a browser would and returns element names, script sources and text. */
export async function parseHtml(
  html: string,
): Promise<{ elements: string[]; scripts: (string | null)[]; text: string }> {
  const found = { elements: [] as string[], scripts: [] as (string | null)[], text: '' }
  await new HTMLRewriter()
    .on('*', {
      element(el) {
        found.elements.push(el.tagName)
        if (el.tagName === 'script') found.scripts.push(el.getAttribute('src'))
      },
      text(t) {
        found.text += t.text
      },
    })
    .transform(new Response(html))
    .text()
  return found
}

/** Text of a leaf element (no child elements) with this id, or undefined. */
export function leafText(html: string, id: string): string | undefined {
  return new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1]
}
