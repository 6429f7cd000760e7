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

const log = logger('store')
/** How long a watch waits before asking again for a store that refused it; doubles up to a minute. @default 1000 */
const READY_RETRY_MS = 1000
const READY_RETRY_MAX_MS = 60_000

/** The ClickHouse store as the fallback needs it: a store that says when it can be used. */
type ReadyStore = Store & { ready(): Promise<void> }

export class FallbackStore implements Store {
  readonly #primary: ReadyStore
  readonly #openFallback: () => Store
  readonly #fallbackName: string
  #chosen: Promise<Store> | undefined
  #fallback: Store | undefined

  /** `fallbackName` says where the embedded store is, for the warning. */
  constructor(primary: ReadyStore, openFallback: () => Store, fallbackName: string) {
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

  /**
   * Watches the store first use chooses, once it is chosen: ClickHouse when it is ready, else the
   * embedded file, with one change for a move made after the watch was asked for.
   */
  watchChanges(onChange: () => void): ChangeWatcher {
    const fellBack = this.#fallback !== undefined
    let watcher: ChangeWatcher | undefined
    let retry: ReturnType<typeof setTimeout> | undefined
    let stopped = false
    const watch = (retryMs: number) => {
      this.#store().then(
        (store) => {
          if (stopped) return
          watcher = store.watchChanges(onChange)
          if (store !== this.#primary && !fellBack) onChange()
        },
        // Refused, but not unreachable (a server error while migrating, wrong credentials): ask again.
        (error: unknown) => {
          if (stopped) return
          const reason = error instanceof Error ? error.message : String(error)
          log.warn(`Live updates wait for the store (${reason}); asking again in ${retryMs / 1000} s`)
          retry = setTimeout(() => watch(Math.min(2 * retryMs, READY_RETRY_MAX_MS)), retryMs)
        },
      )
    }
    watch(READY_RETRY_MS)
    return {
      stop() {
        stopped = true
        clearTimeout(retry)
        watcher?.stop()
      },
    }
  }

  async close(): Promise<void> {
    await this.#primary.close()
    await this.#fallback?.close()
  }
}
