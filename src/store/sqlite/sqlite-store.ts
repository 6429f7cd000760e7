// The embedded store: one bun:sqlite file, every write in a transaction.

import type { Database, Statement } from 'bun:sqlite'
import { statSync } from 'node:fs'
import type { RateLimitObservation } from '../../model/rate-limits.ts'
import type { ApiRequestRecord, SessionRecord } from '../../model/records.ts'
import type { TelemetryBatch } from '../../model/telemetry-records.ts'
import type { Explorer } from '../explorer.ts'
import { purgeAsFilter } from '../filter-sql.ts'
import { groupedBy, toUsageEvent, toUsageGroup } from '../read-rows.ts'
import type {
  ChangeWatcher,
  FileCheckpoint,
  IngestBatch,
  PurgeFilter,
  PurgeResult,
  RateLimitFilter,
  Store,
  StoreDescription,
} from '../store.ts'
import { telemetryTables } from '../store.ts'
import type { UsageReads } from '../usage-reads.ts'
import type { PricingSplit, UsageDimension, UsageEvent, UsageFilter, UsageGroup } from '../usage-types.ts'
import { SqliteUsageReads } from './dashboard-queries.ts'
import { isDiskFull, keepWalSmall, truncateWal } from './disk-full.ts'
import { requestColumns, type SqlParams, sqliteWhere } from './filter-columns.ts'
import { openDatabase } from './open-database.ts'
import { purgeRateLimits, readRateLimits, writeRateLimits } from './rate-limit-sql.ts'
import { requestParams } from './request-params.ts'
import type { RequestWrites } from './request-writes.ts'
import type { SqliteExplorer } from './sqlite-explorer.ts'
import type { TelemetryWriter } from './telemetry-writes.ts'
import { aggregateUsageSql } from './usage-sql.ts'

export type RequestRow = Record<string, string | number | null>

type RequestWritesModule = typeof import('./request-writes.ts')
type TelemetryWritesModule = typeof import('./telemetry-writes.ts')
type SqliteExplorerModule = typeof import('./sqlite-explorer.ts')
type DataVersionModule = typeof import('./data-version-watcher.ts')

// The write side (statements, rollup bookkeeping, telemetry) loads on first use, synchronously (Bun's
// require loads ES modules): a report only reads.
const telemetryWrites = () => require('./telemetry-writes.ts') as TelemetryWritesModule

interface Writers {
  requests: RequestWrites
  upsertSession: Statement
  saveCheckpoint: Statement
  telemetry: TelemetryWriter
}

export interface SqliteStoreOptions {
  /**
   * SQLite page cache in MB. The default, 8, holds a 4,000-request import batch's dirty pages: with
   * SQLite's 2 MB, a batch spilled pages to the WAL mid-transaction and wrote them again at commit,
   * and a 1 GB import made 152k page writes and 95k page reads; now 52k and 18k. Pages are cached as
   * they are read, so a read-only report does not pay for the size. The collector wants 32: request
   * ids are random keys, and with a small cache each insert into a large index misses it.
   */
  pageCacheMb?: number
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite'
  readonly #db: Database
  readonly #path: string
  // Writers are prepared on first use: a report that only reads spent 1-2 ms of its 50 preparing
  // statements it never runs.
  #writers: Writers | undefined
  /** Set by a write that found the disk full, until a checkpoint has emptied the WAL. */
  #walToTruncate = false
  #explorer: SqliteExplorer | undefined

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.#path = path
    this.#db = openDatabase(path)
    this.#db.exec(`PRAGMA cache_size = -${Math.round((options.pageCacheMb ?? 8) * 1024)}`)
  }

  #write(): Writers {
    if (!this.#writers) {
      const { RequestWrites } = require('./request-writes.ts') as RequestWritesModule
      this.#writers = {
        requests: new RequestWrites(this.#db, INSERT_REQUEST, MERGE_REQUEST, true),
        upsertSession: this.#db.prepare(UPSERT_SESSION),
        saveCheckpoint: this.#db.prepare(SAVE_CHECKPOINT),
        telemetry: new (telemetryWrites().TelemetryWriter)(this.#db),
      }
    }
    return this.#writers
  }

  /** Every write goes through here: a full disk must not leave a WAL that grows back and fills it again. */
  #writing<T>(write: () => T): T {
    if (this.#walToTruncate) this.#walToTruncate = !truncateWal(this.#db)
    try {
      return write()
    } catch (error) {
      if (isDiskFull(error)) {
        keepWalSmall(this.#db)
        this.#walToTruncate = !truncateWal(this.#db)
      }
      throw error
    }
  }

  /** For tests and tools that need the raw connection (e.g. a read-only explorer opens its own). */
  get path(): string {
    return this.#path
  }

  async getCheckpoints(): Promise<Map<string, FileCheckpoint>> {
    const rows = this.#db
      .query<FileCheckpoint, []>(
        'SELECT path, dev, ino, size, mtime_ms AS mtimeMs, offset FROM import_checkpoints',
      )
      .all()
    return new Map(rows.map((r) => [r.path, r]))
  }

  async ingest(batch: IngestBatch, checkpoints: readonly FileCheckpoint[] = []): Promise<number> {
    const { requests, upsertSession, saveCheckpoint, telemetry } = this.#write()
    const write = this.#db.transaction(() => {
      let added = 0
      for (const r of batch.requests) if (requests.write(requestParams(r))) added++
      requests.finish()
      for (const s of batch.sessions) upsertSession.run(sessionParams(s))
      telemetry.adoptSessionProjects(batch.sessions)
      telemetry.writeTranscriptToolCalls(batch.toolCalls ?? [], batch.toolResults ?? [])
      writeRateLimits(this.#db, batch.rateLimits ?? [])
      for (const checkpoint of checkpoints) {
        saveCheckpoint.run({
          $path: checkpoint.path,
          $dev: checkpoint.dev,
          $ino: checkpoint.ino,
          $size: checkpoint.size,
          $mtime: checkpoint.mtimeMs,
          $offset: checkpoint.offset,
        })
      }
      return added
    })
    return this.#writing(write)
  }

  async countApiRequests(): Promise<number> {
    return this.#db.query<{ n: number }, []>('SELECT count(*) AS n FROM api_requests').get()?.n ?? 0
  }

  async aggregateUsage(
    filter: UsageFilter,
    dimensions: readonly UsageDimension[],
    split: PricingSplit,
  ): Promise<UsageGroup[]> {
    const { sql, params } = aggregateUsageSql(filter, dimensions, split)
    const grouped = groupedBy(dimensions)
    return this.#db
      .query<Record<string, string | number | null>, SqlParams>(sql)
      .all(params)
      .map((r) => toUsageGroup(r, grouped))
  }

  async listUsageEvents(filter: UsageFilter, split: PricingSplit): Promise<UsageEvent[]> {
    const { where, params } = sqliteWhere(filter, requestColumns)
    return this.#db
      .query<Record<string, string | number | null>, SqlParams>(
        `SELECT ts AS timestamp, model, input_tokens AS inputTokens, output_tokens AS outputTokens,
           cache_creation_tokens AS cacheCreationTokens, cache_read_tokens AS cacheReadTokens,
           coalesce(cache_creation_1h_tokens, 0) AS cacheCreation1hTokens, cost_usd AS costUsd,
           (input_tokens + cache_creation_tokens + cache_read_tokens > $threshold) AS longContext
         FROM api_requests ${where} ORDER BY ts`,
      )
      .all({ ...params, $threshold: split.longContextThreshold })
      .map(toUsageEvent)
  }

  async *exportApiRequests(filter: UsageFilter): AsyncIterable<ApiRequestRecord> {
    const { where, params } = sqliteWhere(filter, requestColumns)
    const query = this.#db.query<RequestRow, SqlParams>(
      `SELECT * FROM api_requests ${where} ORDER BY ts, key`,
    )
    for (const row of query.iterate(params)) yield requestFromRow(row)
  }

  async describe(): Promise<StoreDescription> {
    const count = (table: string) =>
      this.#db.query<{ n: number }, []>(`SELECT count(*) AS n FROM ${table}`).get()?.n ?? 0
    const range = this.#db
      .query<{ lo: number | null; hi: number | null }, []>(
        'SELECT min(ts) AS lo, max(ts) AS hi FROM api_requests',
      )
      .get()
    return {
      kind: 'sqlite',
      location: this.#path,
      bytes: fileBytes(this.#path) + fileBytes(`${this.#path}-wal`),
      tables: [
        'api_requests',
        'sessions',
        'import_checkpoints',
        ...telemetryTables,
        'rate_limit_observations',
      ].map((name) => ({
        name,
        rows: count(name),
      })),
      oldestTimestamp: range?.lo ?? null,
      newestTimestamp: range?.hi ?? null,
    }
  }

  async purge(filter: PurgeFilter): Promise<PurgeResult> {
    const { where, params } = sqliteWhere(purgeAsFilter(filter), requestColumns)
    const write = this.#db.transaction(() => {
      telemetryWrites().purgeTelemetry(this.#db, filter)
      purgeRateLimits(this.#db, filter)
      const apiRequests = this.#db
        .query<never, SqlParams>(`DELETE FROM api_requests ${where}`)
        .run(params).changes
      // Sessions go when none of their requests are left.
      const sessions = this.#db
        .query('DELETE FROM sessions WHERE session_id NOT IN (SELECT DISTINCT session_id FROM api_requests)')
        .run().changes
      // Forget checkpoints too, so a later import can bring back what is still on disk only on purpose:
      // a purge with no filter is a reset; a filtered one keeps checkpoints so purged rows stay gone.
      if (filter.before === undefined && filter.project === undefined)
        this.#db.exec('DELETE FROM import_checkpoints')
      return { apiRequests, sessions }
    })
    return this.#writing(write)
  }

  async ingestTelemetry(batch: TelemetryBatch): Promise<void> {
    const { telemetry } = this.#write()
    this.#writing(() => telemetry.write(batch, Date.now()))
  }

  async pruneTelemetry(before: number): Promise<number> {
    return this.#writing(() => telemetryWrites().pruneRawTelemetry(this.#db, before))
  }

  async recordRateLimits(observations: readonly RateLimitObservation[]): Promise<void> {
    writeRateLimits(this.#db, observations)
  }

  async listRateLimits(filter: RateLimitFilter): Promise<RateLimitObservation[]> {
    return readRateLimits(this.#db, filter)
  }

  reads(): UsageReads {
    return new SqliteUsageReads(this.#db)
  }

  explorer(): Explorer {
    // Loaded on demand, like the writers: only the dashboard ever asks.
    const { createSqliteExplorer } = require('./sqlite-explorer.ts') as SqliteExplorerModule
    this.#explorer ??= createSqliteExplorer(this.#path)
    return this.#explorer
  }

  watchChanges(onChange: () => void): ChangeWatcher {
    const { watchDataVersion } = require('./data-version-watcher.ts') as DataVersionModule
    return watchDataVersion(this.#path, onChange)
  }

  /** Nothing to keep up: the rollup is written with the rows. */
  async maintain(): Promise<void> {}

  async close(): Promise<void> {
    // A writer leaves no WAL behind: SQLite's own checkpoint at close is only the last connection's,
    // and it does not shrink a WAL that a full disk left large.
    if (this.#writers !== undefined || this.#walToTruncate) truncateWal(this.#db)
    this.#explorer?.close()
    this.#db.close()
  }
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

// The copy that is kept brings its context (session, project, time, branch): a transcript copy with
// more tokens than the stored one replaces it whole, as within a batch, so which file is read first
// does not decide a response's session. A row only telemetry has seen (it knows no project, message id
// or branch) takes the transcript's context when the transcript copy arrives; see telemetry-writes.ts
// for the other order.
const TAKES_CONTEXT = "(source = 'otlp' OR excluded.total_tokens > total_tokens)"

// The 5-minute/1-hour cache split goes with the kept tokens; on a tie with a telemetry copy the
// transcript's split wins when it has one, as telemetry-sql.ts does in the other order.
const split = (column: string) =>
  `iif(excluded.total_tokens > total_tokens, excluded.${column},
    iif(source = 'otlp' AND excluded.total_tokens = total_tokens, coalesce(excluded.${column}, ${column}), ${column}))`

// Duplicates of one response keep the most complete copy (largest token total); a cost figure or
// duration from any copy is kept.
const INSERT_REQUEST = `
INSERT INTO api_requests (key, message_id, request_id, session_id, project, model, ts, input_tokens,
  output_tokens, cache_creation_tokens, cache_creation_5m_tokens, cache_creation_1h_tokens,
  cache_read_tokens, total_tokens, cost_usd, duration_ms, git_branch, version, is_sidechain, agent_id, source)
VALUES ($key, $messageId, $requestId, $sessionId, $project, $model, $ts, $input, $output, $cc, $cc5m, $cc1h,
  $cr, $total, $cost, $duration, $branch, $version, $sidechain, $agent, $source)`

const MERGE_REQUEST = `
ON CONFLICT (key) DO UPDATE SET
  input_tokens = iif(excluded.total_tokens > total_tokens, excluded.input_tokens, input_tokens),
  output_tokens = iif(excluded.total_tokens > total_tokens, excluded.output_tokens, output_tokens),
  cache_creation_tokens = iif(excluded.total_tokens > total_tokens, excluded.cache_creation_tokens, cache_creation_tokens),
  cache_creation_5m_tokens = ${split('cache_creation_5m_tokens')},
  cache_creation_1h_tokens = ${split('cache_creation_1h_tokens')},
  cache_read_tokens = iif(excluded.total_tokens > total_tokens, excluded.cache_read_tokens, cache_read_tokens),
  total_tokens = max(excluded.total_tokens, total_tokens),
  cost_usd = coalesce(cost_usd, excluded.cost_usd),
  duration_ms = coalesce(duration_ms, excluded.duration_ms),
  message_id = coalesce(message_id, excluded.message_id),
  request_id = coalesce(request_id, excluded.request_id),
  session_id = iif(${TAKES_CONTEXT}, excluded.session_id, session_id),
  project = iif(${TAKES_CONTEXT}, excluded.project, project),
  ts = iif(${TAKES_CONTEXT}, excluded.ts, ts),
  git_branch = iif(${TAKES_CONTEXT}, excluded.git_branch, git_branch),
  is_sidechain = iif(${TAKES_CONTEXT}, excluded.is_sidechain, is_sidechain),
  agent_id = iif(${TAKES_CONTEXT}, coalesce(excluded.agent_id, agent_id), agent_id),
  version = iif(${TAKES_CONTEXT}, coalesce(excluded.version, version), version),
  source = iif(${TAKES_CONTEXT}, excluded.source, source)
WHERE excluded.total_tokens > total_tokens
   OR (cost_usd IS NULL AND excluded.cost_usd IS NOT NULL)
   OR (duration_ms IS NULL AND excluded.duration_ms IS NOT NULL)
   OR ${TAKES_CONTEXT}
`

const UPSERT_SESSION = `
INSERT INTO sessions (session_id, project, transcript_path, first_ts, last_ts, version, git_branch)
VALUES ($id, $project, $path, $first, $last, $version, $branch)
ON CONFLICT (session_id) DO UPDATE SET
  project = iif(project = '', excluded.project, project),
  transcript_path = coalesce(excluded.transcript_path, transcript_path),
  first_ts = min(first_ts, excluded.first_ts),
  last_ts = max(last_ts, excluded.last_ts),
  version = iif(excluded.last_ts >= last_ts, coalesce(excluded.version, version), version),
  -- Telemetry knows no branch: a transcript's is kept even when telemetry saw the session later.
  git_branch = iif(excluded.last_ts >= last_ts, coalesce(excluded.git_branch, git_branch),
    coalesce(git_branch, excluded.git_branch))
`

const SAVE_CHECKPOINT = `
INSERT INTO import_checkpoints (path, dev, ino, size, mtime_ms, offset)
VALUES ($path, $dev, $ino, $size, $mtime, $offset)
ON CONFLICT (path) DO UPDATE SET dev = excluded.dev, ino = excluded.ino, size = excluded.size,
  mtime_ms = excluded.mtime_ms, offset = excluded.offset
`

function sessionParams(s: SessionRecord): Record<string, string | number | null> {
  return {
    $id: s.sessionId,
    $project: s.project,
    $path: s.transcriptPath,
    $first: s.firstTimestamp,
    $last: s.lastTimestamp,
    $version: s.version,
    $branch: s.gitBranch,
  }
}

export function requestFromRow(row: RequestRow): ApiRequestRecord {
  const str = (k: string) => (row[k] === null ? null : String(row[k]))
  const num = (k: string) => Number(row[k] ?? 0)
  const maybeNum = (k: string) => (row[k] === null ? null : Number(row[k]))
  return {
    key: String(row.key),
    messageId: str('message_id'),
    requestId: str('request_id'),
    sessionId: String(row.session_id),
    project: String(row.project),
    model: String(row.model),
    timestamp: num('ts'),
    inputTokens: num('input_tokens'),
    outputTokens: num('output_tokens'),
    cacheCreationTokens: num('cache_creation_tokens'),
    cacheCreation5mTokens: maybeNum('cache_creation_5m_tokens'),
    cacheCreation1hTokens: maybeNum('cache_creation_1h_tokens'),
    cacheReadTokens: num('cache_read_tokens'),
    costUsd: maybeNum('cost_usd'),
    durationMs: maybeNum('duration_ms'),
    gitBranch: str('git_branch'),
    version: str('version'),
    isSidechain: row.is_sidechain === 1,
    agentId: str('agent_id'),
    source: row.source === 'otlp' ? 'otlp' : 'transcript',
  }
}
