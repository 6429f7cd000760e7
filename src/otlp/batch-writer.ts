// Group commit for the collector: batches from concurrent requests are written together in one
// transaction, and each request is answered only once its batch is stored. The queue is bounded;
// past it, callers are told to back off (HTTP 429) instead of memory growing.

import { emptyTelemetryBatch, type TelemetryBatch, telemetryRecordCount } from '../model/telemetry-records.ts'

export class CollectorBusyError extends Error {
  readonly code = 'collector-busy'
  constructor() {
    super('The collector has too many records waiting to be stored; retry later')
    this.name = 'CollectorBusyError'
  }
}

export interface BatchWriterOptions {
  write(batch: TelemetryBatch): Promise<void>
  /** Records waiting (queued or being written) beyond which new batches are refused. @default 50000 */
  maxPendingRecords?: number
  /** Records merged into one transaction. @default 20000 */
  maxGroupRecords?: number
}

export type BatchWriterStats = {
  pendingRecords: number
  storedBatches: number
  storedRecords: number
  failedBatches: number
  refusedBatches: number
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
  /** Resolves once everything submitted so far is stored (or failed). */
  drain(): Promise<void>
  stats(): BatchWriterStats
}

export function createBatchWriter(options: BatchWriterOptions): BatchWriter {
  const maxPending = options.maxPendingRecords ?? 50_000
  const maxGroup = options.maxGroupRecords ?? 20_000
  const queue: Pending[] = []
  const stats: BatchWriterStats = {
    pendingRecords: 0,
    storedBatches: 0,
    storedRecords: 0,
    failedBatches: 0,
    refusedBatches: 0,
    lastError: null,
  }
  let running: Promise<void> | null = null

  const settle = (items: Pending[], error: unknown) => {
    for (const item of items) {
      stats.pendingRecords -= item.records
      if (error === null) {
        stats.storedBatches++
        stats.storedRecords += item.records
        item.resolve()
      } else {
        stats.failedBatches++
        stats.lastError = error instanceof Error ? error.message : String(error)
        item.reject(error)
      }
    }
  }

  const writeGroup = async (group: Pending[]) => {
    try {
      await options.write(group.length === 1 ? (group[0] as Pending).batch : merge(group))
      settle(group, null)
    } catch (error) {
      if (group.length === 1) return settle(group, error)
      // One bad batch must not sink the others: retry each on its own (each still all or nothing).
      for (const item of group) await writeGroup([item])
    }
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
        return Promise.reject(new CollectorBusyError())
      }
      stats.pendingRecords += records
      const done = new Promise<void>((resolve, reject) => queue.push({ batch, records, resolve, reject }))
      running ??= run()
      return done
    },
    async drain() {
      while (running) await running
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
