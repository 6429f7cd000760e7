import { describe, expect, test } from 'bun:test'
import { emptyTelemetryBatch, type RawLogRecord, type TelemetryBatch } from '../model/telemetry-records.ts'
import { StoreError } from '../store/store-error.ts'
import { CollectorStoreDownError, createBatchWriter } from './batch-writer.ts'

function batch(...keys: string[]): TelemetryBatch {
  const log = (key: string): RawLogRecord => ({
    hash: 1,
    timestamp: 1,
    observedTimestamp: null,
    eventName: null,
    sessionId: null,
    severityNumber: null,
    severityText: null,
    body: key,
    attributes: '{}',
    resource: '{}',
    scope: null,
  })
  return { ...emptyTelemetryBatch(), logs: keys.map(log) }
}

describe('batch writer', () => {
  test('batches submitted together are written in one transaction', async () => {
    const writes: (string | null)[][] = []
    const writer = createBatchWriter({ write: async (b) => void writes.push(b.logs.map((l) => l.body)) })
    await Promise.all([writer.submit(batch('a')), writer.submit(batch('b', 'c')), writer.submit(batch('d'))])
    expect(writes).toEqual([['a', 'b', 'c', 'd']])
    expect(writer.stats()).toMatchObject({ pendingRecords: 0, storedBatches: 3, storedRecords: 4 })
  })

  test('groups stay under the group size', async () => {
    const writes: number[] = []
    const writer = createBatchWriter({
      write: async (b) => void writes.push(b.logs.length),
      maxGroupRecords: 3,
    })
    await Promise.all([
      writer.submit(batch('a', 'b')),
      writer.submit(batch('c', 'd')),
      writer.submit(batch('e')),
    ])
    expect(writes).toEqual([2, 3])
  })

  test('a batch that cannot be written fails alone; the others are stored', async () => {
    const stored: (string | null)[] = []
    const writer = createBatchWriter({
      write: async (b) => {
        if (b.logs.some((l) => l.body === 'poison')) throw new Error('constraint failed')
        stored.push(...b.logs.map((l) => l.body))
      },
    })
    const results = await Promise.allSettled([
      writer.submit(batch('a')),
      writer.submit(batch('poison')),
      writer.submit(batch('b')),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(stored).toEqual(['a', 'b'])
    expect(writer.stats()).toMatchObject({ failedBatches: 1, lastError: 'constraint failed' })
  })

  test('a submit after the queue drained starts a new write', async () => {
    const writes: (string | null)[][] = []
    const writer = createBatchWriter({ write: async (b) => void writes.push(b.logs.map((l) => l.body)) })
    await writer.submit(batch('a'))
    await writer.submit(batch('b'))
    await writer.drain()
    expect(writes).toEqual([['a'], ['b']])
  })

  test('while the store is down, batches are held and answered, then stored once when it is back', async () => {
    const stored: (string | null)[] = []
    let down = true
    const writer = createBatchWriter({
      write: async (b) => {
        if (down) throw new StoreError('store-unavailable', 'Cannot reach ClickHouse')
        stored.push(...b.logs.map((l) => l.body))
      },
      retryDelayMs: 5,
      maxRetryDelayMs: 20,
    })
    await writer.submit(batch('a'))
    await writer.submit(batch('b'))
    expect(writer.stats()).toMatchObject({ storeDown: true, pendingRecords: 2, storedRecords: 0 })
    down = false
    await writer.drain()
    expect(stored).toEqual(['a', 'b'])
    expect(writer.stats()).toMatchObject({ storeDown: false, pendingRecords: 0, storedRecords: 2 })
    expect(writer.stats().retries).toBeGreaterThan(0)
  })

  test('once the buffer is full while the store is down, batches are refused as store-down', async () => {
    const writer = createBatchWriter({
      write: async () => {
        throw new StoreError('store-timeout', 'ClickHouse did not answer')
      },
      maxPendingRecords: 2,
      retryDelayMs: 5,
      drainTimeoutMs: 50,
    })
    await writer.submit(batch('a', 'b'))
    await expect(writer.submit(batch('c'))).rejects.toBeInstanceOf(CollectorStoreDownError)
    await writer.drain()
    expect(writer.stats()).toMatchObject({ refusedBatches: 1, droppedBatches: 1, pendingRecords: 0 })
  })
})
