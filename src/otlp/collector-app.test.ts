import { describe, expect, test } from 'bun:test'
import { gzipSync } from 'node:zlib'
import otlpRoot from '@opentelemetry/otlp-transformer/build/src/generated/root.js'
import { apiRequestEvent, logsPayload } from '../../test/helpers/otlp-payloads.ts'
import type { TelemetryBatch } from '../model/telemetry-records.ts'
import { CollectorBusyError, createBatchWriter } from './batch-writer.ts'
import { type CollectorDeps, createCollectorApp } from './collector-app.ts'

function collector(overrides: Partial<CollectorDeps> = {}) {
  const stored: TelemetryBatch[] = []
  const app = createCollectorApp({
    submit: async (batch) => {
      stored.push(batch)
    },
    health: () => ({ stored: stored.length }),
    ...overrides,
  })
  return { app, stored }
}

function post(
  path: string,
  body: string | Uint8Array | ReadableStream<Uint8Array>,
  headers: Record<string, string>,
): Request {
  return new Request(`http://localhost${path}`, { method: 'POST', body, headers })
}

const json = { 'content-type': 'application/json' }
const protobuf = { 'content-type': 'application/x-protobuf' }
const events = logsPayload([
  apiRequestEvent({ requestId: 'req_1', sessionId: 's1', input: 10, output: 5, costUsd: 0.01 }),
  apiRequestEvent({ requestId: 'req_2', sessionId: 's1', input: 7, output: 3, costUsd: 0.02 }),
])

// The official response type, to read what a protobuf client gets back.
const logsResponse = (
  otlpRoot as unknown as {
    opentelemetry: {
      proto: {
        collector: {
          logs: {
            v1: {
              ExportLogsServiceResponse: {
                decode(b: Uint8Array): { partialSuccess?: { rejectedLogRecords: unknown } }
              }
            }
          }
        }
      }
    }
  }
).opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse

describe('collector app: OTLP/HTTP responses', () => {
  test('JSON logs are stored and answered with an empty export response', async () => {
    const { app, stored } = collector()
    const res = await app.handle(post('/v1/logs', JSON.stringify(events), json))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toEqual({})
    expect(stored[0]?.apiRequests.map((r) => r.key)).toEqual(['req:req_1', 'req:req_2'])
  })

  test('gzip bodies are inflated', async () => {
    const { app, stored } = collector()
    const body = gzipSync(JSON.stringify(events))
    const res = await app.handle(post('/v1/logs', body, { ...json, 'content-encoding': 'gzip' }))
    expect(res.status).toBe(200)
    expect(stored[0]?.logs).toHaveLength(2)
  })

  test('a rejected record gives 200 with partialSuccess (JSON)', async () => {
    const { app, stored } = collector()
    const doc = logsPayload([
      apiRequestEvent({ requestId: 'req_1', sessionId: 's1', input: 10, output: 5, costUsd: 0.01 }),
      apiRequestEvent({ requestId: 'req_2', sessionId: 's1', input: -1, output: 5, costUsd: 0.01 }),
    ])
    const res = await app.handle(post('/v1/logs', JSON.stringify(doc), json))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedLogRecords: 1,
        errorMessage: 'api_request token count is not a non-negative integer (1)',
      },
    })
    expect(stored[0]?.logs).toHaveLength(1)
  })

  test('protobuf requests get protobuf answers, partial success included', async () => {
    const { app } = collector()
    const fixture = await Bun.file(`${import.meta.dir}/../../test/fixtures/otlp/logs.pb`).bytes()
    const res = await app.handle(post('/v1/logs', fixture, protobuf))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/x-protobuf')
    expect(logsResponse.decode(new Uint8Array(await res.arrayBuffer())).partialSuccess).toBeNull()
  })

  test.each([
    ['malformed JSON', '/v1/logs', '{"resourceLogs": [', json, 400, 'application/json'],
    ['JSON that is not OTLP', '/v1/logs', '{"resourceLogs": 5}', json, 400, 'application/json'],
    ['a JSON array', '/v1/metrics', '[1, 2]', json, 400, 'application/json'],
    [
      'malformed protobuf',
      '/v1/metrics',
      new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1]),
      protobuf,
      400,
      'application/x-protobuf',
    ],
    ['an unsupported type', '/v1/logs', 'hello', { 'content-type': 'text/plain' }, 415, 'application/json'],
    [
      'an unsupported encoding',
      '/v1/logs',
      '{}',
      { ...json, 'content-encoding': 'br' },
      415,
      'application/json',
    ],
    [
      'a corrupt gzip body',
      '/v1/logs',
      'not gzip',
      { ...json, 'content-encoding': 'gzip' },
      400,
      'application/json',
    ],
  ])('%s is refused with its status and nothing stored', async (_name, path, body, headers, status, type) => {
    const { app, stored } = collector()
    const res = await app.handle(post(path, body, headers))
    expect([res.status, res.headers.get('content-type')]).toEqual([status, type])
    expect(stored).toEqual([])
  })

  test('errors carry a google.rpc.Status', async () => {
    const { app } = collector()
    const res = await app.handle(post('/v1/logs', '{"resourceLogs": 5}', json))
    expect(await res.json()).toEqual({ code: 3, message: 'Expected `resourceLogs` to be an array' })
  })

  test('a body over the limit is refused with 413, declared or not', async () => {
    const { app, stored } = collector({ limits: { maxBodyBytes: 1000 } })
    const big = JSON.stringify(logsPayload([]), null, 2).padEnd(2000, ' ')
    const declared = await app.handle(post('/v1/logs', big, { ...json, 'content-length': '2000' }))
    const streamed = await app.handle(post('/v1/logs', new Blob([big]).stream(), json))
    expect([declared.status, streamed.status]).toEqual([413, 413])
    expect(stored).toEqual([])
  })

  test('a gzip bomb is refused with 413 once it expands past the limit', async () => {
    const { app, stored } = collector({ limits: { maxDecodedBytes: 100_000 } })
    const bomb = gzipSync(Buffer.alloc(50_000_000, ' '))
    const res = await app.handle(post('/v1/logs', bomb, { ...json, 'content-encoding': 'gzip' }))
    expect(res.status).toBe(413)
    expect(stored).toEqual([])
  })

  test('a full queue answers 429 with Retry-After', async () => {
    const { app } = collector({
      submit: () => Promise.reject(new CollectorBusyError()),
    })
    const res = await app.handle(post('/v1/logs', JSON.stringify(events), json))
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('1')
  })

  test('a failing store answers 503 with Retry-After', async () => {
    const { app } = collector({ submit: () => Promise.reject(new Error('disk full')) })
    const res = await app.handle(post('/v1/logs', JSON.stringify(events), json))
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(await res.json()).toEqual({ code: 14, message: 'Could not store the batch: disk full' })
  })

  test('traces are acknowledged without being stored', async () => {
    const { app, stored } = collector()
    const res = await app.handle(post('/v1/traces', JSON.stringify({ resourceSpans: [] }), json))
    expect(res.status).toBe(200)
    expect(stored).toEqual([])
  })

  test.each([
    ['GET', '/v1/logs'],
    ['PUT', '/v1/metrics'],
    ['POST', '/v1/profiles'],
    ['POST', '/healthz'],
  ])('%s %s answers 404 and stores nothing', async (method, path) => {
    const { app, stored } = collector()
    const body = method === 'GET' ? null : JSON.stringify(events)
    const res = await app.handle(new Request(`http://localhost${path}`, { method, body, headers: json }))
    expect(res.status).toBe(404)
    expect(stored).toEqual([])
  })

  test('healthz reports counts', async () => {
    const { app } = collector()
    await app.handle(post('/v1/logs', JSON.stringify(events), json))
    await app.handle(post('/v1/logs', '{', json))
    const res = await app.handle(new Request('http://localhost/healthz'))
    expect(await res.json()).toMatchObject({
      ok: true,
      service: 'collector',
      accepted: 2,
      malformed: 1,
      stored: 1,
    })
  })
})

describe('collector app with the batch writer', () => {
  test('past the queue bound, requests get 429 and the rest is stored whole', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const written: TelemetryBatch[] = []
    const writer = createBatchWriter({
      write: async (batch) => {
        await gate
        written.push(batch)
      },
      maxPendingRecords: 4,
    })
    const app = createCollectorApp({ submit: writer.submit, health: writer.stats })
    const send = () => app.handle(post('/v1/logs', JSON.stringify(events), json))
    const first = [send(), send()]
    // The queue holds 4 records (two requests of two); the third must back off.
    await new Promise((resolve) => setImmediate(resolve))
    const third = await send()
    release()
    const statuses = [...(await Promise.all(first)).map((r) => r.status), third.status]
    expect(statuses).toEqual([200, 200, 429])
    expect(written.reduce((n, b) => n + b.logs.length, 0)).toBe(4)
  })
})
