// The team store: requests and sessions in ClickHouse over HTTP, import checkpoints in a local file.
// Writes append every copy of a request; reads deduplicate (see usage-sql.ts), merges tidy up later.

import type { ApiRequestRecord } from '../../model/records.ts'
import type { DashboardReads } from '../dashboard-reads.ts'
import type {
  FileCheckpoint,
  IngestBatch,
  PricingSplit,
  PurgeFilter,
  PurgeResult,
  Store,
  StoreDescription,
  UsageDimension,
  UsageEvent,
  UsageFilter,
  UsageGroup,
} from '../store.ts'
import { StoreError } from '../store-error.ts'
import { CheckpointFile, type MigrateProgress } from './checkpoint-file.ts'
import { ClickHouseConnection, maybeNum, num, type QueryParams, str } from './clickhouse-connection.ts'
import { type ClickHouseTarget, redactedLocation } from './clickhouse-url.ts'
import { migrate } from './migrations.ts'
import { fromRow, requestRow, sessionRow } from './request-rows.ts'
import { aggregateUsageSql, dedupedRequests, filterClause, usageEventsSql } from './usage-sql.ts'

export interface ClickHouseStoreOptions {
  target: ClickHouseTarget
  /** The local bun:sqlite file for import checkpoints. */
  checkpointPath: string
  /** Overrides the target's `?timeout=`. */
  requestTimeoutMs?: number
  /** How long purge waits for ClickHouse to apply its deletes. @default 60000 */
  mutationTimeoutMs?: number
}

export class ClickHouseStore implements Store {
  readonly kind = 'clickhouse'
  readonly #conn: ClickHouseConnection
  readonly #target: ClickHouseTarget
  readonly #db: string
  readonly #checkpoints: CheckpointFile
  readonly #mutationTimeoutMs: number
  #ready: Promise<void> | undefined

  constructor(options: ClickHouseStoreOptions) {
    this.#target = options.target
    this.#db = `\`${options.target.database}\``
    this.#conn = new ClickHouseConnection(
      options.target,
      options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs },
    )
    this.#checkpoints = new CheckpointFile(options.checkpointPath)
    this.#mutationTimeoutMs = options.mutationTimeoutMs ?? 60_000
  }

  /** Connects and migrates once; every method waits for it, and a failure is retried on the next call. */
  ready(): Promise<void> {
    this.#ready ??= migrate(this.#conn, this.#target.database).catch((error: unknown) => {
      this.#ready = undefined
      throw error
    })
    return this.#ready
  }

  async getCheckpoints(): Promise<Map<string, FileCheckpoint>> {
    return this.#checkpoints.all()
  }

  /** Checkpoints are saved only after ClickHouse took the rows: a crash in between re-reads, never skips. */
  async ingest(batch: IngestBatch, checkpoints: readonly FileCheckpoint[] = []): Promise<void> {
    await this.ready()
    await this.#conn.insert(`${this.#db}.api_requests`, batch.requests.map(requestRow))
    await this.#conn.insert(`${this.#db}.sessions`, batch.sessions.map(sessionRow))
    if (checkpoints.length) this.#checkpoints.save(checkpoints)
  }

  async countApiRequests(): Promise<number> {
    await this.ready()
    return this.#count(`SELECT uniqExact(key) AS n FROM ${this.#db}.api_requests`)
  }

  async aggregateUsage(
    filter: UsageFilter,
    dimensions: readonly UsageDimension[],
    split: PricingSplit,
  ): Promise<UsageGroup[]> {
    await this.ready()
    const { sql, params } = aggregateUsageSql(this.#db, filter, dimensions, split)
    const rows = await this.#conn.rows(sql, params)
    return rows.map((r) => ({
      bucket: dimensions.includes('bucket') ? num(r, 'g_bucket') : null,
      sessionId: dimensions.includes('session') ? str(r, 'g_session') : null,
      project: dimensions.includes('project') ? str(r, 'g_project') : null,
      user: dimensions.includes('user') ? str(r, 'g_user') : null,
      team: dimensions.includes('team') ? str(r, 'g_team') : null,
      model: str(r, 'g_model'),
      longContext: num(r, 'g_long') === 1,
      hasCost: num(r, 'g_has_cost') === 1,
      inputTokens: num(r, 'inputTokens'),
      outputTokens: num(r, 'outputTokens'),
      cacheCreationTokens: num(r, 'cacheCreationTokens'),
      cacheCreation1hTokens: num(r, 'cacheCreation1hTokens'),
      cacheReadTokens: num(r, 'cacheReadTokens'),
      costUsd: num(r, 'costUsd'),
      requests: num(r, 'requests'),
      firstTimestamp: num(r, 'firstTimestamp'),
      lastTimestamp: num(r, 'lastTimestamp'),
    }))
  }

  async listUsageEvents(filter: UsageFilter, split: PricingSplit): Promise<UsageEvent[]> {
    await this.ready()
    const { sql, params } = usageEventsSql(this.#db, filter, split)
    const rows = await this.#conn.rows(sql, params)
    return rows.map((r) => ({
      timestamp: num(r, 'timestamp'),
      model: str(r, 'model'),
      inputTokens: num(r, 'inputTokens'),
      outputTokens: num(r, 'outputTokens'),
      cacheCreationTokens: num(r, 'cacheCreationTokens'),
      cacheReadTokens: num(r, 'cacheReadTokens'),
      cacheCreation1hTokens: num(r, 'cacheCreation1hTokens'),
      costUsd: maybeNum(r, 'costUsd'),
      longContext: num(r, 'longContext') === 1,
    }))
  }

  async *exportApiRequests(filter: UsageFilter): AsyncIterable<ApiRequestRecord> {
    await this.ready()
    const { where, params } = filterClause(filter)
    const sql = `SELECT * FROM ${dedupedRequests(this.#db)} ${where} ORDER BY r_ts, r_key`
    for await (const row of this.#conn.stream(sql, params)) yield fromRow(row)
  }

  async describe(): Promise<StoreDescription> {
    await this.ready()
    const [range] = await this.#conn.rows(
      `SELECT count() AS n, min(r_ts) AS lo, max(r_ts) AS hi FROM ${dedupedRequests(this.#db)}`,
    )
    const sessions = await this.#count(`SELECT uniqExact(session_id) AS n FROM ${this.#db}.sessions`)
    const bytes = await this.#count(
      'SELECT sum(bytes_on_disk) AS n FROM system.parts WHERE active AND database = {db:String}',
      { db: this.#target.database },
    )
    const requests = range ? num(range, 'n') : 0
    return {
      kind: 'clickhouse',
      location: redactedLocation(this.#target),
      bytes,
      tables: [
        { name: 'api_requests', rows: requests },
        { name: 'sessions', rows: sessions },
        { name: 'import_checkpoints', rows: this.#checkpoints.count() },
      ],
      oldestTimestamp: requests && range ? num(range, 'lo') : null,
      newestTimestamp: requests && range ? num(range, 'hi') : null,
    }
  }

  /** Deletes are ClickHouse mutations; this waits until they are applied so the counts hold on return. */
  async purge(filter: PurgeFilter): Promise<PurgeResult> {
    await this.ready()
    const { where, params } = filterClause({
      ...(filter.before === undefined ? {} : { until: filter.before }),
      ...(filter.project === undefined ? {} : { project: filter.project }),
    })
    // ClickHouse 18.16 cannot run a mutation whose subquery aggregates, so the keys to delete (chosen
    // on the deduplicated rows, as every read is) are collected in a scratch table first.
    const scratch = `${this.#db}.purge_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
    await this.#conn.command(`CREATE TABLE ${scratch} (key String) ENGINE = Memory`)
    let apiRequests = 0
    try {
      await this.#conn.command(
        `INSERT INTO ${scratch} SELECT r_key FROM ${dedupedRequests(this.#db)} ${where}`,
        params,
      )
      apiRequests = await this.#count(`SELECT count() AS n FROM ${scratch}`)
      if (apiRequests > 0)
        await this.#conn.command(
          `ALTER TABLE ${this.#db}.api_requests DELETE WHERE key IN (SELECT key FROM ${scratch})`,
        )
      await this.#waitForMutations()
    } finally {
      await this.#conn.command(`DROP TABLE IF EXISTS ${scratch}`)
    }
    // Sessions go when none of their requests are left.
    const orphans = `session_id NOT IN (SELECT session_id FROM ${this.#db}.api_requests)`
    const sessions = await this.#count(
      `SELECT uniqExact(session_id) AS n FROM ${this.#db}.sessions WHERE ${orphans}`,
    )
    if (sessions > 0) await this.#conn.command(`ALTER TABLE ${this.#db}.sessions DELETE WHERE ${orphans}`)
    await this.#waitForMutations()
    // As in the embedded store: an unfiltered purge is a reset; a filtered one keeps checkpoints so
    // purged rows stay gone.
    if (filter.before === undefined && filter.project === undefined) this.#checkpoints.clear()
    return { apiRequests, sessions }
  }

  /** For `migrate --to`: how far a copy of the embedded store at `source` got. */
  migrateProgress(source: string): MigrateProgress | null {
    return this.#checkpoints.migrateProgress(source)
  }

  saveMigrateProgress(source: string, progress: MigrateProgress): void {
    this.#checkpoints.saveMigrateProgress(source, progress)
  }

  /** How many of `keys` the server holds; the keys travel in a request body, never in SQL. */
  async countPresentKeys(keys: AsyncIterable<string>): Promise<{ checked: number; present: number }> {
    await this.ready()
    const scratch = `${this.#db}.verify_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
    await this.#conn.command(`CREATE TABLE ${scratch} (key String) ENGINE = Memory`)
    try {
      let checked = 0
      let batch: { key: string }[] = []
      for await (const key of keys) {
        batch.push({ key })
        if (batch.length < 10_000) continue
        await this.#conn.insert(scratch, batch)
        checked += batch.length
        batch = []
      }
      await this.#conn.insert(scratch, batch)
      checked += batch.length
      const present = await this.#count(
        `SELECT uniqExact(key) AS n FROM ${scratch} WHERE key IN (SELECT key FROM ${this.#db}.api_requests)`,
      )
      return { checked, present }
    } finally {
      await this.#conn.command(`DROP TABLE IF EXISTS ${scratch}`)
    }
  }

  async ingestTelemetry(): Promise<void> {
    throw unsupported('OpenTelemetry ingest (the collector)')
  }

  async pruneTelemetry(): Promise<number> {
    throw unsupported('telemetry retention')
  }

  dashboardReads(): DashboardReads {
    throw unsupported('the dashboard')
  }

  async close(): Promise<void> {
    this.#checkpoints.close()
    await this.#conn.close()
  }

  async #count(sql: string, params: QueryParams = {}): Promise<number> {
    const [row] = await this.#conn.rows(sql, params)
    return row ? num(row, 'n') : 0
  }

  async #waitForMutations(): Promise<void> {
    const deadline = Date.now() + this.#mutationTimeoutMs
    const pending = 'SELECT count() AS n FROM system.mutations WHERE database = {db:String} AND is_done = 0'
    while ((await this.#count(pending, { db: this.#target.database })) > 0) {
      if (Date.now() > deadline)
        throw new StoreError('store-timeout', 'ClickHouse did not finish deleting within the time allowed')
      await Bun.sleep(50)
    }
  }
}

function unsupported(what: string): StoreError {
  return new StoreError(
    'store-unsupported',
    `The ClickHouse store does not support ${what} yet; use --store sqlite`,
  )
}
