// Keeps the usage rollup (usage-rollup-sql.ts) fresh enough. Reads ask for the newest complete build;
// when none exists, or when more than REFRESH_AFTER copies were stamped since its watermark, a new
// build is made first (from the previous one when there is one, so a refresh costs about what the
// correction it replaces costs). Builds are rows tagged with a random id and marked complete only
// after they are written, so processes refreshing at once each make their own, identical build and
// readers take one. Old builds are dropped once a newer one has been complete for a while.

import { num, str } from '../row-cells.ts'
import type { ClickHouseConnection, QueryParams } from './clickhouse-connection.ts'
import {
  copyCountSql,
  fullBuildSql,
  incrementalBuildSql,
  requestSource,
  rollupSource,
  touchedCountSql,
  touchedSessions,
} from './usage-rollup-sql.ts'

export interface RollupBuild {
  build: number
  /** Seconds: the build holds every copy and span stamped at or before this. */
  watermark: number
}

/** Copies and spans stamped after a build's watermark past which a read refreshes first. */
const REFRESH_AFTER = 20_000
/** Copies a first build merges per statement. */
const COPIES_PER_PART = 2_000_000
/** Past this many touched sessions a read merges every request instead (they travel in the SQL text). */
const MAX_TOUCHED_SESSIONS = 2000
/** A build superseded this long ago can no longer be in use by a read. */
const DROP_AFTER_SECONDS = 600
/** An incomplete build this old was abandoned. */
const ABANDONED_AFTER_SECONDS = 3600

export class UsageRollup {
  readonly #conn: ClickHouseConnection
  readonly #db: string
  readonly #lagSeconds: number
  #refreshing: Promise<RollupBuild | null> | undefined

  /** `lagSeconds`: how far behind the server's clock a watermark is, so inserts under way are seen. */
  constructor(conn: ClickHouseConnection, db: string, lagSeconds: number) {
    this.#conn = conn
    this.#db = db
    this.#lagSeconds = lagSeconds
  }

  /**
   * Rollup-shaped usage rows for a read and their parameters: the rollup when `fits` (usage-sql.ts's
   * rollupFits) and a build exists, else every request merged now.
   */
  async source(fits: boolean): Promise<{ sql: string; params: QueryParams }> {
    const current = fits ? await this.current() : null
    const touched = current === null || current.touched === 0 ? [] : await this.#touchedSessions(current)
    if (current === null || touched.length > MAX_TOUCHED_SESSIONS)
      return { sql: requestSource(this.#db), params: {} }
    return {
      sql: rollupSource(this.#db, touched.length > 0),
      params: { rollupBuild: current.build, ...(touched.length > 0 ? { touched } : {}) },
    }
  }

  async #touchedSessions(build: RollupBuild): Promise<string[]> {
    const rows = await this.#conn.rows(
      `SELECT DISTINCT session_id AS s FROM (${touchedSessions(this.#db, 'watermark')})`,
      { watermark: build.watermark },
    )
    return rows.map((r) => str(r, 's'))
  }

  /**
   * The build reads should use, refreshed first when it lags too far, with how many copies and spans
   * were stamped since; null when nothing can be built.
   */
  async current(): Promise<(RollupBuild & { touched: number }) | null> {
    const newest = await this.#newest()
    const touched = newest === null ? null : await this.#touched(newest)
    if (newest !== null && touched !== null && touched <= REFRESH_AFTER) return { ...newest, touched }
    // A build that failed (a timeout on a large first build) leaves reads on the last one, or on
    // every request; the next read tries again.
    const fresh = (await this.refresh().catch(() => null)) ?? newest
    return fresh === null ? null : { ...fresh, touched: await this.#touched(fresh) }
  }

  async #touched(build: RollupBuild): Promise<number> {
    const [row] = await this.#conn.rows(touchedCountSql(this.#db), { watermark: build.watermark })
    return row ? num(row, 'n') : 0
  }

  /** Builds anew only when copies or spans were stamped after the newest build's watermark. */
  async refreshIfStale(): Promise<RollupBuild | null> {
    const newest = await this.#newest()
    if (newest !== null && (await this.#touched(newest)) === 0) return newest
    return this.refresh()
  }

  /** Makes a build at the current watermark (one at a time per process). */
  refresh(): Promise<RollupBuild | null> {
    this.#refreshing ??= this.#build().finally(() => {
      this.#refreshing = undefined
    })
    return this.#refreshing
  }

  /** After a purge: every build made before it is void. */
  async reset(): Promise<void> {
    await this.#conn.insert(`${this.#db}.usage_rollup_builds`, [
      { build: randomId(), kind: 'reset', epoch: 0 },
    ])
  }

  async #epochAndWatermark(): Promise<{ epoch: number; watermark: number }> {
    const [row] = await this.#conn.rows(
      `SELECT countIf(kind = 'reset') AS epoch, toUInt32(now()) - {lag:UInt32} AS watermark
       FROM ${this.#db}.usage_rollup_builds`,
      { lag: this.#lagSeconds },
    )
    return { epoch: row ? num(row, 'epoch') : 0, watermark: row ? num(row, 'watermark') : 0 }
  }

  async #newest(): Promise<RollupBuild | null> {
    const [row] = await this.#conn.rows(
      `SELECT build, watermark FROM ${this.#db}.usage_rollup_builds
       WHERE kind = 'build' AND epoch = (SELECT countIf(kind = 'reset') FROM ${this.#db}.usage_rollup_builds)
       ORDER BY watermark DESC, build LIMIT 1`,
    )
    return row ? { build: num(row, 'build'), watermark: num(row, 'watermark') } : null
  }

  async #build(): Promise<RollupBuild | null> {
    // The epoch is read before any data: a purge finishing during the build voids it.
    const { epoch, watermark } = await this.#epochAndWatermark()
    const base = await this.#newest()
    if (base !== null && base.watermark >= watermark) return base
    const build = randomId()
    const params: QueryParams = { build, watermark }
    if (base === null) {
      const [count] = await this.#conn.rows(copyCountSql(this.#db))
      const parts = Math.max(1, Math.ceil((count ? num(count, 'n') : 0) / COPIES_PER_PART))
      for (let part = 0; part < parts; part++)
        await this.#conn.command(fullBuildSql(this.#db), { ...params, part, parts })
    } else {
      const incremental = { ...params, base: base.build, baseWatermark: base.watermark }
      for (const sql of incrementalBuildSql(this.#db)) await this.#conn.command(sql, incremental)
    }
    await this.#conn.insert(`${this.#db}.usage_rollup_builds`, [{ build, kind: 'build', epoch, watermark }])
    await this.#dropOld()
    return { build, watermark }
  }

  /** Drops builds superseded (by a newer build or a reset) long enough ago, and abandoned ones. */
  async #dropOld(): Promise<void> {
    const records = await this.#conn.rows(
      `SELECT build, kind, watermark, toUInt32(built_at) AS at, toUInt32(now()) AS now
       FROM ${this.#db}.usage_rollup_builds`,
    )
    const parts = await this.#conn.rows(
      `SELECT partition, max(toUInt32(modification_time)) AS at FROM system.parts
       WHERE active AND database = {database:String} AND table = 'usage_rollup' GROUP BY partition`,
      { database: this.#db.replaceAll('`', '') },
    )
    const now = num(records[0] ?? {}, 'now')
    const builds = new Map(records.filter((r) => r.kind === 'build').map((r) => [String(r.build), r]))
    const resets = records.filter((r) => r.kind === 'reset').map((r) => num(r, 'at'))
    for (const part of parts) {
      const id = String(part.partition)
      const record = builds.get(id)
      const drop =
        record === undefined
          ? num(part, 'at') < now - ABANDONED_AFTER_SECONDS
          : supersededAt(record, [...builds.values()], resets) < now - DROP_AFTER_SECONDS
      if (drop && /^\d+$/.test(id))
        await this.#conn.command(`ALTER TABLE ${this.#db}.usage_rollup DROP PARTITION ${id}`)
    }
  }
}

/** When a build stopped being the one reads take: a newer build completed, or a reset came. */
function supersededAt(
  record: Record<string, unknown>,
  builds: readonly Record<string, unknown>[],
  resets: readonly number[],
): number {
  const at = num(record, 'at')
  const times = [
    ...builds.filter((b) => num(b, 'watermark') > num(record, 'watermark')).map((b) => num(b, 'at')),
    ...resets.filter((r) => r >= at),
  ]
  return times.length ? Math.min(...times) : Number.POSITIVE_INFINITY
}

/** 52 bits, so that it survives JSON as a number. */
function randomId(): number {
  return Math.floor(Math.random() * 2 ** 52)
}
