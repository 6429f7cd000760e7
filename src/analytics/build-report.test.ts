import { afterEach, describe, expect, it } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiRequestRecord } from '../model/records.ts'
import { SqliteStore } from '../store/sqlite/sqlite-store.ts'
import { buildReport, type Report } from './build-report.ts'
import { defaultCostModel } from './pricing/default-cost-model.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const NOW = Date.parse('2026-11-24T12:00:00Z')

function request(i: number, iso: string): ApiRequestRecord {
  return {
    key: `req:${i}`,
    messageId: `msg_${i}`,
    requestId: `${i}`,
    sessionId: 's1',
    project: '/p',
    model: 'claude-sonnet-4-5-20250929',
    timestamp: Date.parse(iso),
    inputTokens: 10 * (i + 1),
    outputTokens: 1,
    cacheCreationTokens: 0,
    cacheCreation5mTokens: null,
    cacheCreation1hTokens: null,
    cacheReadTokens: 0,
    costUsd: null,
    durationMs: null,
    gitBranch: null,
    version: null,
    isSidechain: false,
    agentId: null,
    source: 'transcript',
  }
}

const days = (r: Report) => (r.kind === 'blocks' ? [] : r.rows.map((row) => [row.key, row.inputTokens]))

describe('buildReport daily', () => {
  it('places every request on its local day: years back, across a half-hour zone midnight, and ahead of now', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-report-'))
    dirs.push(dir)
    const store = new SqliteStore(join(dir, 'store.db'))
    await store.ingest({
      requests: [
        request(0, '2023-02-01T10:00:00Z'),
        // 18:29 and 18:31 UTC fall either side of midnight in Kolkata (UTC+5:30).
        request(1, '2026-11-20T18:29:00Z'),
        request(2, '2026-11-20T18:31:00Z'),
        request(3, '2027-01-15T10:00:00Z'),
      ],
      sessions: [],
    })
    const daily = (timezone: string) =>
      buildReport(store, 'daily', defaultCostModel(), {
        filter: {},
        timezone,
        order: 'asc',
        startOfWeek: 'monday',
        now: NOW,
      })
    expect(days(await daily('Asia/Kolkata'))).toEqual([
      ['2023-02-01', 10],
      ['2026-11-20', 20],
      ['2026-11-21', 30],
      ['2027-01-15', 40],
    ])
    expect(days(await daily('UTC'))).toEqual([
      ['2023-02-01', 10],
      ['2026-11-20', 50],
      ['2027-01-15', 40],
    ])
    await store.close()
  })
})
