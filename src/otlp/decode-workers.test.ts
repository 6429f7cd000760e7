import { afterAll, expect, test } from 'bun:test'
import { apiRequestEvent, logsPayload } from '../../test/helpers/otlp-payloads.ts'
import { decodeExport, type ExportRequest } from './decode-export.ts'
import { startDecodeWorkers } from './decode-workers.ts'
import { defaultNormalizeLimits } from './normalize-common.ts'

const workers = startDecodeWorkers(2)
afterAll(() => workers.stop())

const request = (body: string): ExportRequest => ({
  signal: 'logs',
  encoding: 'json',
  bytes: new TextEncoder().encode(body),
  options: { ...defaultNormalizeLimits, storePrompts: false, now: 1 },
})

test('a worker normalizes exactly as inline decoding does', async () => {
  const bodies = [
    JSON.stringify(
      logsPayload([apiRequestEvent({ requestId: 'r1', sessionId: 's', input: 1, output: 2, costUsd: 0.1 })]),
    ),
    JSON.stringify(
      logsPayload([apiRequestEvent({ requestId: 'r2', sessionId: 's', input: 3, output: 4, costUsd: 0.2 })]),
    ),
    '{"resourceLogs": 7}',
  ]
  const viaWorkers = await Promise.all(bodies.map((b) => workers.decode(request(b))))
  expect(viaWorkers).toEqual(bodies.map((b) => decodeExport(request(b))))
})
