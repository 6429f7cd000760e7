// Bad input and load over real loopback HTTP: each gets a clear status, nothing is partly written,
// the collector stays up, and other clients are served.

import { Database } from 'bun:sqlite'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { loadConfig } from '../../src/config/load-config.ts'
import { startCollectorService } from '../../src/otlp/collector-service.ts'
import type { RunningService } from '../../src/services/service.ts'
import { type TempDir, tempDir } from '../helpers/cli.ts'
import { apiRequestEvent, type LogRecordJson, logsPayload } from '../helpers/otlp-payloads.ts'

let home: TempDir
let service: RunningService
let base: string

beforeAll(async () => {
  home = tempDir('cc-collector-bad-')
  const config = loadConfig({}, { CONTEXT_CLEANER_HOME: home.path, HOME: home.path })
  // A small queue so that the flood below really meets back-pressure.
  service = await startCollectorService(config, { host: '127.0.0.1', port: 0, maxPendingRecords: 250 })
  base = `http://127.0.0.1:${service.port}`
})

afterAll(async () => {
  await service.stop()
  home.cleanup()
})

function count(sql: string): number {
  const db = new Database(join(home.path, 'data', 'context-cleaner.db'), { readonly: true })
  const n = db.query<{ n: number }, []>(sql).get()?.n ?? 0
  db.close()
  return n
}

const json = { 'content-type': 'application/json' }
const send = (
  path: string,
  body: string | Uint8Array | ReadableStream<Uint8Array>,
  headers: Record<string, string> = json,
) => fetch(`${base}${path}`, { method: 'POST', body, headers })

function events(session: string, n: number, from = 0): LogRecordJson[] {
  return Array.from({ length: n }, (_, i) =>
    apiRequestEvent({
      requestId: `req_${session}_${from + i}`,
      sessionId: session,
      input: 10,
      output: 1,
      costUsd: 0.001,
    }),
  )
}

/** Retries on 429/503 as an OTLP exporter does, until the batch is stored; tallies the statuses. */
async function sendUntilStored(body: string, statuses: Map<number, number>): Promise<void> {
  for (let status = 0; status !== 200; ) {
    status = (await send('/v1/logs', body)).status
    statuses.set(status, (statuses.get(status) ?? 0) + 1)
    if (status !== 200) await Bun.sleep(5)
  }
}

async function healthy(): Promise<number> {
  return (await fetch(`${base}/healthz`)).status
}

describe('collector under bad input', () => {
  test('a 100 MB body is refused with 413, declared or streamed', async () => {
    const big = new Uint8Array(100 * 1024 * 1024).fill(0x20)
    const declared = await send('/v1/logs', big)
    let chunks = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(big.subarray(0, 1024 * 1024))
        if (++chunks === 100) c.close()
      },
    })
    const streamed = await send('/v1/logs', stream)
    expect([declared.status, streamed.status, await healthy()]).toEqual([413, 413, 200])
  }, 30_000)

  test('a million attributes: 413 when it expands past the limit, partial success when it fits', async () => {
    const record = (n: number, session: string) => ({
      ...(events(session, 1)[0] as LogRecordJson),
      attributes: Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: { intValue: i } })),
    })
    const million = gzipSync(JSON.stringify(logsPayload([record(1_000_000, 'million')])))
    const tooMany = await send('/v1/logs', million, { ...json, 'content-encoding': 'gzip' })
    expect(tooMany.status).toBe(413)

    const fits = await send(
      '/v1/logs',
      JSON.stringify(logsPayload([record(100_000, 'many'), ...events('many', 1)])),
    )
    expect(fits.status).toBe(200)
    expect(await fits.json()).toEqual({
      partialSuccess: { rejectedLogRecords: 1, errorMessage: 'more than 512 attributes (1)' },
    })
    expect(count(`SELECT count(*) AS n FROM api_requests WHERE session_id IN ('million', 'many')`)).toBe(1)
  }, 30_000)

  test('wrong value types are rejected record by record', async () => {
    const bad = events('types', 2)
    ;(bad[1] as LogRecordJson).attributes.push({ key: 'input_tokens', value: { arrayValue: { values: [] } } })
    const res = await send('/v1/logs', JSON.stringify(logsPayload(bad)))
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedLogRecords: 1,
        errorMessage: 'api_request token count is not a non-negative integer (1)',
      },
    })
    expect(count(`SELECT count(*) AS n FROM api_requests WHERE session_id = 'types'`)).toBe(1)
  })

  test('malformed JSON and protobuf get 400 and leave nothing behind', async () => {
    const before = count('SELECT count(*) AS n FROM otel_logs')
    const statuses = [
      (await send('/v1/logs', '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{')).status,
      (
        await send('/v1/logs', new Uint8Array([0x0a, 0x05, 0x12, 0x03, 0xff]), {
          'content-type': 'application/x-protobuf',
        })
      ).status,
      (await send('/v1/metrics', '{"resourceMetrics":"no"}')).status,
    ]
    expect(statuses).toEqual([400, 400, 400])
    expect(count('SELECT count(*) AS n FROM otel_logs')).toBe(before)
  })

  test('a client that stalls mid-body does not hold up others, and stores nothing', async () => {
    const body = JSON.stringify(logsPayload(events('slow', 3)))
    const socket = await Bun.connect({ hostname: '127.0.0.1', port: service.port, socket: { data() {} } })
    socket.write(
      `POST /v1/logs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 100)}`,
    )
    const other = await send('/v1/logs', JSON.stringify(logsPayload(events('other', 2))))
    expect(other.status).toBe(200)
    socket.end()
    expect(count(`SELECT count(*) AS n FROM api_requests WHERE session_id = 'slow'`)).toBe(0)
    expect(count(`SELECT count(*) AS n FROM api_requests WHERE session_id = 'other'`)).toBe(2)
  })

  test('a flood from concurrent senders meets back-pressure and loses nothing', async () => {
    const senders = 6
    const requestsEach = 30
    const perRequest = 100
    const statuses = new Map<number, number>()
    const sender = async (s: number) => {
      for (let r = 0; r < requestsEach; r++) {
        const body = JSON.stringify(logsPayload(events(`flood-${s}`, perRequest, r * perRequest)))
        await sendUntilStored(body, statuses)
      }
    }
    const flood = Promise.all(Array.from({ length: senders }, (_, s) => sender(s)))
    expect(await healthy()).toBe(200)
    await flood
    expect([...statuses.keys()].every((s) => s === 200 || s === 429 || s === 503)).toBe(true)
    expect(count(`SELECT count(*) AS n FROM api_requests WHERE session_id LIKE 'flood-%'`)).toBe(
      senders * requestsEach * perRequest,
    )
    expect(count(`SELECT count(*) AS n FROM otel_logs WHERE session_id LIKE 'flood-%'`)).toBe(
      senders * requestsEach * perRequest,
    )
  }, 30_000)
})
