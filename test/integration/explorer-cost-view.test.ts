// The explorer's `requests` view gives each request the cost the reports use: Claude Code's figure
// when telemetry had one, else priced from the bundled table (long-context tier, 1-hour cache writes,
// price periods), NULL for a model with no price; and its time as readable text.

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { buildReport } from '../../src/analytics/build-report.ts'
import { defaultCostModel } from '../../src/analytics/pricing/default-cost-model.ts'
import { createSqliteExplorer } from '../../src/store/sqlite/sqlite-explorer.ts'
import { apiRequest, createTestDashboard, seedSample, type TestDashboard } from '../helpers/dashboard.ts'

let dash: TestDashboard
let explorer: ReturnType<typeof createSqliteExplorer>
const limits = { rowLimit: 100, timeoutMs: 10_000, maxOutputBytes: 1_000_000 }

beforeAll(async () => {
  dash = createTestDashboard()
  await seedSample(dash.store)
  await dash.store.ingest({
    requests: [
      apiRequest(30, { sessionId: 'session-long', cacheReadTokens: 250_000 }),
      apiRequest(31, {
        sessionId: 'session-1h',
        model: 'claude-haiku-4-5-20251001',
        cacheCreationTokens: 5000,
        cacheCreation5mTokens: 1000,
        cacheCreation1hTokens: 4000,
      }),
      apiRequest(32, { sessionId: 'session-unpriced', model: 'claude-future-9' }),
      apiRequest(33, { sessionId: 'session-1h', timestamp: Date.UTC(2024, 5, 1, 12), costUsd: 0.25 }),
    ],
    sessions: [],
  })
  explorer = createSqliteExplorer(dash.dbPath)
})

afterAll(async () => {
  explorer.close()
  await dash.close()
})

describe('the explorer requests view', () => {
  it('sums to the session report cost, per session, with the cost source and an ISO time', async () => {
    const outcome = await explorer.run(
      `SELECT session_id, sum(cost), group_concat(DISTINCT cost_source), min(time_utc), count(*)
       FROM requests GROUP BY session_id ORDER BY session_id`,
      limits,
    )
    if (!outcome.ok) throw new Error(outcome.message)
    const report = await buildReport(dash.store, 'session', defaultCostModel(), {
      filter: {},
      timezone: 'UTC',
      order: 'asc',
      startOfWeek: 'monday',
      now: Date.now(),
    })
    if (report.kind === 'blocks') throw new Error('not a session report')
    const reported = new Map(report.rows.map((r) => [r.key, r]))
    expect(outcome.result.rows.map((r) => r[0])).toEqual([...reported.keys()].sort())
    for (const [session, cost, sources, time] of outcome.result.rows) {
      const row = reported.get(String(session))
      if (session === 'session-unpriced') {
        expect([cost, sources]).toEqual([null, 'unpriced'])
        expect(row?.unpricedModels).toEqual(['claude-future-9'])
        continue
      }
      expect([session, cost]).toEqual([session, expect.closeTo(row?.totalCost ?? -1, 9)])
      expect(String(time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
      if (session === 'session-old') expect(sources).toBe('claude-code')
      if (session === 'session-a') expect(sources).toBe('computed')
      if (session === 'session-1h')
        expect(String(sources).split(',').sort()).toEqual(['claude-code', 'computed'])
    }
  })

  it('is listed in the schema beside the tables', async () => {
    const view = (await explorer.schema()).find((t) => t.name === 'requests')
    expect(view?.kind).toBe('view')
    expect(view?.columns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['cost', 'cost_source', 'time_utc']),
    )
  })

  it('leaves the store file unwritten and refuses writes to its own rates', async () => {
    const outcome = await explorer.run('UPDATE temp.model_rates SET input = 0 RETURNING model', limits)
    expect(outcome.ok).toBe(false)
  })
})
