// `store_fallback = "sqlite"`: a ClickHouse store that, when the server cannot be reached on first
// use, hands every call to the embedded store instead (with a warning) until the process restarts.
// An unreachable server only: wrong credentials or a schema too new stay errors.

import { logger } from '../../log.ts'
import type { RateLimitObservation } from '../../model/rate-limits.ts'
import type { ApiRequestRecord } from '../../model/records.ts'
import type { TelemetryBatch } from '../../model/telemetry-records.ts'
import type { Explorer } from '../explorer.ts'
import type {
  ChangeWatcher,
  FileCheckpoint,
  IngestBatch,
  PurgeFilter,
  PurgeResult,
  RateLimitFilter,
  Store,
  StoreDescription,
  StoreKind,
} from '../store.ts'
import { StoreError } from '../store-error.ts'
import type { UsageReads } from '../usage-reads.ts'
import type { PricingSplit, UsageDimension, UsageEvent, UsageFilter, UsageGroup } from '../usage-types.ts'
import type { ClickHouseStore } from './clickhouse-store.ts'

const log = logger('store')
/** How often a watch checks whether the store fell back, so live updates move to the embedded file. @default 1000 */
const FALLBACK_CHECK_MS = 1000

export class FallbackStore implements Store {
  readonly #primary: ClickHouseStore
  readonly #openFallback: () => Store
  readonly #fallbackName: string
  #chosen: Promise<Store> | undefined
  #fallback: Store | undefined

  /** `fallbackName` says where the embedded store is, for the warning. */
  constructor(primary: ClickHouseStore, openFallback: () => Store, fallbackName: string) {
    this.#primary = primary
    this.#openFallback = openFallback
    this.#fallbackName = fallbackName
  }

  /** `clickhouse` until the fallback is taken. */
  get kind(): StoreKind {
    return this.#fallback?.kind ?? this.#primary.kind
  }

  #store(): Promise<Store> {
    this.#chosen ??= this.#primary.ready().then(
      () => this.#primary,
      (error: unknown) => {
        if (!(error instanceof StoreError) || !['store-unavailable', 'store-timeout'].includes(error.code)) {
          this.#chosen = undefined
          throw error
        }
        log.warn(
          `${error.message} Using the embedded store at ${this.#fallbackName} instead (store_fallback = "sqlite") until the next start; \`migrate --to\` copies it to ClickHouse later.`,
        )
        this.#fallback = this.#openFallback()
        return this.#fallback
      },
    )
    return this.#chosen
  }

  async getCheckpoints(): Promise<Map<string, FileCheckpoint>> {
    return (await this.#store()).getCheckpoints()
  }

  async ingest(batch: IngestBatch, checkpoints?: readonly FileCheckpoint[]): Promise<number> {
    return (await this.#store()).ingest(batch, checkpoints)
  }

  async countApiRequests(): Promise<number> {
    return (await this.#store()).countApiRequests()
  }

  async aggregateUsage(
    filter: UsageFilter,
    dimensions: readonly UsageDimension[],
    split: PricingSplit,
  ): Promise<UsageGroup[]> {
    return (await this.#store()).aggregateUsage(filter, dimensions, split)
  }

  async listUsageEvents(filter: UsageFilter, split: PricingSplit): Promise<UsageEvent[]> {
    return (await this.#store()).listUsageEvents(filter, split)
  }

  async *exportApiRequests(filter: UsageFilter): AsyncIterable<ApiRequestRecord> {
    yield* (await this.#store()).exportApiRequests(filter)
  }

  async describe(): Promise<StoreDescription> {
    return (await this.#store()).describe()
  }

  async purge(filter: PurgeFilter): Promise<PurgeResult> {
    return (await this.#store()).purge(filter)
  }

  async ingestTelemetry(batch: TelemetryBatch): Promise<void> {
    return (await this.#store()).ingestTelemetry(batch)
  }

  async pruneTelemetry(before: number): Promise<number> {
    return (await this.#store()).pruneTelemetry(before)
  }

  async maintain(): Promise<void> {
    return (await this.#store()).maintain()
  }

  /** Reads that find their store on first use, as every other call does. */
  async recordRateLimits(observations: readonly RateLimitObservation[]): Promise<void> {
    return (await this.#store()).recordRateLimits(observations)
  }

  async listRateLimits(filter: RateLimitFilter): Promise<RateLimitObservation[]> {
    return (await this.#store()).listRateLimits(filter)
  }

  reads(): UsageReads {
    const reads = async () => (await this.#store()).reads()
    return {
      rollupUsage: async (...a) => (await reads()).rollupUsage(...a),
      firstTimestamp: async () => (await reads()).firstTimestamp(),
      recentRequests: async (...a) => (await reads()).recentRequests(...a),
      sessionRequests: async (...a) => (await reads()).sessionRequests(...a),
      session: async (...a) => (await reads()).session(...a),
      sessionIdsByPrefix: async (...a) => (await reads()).sessionIdsByPrefix(...a),
      sessionEvents: async (...a) => (await reads()).sessionEvents(...a),
      facets: async () => (await reads()).facets(),
      toolUsage: async (...a) => (await reads()).toolUsage(...a),
      telemetry: async (...a) => (await reads()).telemetry(...a),
    }
  }

  /** ClickHouse's explorer while the store is on ClickHouse; the embedded file's once it falls back. */
  explorer(): Explorer {
    const current = () => (this.#fallback ?? this.#primary).explorer()
    return {
      get dialect() {
        return current().dialect
      },
      schema: () => current().schema(),
      run: (sql, limits) => current().run(sql, limits),
    }
  }

  /** Watches ClickHouse, and moves to the embedded file (with one change for the move) once it falls back. */
  watchChanges(onChange: () => void): ChangeWatcher {
    let watcher = (this.#fallback ?? this.#primary).watchChanges(onChange)
    if (this.#fallback) return watcher
    const check = setInterval(() => {
      if (!this.#fallback) return
      clearInterval(check)
      watcher.stop()
      watcher = this.#fallback.watchChanges(onChange)
      onChange()
    }, FALLBACK_CHECK_MS)
    return {
      stop() {
        clearInterval(check)
        watcher.stop()
      },
    }
  }

  async close(): Promise<void> {
    await this.#primary.close()
    await this.#fallback?.close()
  }
}
