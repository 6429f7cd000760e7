// `migrate --to clickhouse://…`: copies the embedded store into ClickHouse in (ts, key) order, saving
// how far it got after each batch, so a killed run resumes and a second run copies nothing. The end
// checks that every request key of the source is on the server.

import type { ApiRequestRecord, SessionRecord } from '../../model/records.ts'
import { openDatabase } from '../sqlite/open-database.ts'
import type { SqliteStore } from '../sqlite/sqlite-store.ts'
import type { ClickHouseStore } from './clickhouse-store.ts'

export interface MigrateOptions {
  from: SqliteStore
  to: ClickHouseStore
  /** @default 5000 */
  batchSize?: number
  onProgress?: (copied: number) => void
}

export interface MigrateSummary {
  sourceRequests: number
  /** Copied by this run. */
  copied: number
  /** Copied by an earlier run (skipped now). */
  alreadyCopied: number
  sessions: number
  /** Source request keys found on the server at the end. */
  verified: number
  missing: number
}

export async function migrateToClickHouse(opts: MigrateOptions): Promise<MigrateSummary> {
  const { from, to } = opts
  const batchSize = opts.batchSize ?? 5000
  const sourceRequests = await from.countApiRequests()
  const progress = to.migrateProgress(from.path)
  let copied = 0
  let batch: ApiRequestRecord[] = []
  const flush = async () => {
    const last = batch.at(-1)
    if (!last) return
    await to.ingest({ requests: batch, sessions: [] })
    to.saveMigrateProgress(from.path, { ts: last.timestamp, key: last.key })
    copied += batch.length
    batch = []
    opts.onProgress?.(copied)
  }
  for await (const r of from.exportApiRequests(progress ? { since: progress.ts } : {})) {
    if (progress && r.timestamp === progress.ts && r.key <= progress.key) continue
    batch.push(r)
    if (batch.length >= batchSize) await flush()
  }
  await flush()

  // Sessions are few and idempotent to rewrite: all of them, every run.
  const sessions = readSessions(from.path)
  for (let i = 0; i < sessions.length; i += batchSize)
    await to.ingest({ requests: [], sessions: sessions.slice(i, i + batchSize) })
  // Imports into ClickHouse then go on from where the embedded store's importer stopped.
  await to.ingest({ requests: [], sessions: [] }, [...(await from.getCheckpoints()).values()])

  const { checked, present } = await to.countPresentKeys(keysOf(from))
  // A request that reached the embedded store behind the saved position (a concurrent import of an older
  // line) was skipped: forget the position so the next run copies everything again (duplicates are free).
  if (present < checked) to.saveMigrateProgress(from.path, { ts: Number.MIN_SAFE_INTEGER, key: '' })
  return {
    sourceRequests,
    copied,
    alreadyCopied: Math.max(0, checked - copied),
    sessions: sessions.length,
    verified: present,
    missing: checked - present,
  }
}

async function* keysOf(store: SqliteStore): AsyncIterable<string> {
  for await (const r of store.exportApiRequests({})) yield r.key
}

function readSessions(path: string): SessionRecord[] {
  const db = openDatabase(path, { readonly: true })
  try {
    return db
      .query<SessionRecord, []>(
        `SELECT session_id AS sessionId, project, transcript_path AS transcriptPath, first_ts AS firstTimestamp,
           last_ts AS lastTimestamp, version, git_branch AS gitBranch FROM sessions`,
      )
      .all()
  } finally {
    db.close()
  }
}
