import { describe, expect, test } from 'bun:test'
import { emptyTelemetryBatch, type RawLogRecord, type TelemetryBatch } from '../model/telemetry-records.ts'
import { createBatchWriter } from './batch-writer.ts'

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
})
