// Team mode in the dashboard: usage by user and team from telemetry, and the user/team filters.

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import type { TelemetryApiRequest } from '../../src/model/telemetry-records.ts'
import { emptyTelemetryBatch } from '../../src/model/telemetry-records.ts'
import {
  apiRequest,
  createTestDashboard,
  get,
  leafText,
  parseHtml,
  seedSample,
  type TestDashboard,
} from '../helpers/dashboard.ts'

const HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
let dash: TestDashboard

function sent(n: number, userEmail: string, team: string): TelemetryApiRequest {
  return {
    ...apiRequest(n, {
      key: `req:team-${n}`,
      requestId: `team-${n}`,
      messageId: null,
      source: 'otlp',
      costUsd: 0.25,
    }),
    ttftMs: 100,
    querySource: 'sdk',
    promptId: null,
    userId: `id-${userEmail}`,
    userEmail,
    organizationId: 'org-1',
    team,
  }
}

beforeAll(async () => {
  dash = createTestDashboard()
  await seedSample(dash.store)
  const batch = emptyTelemetryBatch()
  batch.apiRequests.push(
    sent(40, 'ana@example.com', 'platform'),
    sent(41, 'ana@example.com', 'platform'),
    sent(42, 'bo@example.com', 'platform'),
    sent(43, 'cy@example.com', HOSTILE),
  )
  await dash.store.ingestTelemetry(batch)
})

afterAll(async () => {
  await dash.close()
})

/** The rows of the table with this id: [key, requests]. */
function tableRows(html: string, id: string): [string, string][] {
  const table = html.slice(html.indexOf(`id="${id}"`), html.indexOf('</table>', html.indexOf(`id="${id}"`)))
  const body = table.slice(table.indexOf('<tbody>'))
  return [
    ...body.matchAll(/<td class="key"[^>]*>.*?>([^<]*)<\/(?:a|span)>.*?<td class="num">([^<]*)</gs),
  ].map((m) => [m[1] ?? '', m[2] ?? ''])
}

describe('Team page', () => {
  it('sums requests by team and by user, with unattributed transcript requests on their own row', async () => {
    const res = await get(dash.app, '/team?range=all')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(tableRows(html, 'teams')).toEqual([
      ['(unattributed)', '11'],
      ['platform', '3'],
      ['&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;', '1'],
    ])
    // Sorted by cost: bo and cy tie, so compare them as a set.
    const users = tableRows(html, 'users')
    expect(users.slice(0, 2)).toEqual([
      ['(unattributed)', '11'],
      ['ana@example.com', '2'],
    ])
    expect(users.slice(2).sort()).toEqual([
      ['bo@example.com', '1'],
      ['cy@example.com', '1'],
    ])
    // Parsed as a browser would: the name is text (and a quoted attribute), never an element.
    const parsed = await parseHtml(html)
    expect(parsed.scripts).toEqual(['/assets/htmx.min.js', '/assets/hx-sse.min.js', '/assets/live-status.js'])
    expect(parsed.elements).not.toContain('img')
    expect(html).toContain('href="/?range=all&team=platform"')
  })

  it('filters the overview by team and by user, and keeps the filter as a chip', async () => {
    const platform = await (await get(dash.app, '/?range=all&team=platform')).text()
    expect(leafText(platform, 'range-total')).toContain('3 requests in this range')
    expect(platform).toContain('name="team" value="platform" checked')
    const ana = await (await get(dash.app, '/?range=all&user=ana%40example.com')).text()
    expect(leafText(ana, 'range-total')).toContain('2 requests in this range')
    const both = await (await get(dash.app, '/sessions?range=all&team=platform&user=bo%40example.com')).text()
    expect(leafText(both, 'sessions-count')).toBe('1 sessions · page 1 of 1')
    expect(both).toContain('href="/team?range=all&user=bo%40example.com&team=platform"')
  })

  it('explains team mode when nothing is attributed', async () => {
    const html = await (await get(dash.app, '/team?range=all&project=beta')).text()
    expect(html).toContain('OTEL_RESOURCE_ATTRIBUTES=team=NAME')
  })
})
