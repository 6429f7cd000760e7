import { afterEach, describe, expect, it } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiRequestRecord } from '../../model/records.ts'
import { SqliteStore } from './sqlite-store.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempStore(): SqliteStore {
  const dir = mkdtempSync(join(tmpdir(), 'cc-store-'))
  dirs.push(dir)
  return new SqliteStore(join(dir, 'store.db'))
}

const copy = (sessionId: string, outputTokens: number, timestamp: number): ApiRequestRecord => ({
  key: 'msg_1|req_1',
  messageId: 'msg_1',
  requestId: 'req_1',
  sessionId,
  project: `/home/dev/${sessionId}`,
  model: 'claude-sonnet-4-5-20250929',
  timestamp,
  inputTokens: 10,
  outputTokens,
  cacheCreationTokens: 0,
  cacheCreation5mTokens: null,
  cacheCreation1hTokens: null,
  cacheReadTokens: 0,
  costUsd: null,
  durationMs: null,
  gitBranch: sessionId,
  version: '2.1.0',
  isSidechain: false,
  agentId: null,
  source: 'transcript',
})

async function stored(store: SqliteStore): Promise<ApiRequestRecord[]> {
  const rows = []
  for await (const r of store.exportApiRequests({})) rows.push(r)
  return rows
}

describe('SqliteStore.ingest', () => {
  it('keeps the most complete copy of a response whole, whichever batch brings it', async () => {
    const store = tempStore()
    await store.ingest({ requests: [copy('resumed', 5, 2000)], sessions: [] })
    await store.ingest({ requests: [copy('original', 50, 1000)], sessions: [] })
    await store.ingest({ requests: [copy('late', 20, 3000)], sessions: [] })
    expect(await stored(store)).toEqual([copy('original', 50, 1000)])
    await store.close()
  })
})
