// The team store: requests, sessions and telemetry in ClickHouse over HTTP, import checkpoints in a
// local file. Writes append every copy of a record; reads merge them (requests-sql.ts), merges tidy up
// later; usage sums read a rollup kept as of a watermark plus what changed since (usage-rollup.ts).
// A write that failed part way is safe to repeat: nothing is counted twice.

import { type ClickHouseTarget, redactedLocation } from '../../config/clickhouse-url.ts'
import type { RateLimitObservation } from '../../model/rate-limits.ts'
import type { ApiRequestRecord } from '../../model/records.ts'
import type { TelemetryBatch } from '../../model/telemetry-records.ts'
import type { Explorer } from '../explorer.ts'
import { purgeAsFilter } from '../filter-sql.ts'
import { groupedBy, requestFromRow, toUsageEvent, toUsageGroup } from '../read-rows.ts'
import { num } from '../row-cells.ts'
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
import { type TelemetryTable, telemetryTables } from '../store.ts'
import { StoreError } from '../store-error.ts'
import type { UsageReads } from '../usage-reads.ts'
import type { PricingSplit, UsageDimension, UsageEvent, UsageFilter, UsageGroup } from '../usage-types.ts'
import { bindParams } from './bind-params.ts'
import { CheckpointFile, type MigrateProgress } from './checkpoint-file.ts'
import { ClickHouseConnection, type QueryParams } from './clickhouse-connection.ts'
import { ClickHouseUsageReads } from './clickhouse-dashboard-reads.ts'
import { createClickHouseExplorer } from './clickhouse-explorer.ts'
import { clickHouseDataVersion } from './data-version.ts'
import { clickhouseConditions, clickhouseWhere, requestColumns } from './filter-columns.ts'
import { MigrationWrites } from './migration-writes.ts'
import { migrate } from './migrations.ts'
import { pollDataVersion } from './poll-data-version.ts'
import { observationsFromRows, rateLimitRow, rateLimitsSql } from './rate-limit-rows.ts'
import { requestRow } from './request-rows.ts'
import { dedupedRequests } from './requests-sql.ts'
import { sessionSpanRow } from './telemetry-rows.ts'
import { TelemetryWrites } from './telemetry-writes.ts'
import { UsageRollup } from './usage-rollup.ts'
import { aggregateUsageSql, rollupFits, usageEventsSql } from './usage-sql.ts'

export interface ClickHouseStoreOptions {
  target: ClickHouseTarget
  /** The local bun:sqlite file for import checkpoints. */
  checkpointPath: string
  /** Overrides the target's `?timeout=`. */
  requestTimeoutMs?: number
  /** How long purge waits for ClickHouse to apply its deletes. @default 60000 */
  mutationTimeoutMs?: number
  /**
   * How far behind the server's clock the usage rollup's watermark stays, so that inserts still under
   * way are never skipped (usage-rollup.ts). @default 300
   */
  rollupLagSeconds?: number
}

export class ClickHouseStore implements Store {
  readonly kind = 'clickhouse'
  readonly #conn: ClickHouseConnection
  readonly #target: ClickHouseTarget
  readonly #db: string
  readonly #checkpoints: CheckpointFile
  readonly #mutationTimeoutMs: number
  readonly #telemetry: TelemetryWrites
  readonly #rollup: UsageRollup
  #ready: Promise<void> | undefined
  #sideConn: ClickHouseConnection | undefined
  #explorer: Explorer | undefined

  constructor(options: ClickHouseStoreOptions) {
    this.#target = options.target
    this.#db = `\`${options.target.database}\``
    this.#conn = new ClickHouseConnection(
      options.target,
      options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs },
    )
    this.#checkpoints = new CheckpointFile(options.checkpointPath)
    this.#mutationTimeoutMs = options.mutationTimeoutMs ?? 60_000
    this.#telemetry = new TelemetryWrites(this.#conn, this.#db)
    this.#rollup = new UsageRollup(this.#conn, this.#db, options.rollupLagSeconds ?? 300)
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
  async ingest(batch: IngestBatch, checkpoints: readonly FileCheckpoint[] = []): Promise<number> {
    await this.ready()
    const added = await this.#newKeys(batch.requests.map((r) => r.key))
    await this.#conn.insert(`${this.#db}.api_requests`, batch.requests.map(requestRow))
    await this.#conn.insert(
      `${this.#db}.session_spans`,
      batch.sessions.map((s) => sessionSpanRow(s, 'transcript')),
    )
    await this.#telemetry.writeTranscriptToolCalls(batch.toolCalls ?? [], batch.toolResults ?? [])
    if (batch.rateLimits?.length)
      await this.#conn.insert(`${this.#db}.rate_limit_observations`, batch.rateLimits.map(rateLimitRow))
    if (checkpoints.length) this.#checkpoints.save(checkpoints)
    return added
  }

  /** How many of `keys` (distinct) no copy of a request holds yet. */
  async #newKeys(keys: readonly string[]): Promise<number> {
    const unique = [...new Set(keys)]
    if (unique.length === 0) return 0
    const held = await this.#count(
      `SELECT uniqExact(key) AS n FROM (SELECT key FROM ${this.#db}.api_requests WHERE has({keys:Array(String)}, key)
         UNION ALL SELECT key FROM ${this.#db}.otel_requests WHERE has({keys:Array(String)}, key))`,
      { keys: unique },
    )
    return unique.length - held
  }

  async countApiRequests(): Promise<number> {
    await this.ready()
    return this.#count(`SELECT uniqExact(key) AS n FROM (${this.#requestColumn('key')})`)
  }

  async aggregateUsage(
    filter: UsageFilter,
    dimensions: readonly UsageDimension[],
    split: PricingSplit,
  ): Promise<UsageGroup[]> {
    await this.ready()
    const source = await this.#rollup.source(rollupFits(filter, split))
    const { sql, params } = aggregateUsageSql(source.sql, filter, dimensions, split)
    const rows = await this.#conn.rows(sql, { ...params, ...source.params })
    const grouped = groupedBy(dimensions)
    return rows.map((r) => toUsageGroup(r, grouped))
  }

  async listUsageEvents(filter: UsageFilter, split: PricingSplit): Promise<UsageEvent[]> {
    await this.ready()
    const { sql, params } = usageEventsSql(this.#db, filter, split)
    const rows = await this.#conn.rows(sql, params)
    return rows.map(toUsageEvent)
  }

  async *exportApiRequests(filter: UsageFilter): AsyncIterable<ApiRequestRecord> {
    await this.ready()
    const { where, params } = clickhouseWhere(filter, requestColumns)
    const sql = `SELECT * FROM ${dedupedRequests(this.#db)} ${where} ORDER BY r_ts, r_key`
    for await (const row of this.#conn.stream(sql, params)) yield requestFromRow(row, 'r_')
  }

  async describe(): Promise<StoreDescription> {
    await this.ready()
    const [range] = await this.#conn.rows(
      `SELECT count() AS n, min(r_ts) AS lo, max(r_ts) AS hi FROM ${dedupedRequests(this.#db)}`,
    )
    const sessions = await this.#count(`SELECT uniqExact(session_id) AS n FROM ${this.#db}.session_spans`)
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
        ...(await this.#telemetryCounts()),
        {
          name: 'rate_limit_observations',
          rows: await this.#count(
            `SELECT count() AS n FROM (SELECT window, used_percentage, resets_at, session_id
               FROM ${this.#db}.rate_limit_observations GROUP BY window, used_percentage, resets_at, session_id)`,
          ),
        },
      ],
      oldestTimestamp: requests && range ? num(range, 'lo') : null,
      newestTimestamp: requests && range ? num(range, 'hi') : null,
    }
  }

  /** Deletes are ClickHouse mutations; this waits until they are applied so the counts hold on return. */
  async purge(filter: PurgeFilter): Promise<PurgeResult> {
    await this.ready()
    await this.#purgeTelemetry(filter)
    const { where, params } = clickhouseWhere(purgeAsFilter(filter), requestColumns)
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
        for (const table of ['api_requests', 'otel_requests'])
          await this.#conn.command(
            `ALTER TABLE ${this.#db}.${table} DELETE WHERE key IN (SELECT key FROM ${scratch})`,
          )
      await this.#waitForMutations()
    } finally {
      await this.#conn.command(`DROP TABLE IF EXISTS ${scratch}`)
    }
    // Sessions go when none of their requests are left.
    const orphans = `session_id NOT IN (${this.#requestColumn('session_id')})`
    const sessions = await this.#count(
      `SELECT uniqExact(session_id) AS n FROM ${this.#db}.session_spans WHERE ${orphans}`,
    )
    if (sessions > 0)
      await this.#conn.command(`ALTER TABLE ${this.#db}.session_spans DELETE WHERE ${orphans}`)
    await this.#waitForMutations()
    // As in the embedded store: an unfiltered purge is a reset; a filtered one keeps checkpoints so
    // purged rows stay gone.
    if (filter.before === undefined && filter.project === undefined) this.#checkpoints.clear()
    // Deletes stamp nothing: builds made before them are void.
    await this.#rollup.reset()
    return { apiRequests, sessions }
  }

  /** For `migrate --to`: how far a copy of the embedded store at `source` got. */
  migrateProgress(source: string): MigrateProgress | null {
    return this.#checkpoints.migrateProgress(source)
  }

  saveMigrateProgress(source: string, progress: MigrateProgress): void {
    this.#checkpoints.saveMigrateProgress(source, progress)
  }

  /** For `migrate --to`: raw telemetry as the embedded store holds it, and the final check. */
  migrationWrites(): MigrationWrites {
    return new MigrationWrites(this.#conn, this.#db, () => this.ready())
  }

  /** Safe to repeat after a failure (see telemetry-writes.ts): the collector retries until it lands. */
  async ingestTelemetry(batch: TelemetryBatch): Promise<void> {
    await this.ready()
    await this.#telemetry.write(batch, Date.now())
  }

  /** Drops raw OTLP logs and metric points older than `before`; normalized rows stay. */
  async pruneTelemetry(before: number): Promise<number> {
    await this.ready()
    const old = { before }
    const logs = await this.#count(
      `SELECT count() AS n FROM (SELECT ts, hash FROM ${this.#db}.otel_logs WHERE ts < {before:Int64} GROUP BY ts, hash)`,
      old,
    )
    const metrics = await this.#count(
      `SELECT count() AS n FROM (SELECT series, ts, start_key FROM ${this.#db}.otel_metrics
         WHERE ts < {before:Int64} GROUP BY series, ts, start_key)`,
      old,
    )
    // Mutations take their values inline (bound and type-checked here): not every server version
    // substitutes query parameters in ALTER.
    const olderThan = bindParams('ts < {before:Int64}', old)
    if (logs > 0) await this.#conn.command(`ALTER TABLE ${this.#db}.otel_logs DELETE WHERE ${olderThan}`)
    if (metrics > 0) {
      await this.#conn.command(`ALTER TABLE ${this.#db}.otel_metrics DELETE WHERE ${olderThan}`)
      await this.#conn.command(`ALTER TABLE ${this.#db}.otel_metric_series DELETE WHERE ${olderThan}`)
    }
    if (logs + metrics > 0) await this.#waitForMutations()
    return logs + metrics
  }

  /**
   * Brings the usage rollup up to the current watermark now (reads do it themselves when it lags far):
   * for a writer after a large batch, and for tests. Returns the build's watermark (seconds).
   */
  async refreshUsageRollup(): Promise<number | null> {
    await this.ready()
    return (await this.#rollup.refresh())?.watermark ?? null
  }

  /** A new rollup build when copies were stamped since the newest one (or there is none). */
  async maintain(): Promise<void> {
    await this.ready()
    await this.#rollup.refreshIfStale()
  }

  async recordRateLimits(observations: readonly RateLimitObservation[]): Promise<void> {
    await this.ready()
    await this.#conn.insert(`${this.#db}.rate_limit_observations`, observations.map(rateLimitRow))
  }

  async listRateLimits(filter: RateLimitFilter): Promise<RateLimitObservation[]> {
    await this.ready()
    const { sql, params } = rateLimitsSql(this.#db, filter)
    return observationsFromRows(await this.#conn.rows(sql, params))
  }

  reads(): UsageReads {
    return new ClickHouseUsageReads(this.#conn, this.#db, () => this.ready(), this.#rollup)
  }

  /**
   * The explorer and the change watch share a connection of their own, away from the store's reads and
   * writes, with the database as its default so queries name tables as the schema lists them.
   */
  #sideConnection(): ClickHouseConnection {
    this.#sideConn ??= new ClickHouseConnection(this.#target, { database: this.#target.database })
    return this.#sideConn
  }

  /** One explorer per store: it remembers which data its rates were last brought up to date for. */
  explorer(): Explorer {
    this.#explorer ??= createClickHouseExplorer(this.#sideConnection(), this.#target.database)
    return this.#explorer
  }

  watchChanges(onChange: () => void): ChangeWatcher {
    const conn = this.#sideConnection()
    return pollDataVersion(() => clickHouseDataVersion(conn, this.#target.database), onChange)
  }

  async close(): Promise<void> {
    this.#checkpoints.close()
    await this.#sideConn?.close()
    await this.#conn.close()
  }

  /** A column of both tables of request copies (the importer's and the collector's). */
  #requestColumn(column: 'key' | 'session_id'): string {
    return `SELECT ${column} FROM ${this.#db}.api_requests UNION ALL SELECT ${column} FROM ${this.#db}.otel_requests`
  }

  /** Rows as reads see them: copies of one record count once. */
  async #telemetryCounts(): Promise<{ name: string; rows: number }[]> {
    const distinct = {
      tool_calls: 'key',
      api_errors: 'key',
      user_prompts: 'key',
      otel_logs: 'ts, hash',
      otel_metrics: 'series, ts, start_key',
    } as const satisfies Record<TelemetryTable, string>
    const counts = []
    for (const name of telemetryTables)
      counts.push({
        name,
        rows: await this.#count(
          `SELECT count() AS n FROM (SELECT ${distinct[name]} FROM ${this.#db}.${name} GROUP BY ${distinct[name]})`,
        ),
      })
    return counts
  }

  /** The telemetry part of a privacy purge, before the requests that name the project go. */
  async #purgeTelemetry(filter: PurgeFilter): Promise<void> {
    // Mutations keep their SQL text to run later, so values are bound here (as literals for the
    // server, checked against their types by bindParams), not sent as query parameters.
    const byTime = clickhouseConditions(filter.before === undefined ? {} : { until: filter.before }, {
      until: 'ts',
    })
    const conditions = byTime.conditions.map((c) => bindParams(c, byTime.params))
    let scratch: string | null = null
    if (filter.project !== undefined) {
      // 18.16 cannot run a mutation whose subquery aggregates: the sessions go to a scratch table first.
      scratch = `${this.#db}.purge_sessions_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
      await this.#conn.command(`CREATE TABLE ${scratch} (session_id String) ENGINE = Memory`)
      const { where, params } = clickhouseWhere({ project: filter.project }, requestColumns)
      await this.#conn.command(
        `INSERT INTO ${scratch} SELECT DISTINCT r_session_id FROM ${dedupedRequests(this.#db)} ${where}`,
        params,
      )
      conditions.push(`session_id IN (SELECT session_id FROM ${scratch})`)
    }
    try {
      for (const table of [...telemetryTables, 'rate_limit_observations'])
        await this.#conn.command(
          `ALTER TABLE ${this.#db}.${table} DELETE WHERE ${conditions.length ? conditions.join(' AND ') : '1'}`,
        )
      if (conditions.length === 0)
        await this.#conn.command(`ALTER TABLE ${this.#db}.otel_metric_series DELETE WHERE 1`)
      await this.#waitForMutations()
    } finally {
      if (scratch) await this.#conn.command(`DROP TABLE IF EXISTS ${scratch}`)
    }
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
