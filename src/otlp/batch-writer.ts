// Group commit for the collector: batches from concurrent requests are written together in one
// transaction, and each request is answered only once its batch is stored. The queue is bounded;
// past it, callers are told to back off (HTTP 429) instead of memory growing.
//
// When the store is unreachable (a ClickHouse server restarting), the queue becomes a buffer: the
// batches already in it and those that fit are acknowledged, and the writer retries the one at its
// head with backoff until the store is back. Retrying writes nothing twice (every store writes a
// batch whole or idempotently). Once the buffer is full, callers are told the store is unavailable
// (HTTP 503 with Retry-After), and their exporters send again later.

import { emptyTelemetryBatch, type TelemetryBatch, telemetryRecordCount } from '../model/telemetry-records.ts'

export class CollectorBusyError extends Error {
  readonly code = 'collector-busy'
  constructor() {
    super('The collector has too many records waiting to be stored; retry later')
    this.name = 'CollectorBusyError'
  }
}

export class CollectorStoreDownError extends Error {
  readonly code = 'collector-store-down'
  constructor(reason: string) {
    super(`The store is unavailable (${reason}) and the collector's buffer is full; retry later`)
    this.name = 'CollectorStoreDownError'
  }
}

export interface BatchWriterOptions {
  write(batch: TelemetryBatch): Promise<void>
  /** Records waiting (queued or being written) beyond which new batches are refused. @default 50000 */
  maxPendingRecords?: number
  /** Records merged into one transaction. @default 20000 */
  maxGroupRecords?: number
  /** Whether a failed write is worth retrying (the store is down, not the batch bad). @default store-unavailable and store-timeout errors */
  retryable?: (error: unknown) => boolean
  /** First wait between retries; it doubles up to `maxRetryDelayMs`. @default 100 */
  retryDelayMs?: number
  /** @default 5000 */
  maxRetryDelayMs?: number
  /** How long `drain` keeps retrying a store that stays down before it gives up the buffer. @default 10000 */
  drainTimeoutMs?: number
}

export type BatchWriterStats = {
  pendingRecords: number
  storedBatches: number
  storedRecords: number
  failedBatches: number
  refusedBatches: number
  /** Whether the store is failing and batches are held for a retry. */
  storeDown: boolean
  retries: number
  /** Acknowledged batches given up because the store stayed down past `drain`'s limit. */
  droppedBatches: number
  lastError: string | null
}

interface Pending {
  batch: TelemetryBatch
  records: number
  resolve(): void
  reject(error: unknown): void
}

export interface BatchWriter {
  submit(batch: TelemetryBatch): Promise<void>
  /** Resolves once everything submitted so far is stored (or failed, or given up after the drain limit). */
  drain(): Promise<void>
  stats(): BatchWriterStats
}

const storeDownCodes = new Set(['store-unavailable', 'store-timeout'])

function isStoreDown(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined
  return typeof code === 'string' && storeDownCodes.has(code)
}

export function createBatchWriter(options: BatchWriterOptions): BatchWriter {
  const maxPending = options.maxPendingRecords ?? 50_000
  const maxGroup = options.maxGroupRecords ?? 20_000
  const retryable = options.retryable ?? isStoreDown
  const firstDelay = options.retryDelayMs ?? 100
  const maxDelay = options.maxRetryDelayMs ?? 5000
  const drainTimeout = options.drainTimeoutMs ?? 10_000
  const queue: Pending[] = []
  const stats: BatchWriterStats = {
    pendingRecords: 0,
    storedBatches: 0,
    storedRecords: 0,
    failedBatches: 0,
    refusedBatches: 0,
    storeDown: false,
    retries: 0,
    droppedBatches: 0,
    lastError: null,
  }
  let running: Promise<void> | null = null
  /** Set by `drain`: past it, a store that is still down costs the buffer instead of the shutdown. */
  let giveUpAt = Number.POSITIVE_INFINITY

  const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error))

  const settle = (items: Pending[], error: unknown) => {
    for (const item of items) {
      stats.pendingRecords -= item.records
      if (error === null) {
        stats.storedBatches++
        stats.storedRecords += item.records
        item.resolve()
      } else {
        stats.failedBatches++
        stats.lastError = errorText(error)
        item.reject(error)
      }
    }
  }

  // Answered before they are stored: held in the buffer; a later settle of the same item is a no-op.
  const acknowledge = (items: readonly Pending[]) => {
    for (const item of items) item.resolve()
  }

  /** Writes the group, retrying while the store is down; the error that ended it, or null once stored. */
  const writeUntilStored = async (group: Pending[], batch: TelemetryBatch): Promise<unknown> => {
    let delay = firstDelay
    for (;;) {
      try {
        await options.write(batch)
        stats.storeDown = false
        return null
      } catch (error) {
        if (!retryable(error)) return error
        stats.storeDown = true
        stats.lastError = errorText(error)
        acknowledge(group)
        if (Date.now() + delay > giveUpAt) return error
        stats.retries++
        await Bun.sleep(delay)
        delay = Math.min(delay * 2, maxDelay)
      }
    }
  }

  const writeGroup = async (group: Pending[]): Promise<void> => {
    const error = await writeUntilStored(
      group,
      group.length === 1 ? (group[0] as Pending).batch : merge(group),
    )
    if (error === null) return settle(group, null)
    if (retryable(error)) {
      // The store stayed down through the drain limit: what was held is lost, and said so.
      stats.droppedBatches += group.length
      return settle(group, error)
    }
    if (group.length === 1) return settle(group, error)
    // One bad batch must not sink the others: retry each on its own (each still all or nothing).
    for (const item of group) await writeGroup([item])
  }

  const run = async () => {
    // Let the requests that arrived together queue up before the first transaction.
    await new Promise<void>((resolve) => setImmediate(resolve))
    try {
      while (queue.length > 0) {
        const group: Pending[] = []
        let records = 0
        while (
          queue.length > 0 &&
          (group.length === 0 || records + (queue[0] as Pending).records <= maxGroup)
        ) {
          const item = queue.shift() as Pending
          records += item.records
          group.push(item)
        }
        await writeGroup(group)
      }
    } finally {
      // Cleared in the same tick as the empty-queue check, so a later submit always starts a new run.
      running = null
    }
  }

  return {
    submit(batch) {
      const records = Math.max(1, telemetryRecordCount(batch))
      // A batch larger than the whole queue still goes through when nothing else waits.
      if (stats.pendingRecords > 0 && stats.pendingRecords + records > maxPending) {
        stats.refusedBatches++
        return Promise.reject(
          stats.storeDown
            ? new CollectorStoreDownError(stats.lastError ?? 'unknown')
            : new CollectorBusyError(),
        )
      }
      stats.pendingRecords += records
      const done = new Promise<void>((resolve, reject) => {
        const item: Pending = { batch, records, resolve, reject }
        queue.push(item)
        // While the store is down, a batch that fits in the buffer is held and answered now.
        if (stats.storeDown) acknowledge([item])
      })
      running ??= run()
      return done
    },
    async drain() {
      giveUpAt = Math.min(giveUpAt, Date.now() + drainTimeout)
      try {
        while (running) await running
      } finally {
        giveUpAt = Number.POSITIVE_INFINITY
      }
    },
    stats: () => ({ ...stats }),
  }
}

function merge(group: Pending[]): TelemetryBatch {
  const out = emptyTelemetryBatch()
  for (const { batch: b } of group) {
    out.apiRequests.push(...b.apiRequests)
    out.sessions.push(...b.sessions)
    out.toolCalls.push(...b.toolCalls)
    out.apiErrors.push(...b.apiErrors)
    out.prompts.push(...b.prompts)
    out.logs.push(...b.logs)
    out.metrics.push(...b.metrics)
  }
  return out
}
