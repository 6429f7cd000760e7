import { describe, expect, test } from 'bun:test'
import protobuf from 'protobufjs'
import { apiRequestEvent, logsPayload } from '../../test/helpers/otlp-payloads.ts'
import type { TelemetryBatch } from '../model/telemetry-records.ts'
import { createCollectorApp } from './collector-app.ts'

const TOKEN = 'team-token-0123456789abcdef'

function collector(token?: string) {
  const stored: TelemetryBatch[] = []
  const app = createCollectorApp({
    submit: async (batch) => {
      stored.push(batch)
    },
    health: () => ({}),
    ...(token === undefined ? {} : { token }),
  })
  return { app, stored }
}

const body = JSON.stringify(
  logsPayload([apiRequestEvent({ requestId: 'req_1', sessionId: 's1', input: 1, output: 1, costUsd: 0 })]),
)

function post(path: string, headers: Record<string, string>): Request {
  return new Request(`http://localhost${path}`, { method: 'POST', body, headers })
}

// google.rpc.Status, defined here independently of the collector's own encoder.
const status = new protobuf.Type('Status')
  .add(new protobuf.Field('code', 1, 'int32'))
  .add(new protobuf.Field('message', 2, 'string'))

const json = { 'content-type': 'application/json' }
const unauthorized = { code: 16, message: 'Missing or wrong bearer token (Authorization: Bearer <token>)' }

describe('collector app with a token', () => {
  test.each([
    ['no header', {}],
    ['a wrong token', { authorization: 'Bearer team-token-0123456789abcdeX' }],
    ['another scheme', { authorization: `Basic ${TOKEN}` }],
  ])('%s: 401 with a JSON google.rpc.Status and WWW-Authenticate, nothing stored', async (_, auth) => {
    const { app, stored } = collector(TOKEN)
    const res = await app.handle(post('/v1/logs', { ...json, ...auth }))
    expect([res.status, res.headers.get('content-type'), res.headers.get('www-authenticate')]).toEqual([
      401,
      'application/json',
      'Bearer realm="context-cleaner"',
    ])
    expect(await res.json()).toEqual(unauthorized)
    expect(stored).toEqual([])
  })

  test('a protobuf client gets the 401 status in protobuf', async () => {
    const { app } = collector(TOKEN)
    const res = await app.handle(post('/v1/metrics', { 'content-type': 'application/x-protobuf' }))
    expect([res.status, res.headers.get('content-type')]).toEqual([401, 'application/x-protobuf'])
    expect(status.toObject(status.decode(new Uint8Array(await res.arrayBuffer())))).toEqual(unauthorized)
  })

  test('every /v1 route asks, before looking at the content type', async () => {
    const { app } = collector(TOKEN)
    const codes = await Promise.all(
      ['/v1/logs', '/v1/metrics', '/v1/traces'].map(
        async (path) => (await app.handle(post(path, { 'content-type': 'text/plain' }))).status,
      ),
    )
    expect(codes).toEqual([401, 401, 401])
  })

  test('the right token is stored; /healthz needs none and counts refusals', async () => {
    const { app, stored } = collector(TOKEN)
    await app.handle(post('/v1/logs', json))
    const res = await app.handle(post('/v1/logs', { ...json, authorization: `Bearer ${TOKEN}` }))
    expect(res.status).toBe(200)
    expect(stored[0]?.apiRequests.map((r) => r.key)).toEqual(['req:req_1'])
    const health = await app.handle(new Request('http://localhost/healthz'))
    expect([health.status, ((await health.json()) as { unauthorized: number }).unauthorized]).toEqual([
      200, 1,
    ])
  })
})

test('without a token, requests need no Authorization header (as before)', async () => {
  const { app, stored } = collector()
  const res = await app.handle(post('/v1/logs', json))
  expect(res.status).toBe(200)
  expect(stored).toHaveLength(1)
})
