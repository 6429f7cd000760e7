import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { Client, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js'
import otlpRoot from '@opentelemetry/otlp-transformer/build/src/generated/root.js'
import { apiRequestEvent, logsPayload } from '../../test/helpers/otlp-payloads.ts'
import type { TelemetryBatch } from '../model/telemetry-records.ts'
import { CollectorBusyError } from './batch-writer.ts'
import { createExportPipeline } from './export-pipeline.ts'
import { type GrpcCollector, startGrpcCollector } from './grpc-collector.ts'

const TOKEN = 'team-token-0123456789abcdef'
const LOGS = '/opentelemetry.proto.collector.logs.v1.LogsService/Export'

// The official message types, to build a request and read the answer as a client would.
const logsV1 = (
  otlpRoot as unknown as {
    opentelemetry: {
      proto: {
        collector: {
          logs: {
            v1: Record<
              'ExportLogsServiceRequest' | 'ExportLogsServiceResponse',
              {
                fromObject(o: object): object
                encode(m: object): { finish(): Uint8Array }
                decode(b: Uint8Array): object
                toObject(m: object): Record<string, unknown>
              }
            >
          }
        }
      }
    }
  }
).opentelemetry.proto.collector.logs.v1

const request = (requestIds: string[]) => {
  const { ExportLogsServiceRequest: type } = logsV1
  const doc = logsPayload(
    requestIds.map((requestId) =>
      apiRequestEvent({ requestId, sessionId: 'grpc', input: 1, output: 1, costUsd: 0 }),
    ),
  )
  return type.encode(type.fromObject(doc)).finish()
}

const stored: TelemetryBatch[] = []
let busy = false
const pipeline = createExportPipeline({
  token: TOKEN,
  health: () => ({}),
  submit: async (batch) => {
    if (busy) throw new CollectorBusyError()
    stored.push(batch)
  },
})
let server: GrpcCollector
let client: Client

beforeAll(async () => {
  server = await startGrpcCollector(pipeline, '127.0.0.1', 0)
  client = new Client(`127.0.0.1:${server.port}`, credentials.createInsecure())
})

afterAll(async () => {
  client.close()
  await server.stop()
})

function call(body: Uint8Array, headers: Record<string, string>) {
  const metadata = new Metadata()
  for (const [k, v] of Object.entries(headers)) metadata.set(k, v)
  return new Promise<{ code: number; response: Record<string, unknown> | null }>((resolve) => {
    client.makeUnaryRequest(
      LOGS,
      (b: Uint8Array) => Buffer.from(b),
      (b: Buffer) => b,
      body,
      metadata,
      (error: ServiceError | null, response?: Buffer) => {
        const { ExportLogsServiceResponse: type } = logsV1
        resolve({
          code: error?.code ?? status.OK,
          response: response ? type.toObject(type.decode(response)) : null,
        })
      },
    )
  })
}

const auth = { authorization: `Bearer ${TOKEN}` }

describe('OTLP/gRPC collector', () => {
  test('without or with a wrong token: UNAUTHENTICATED, nothing stored', async () => {
    const none = await call(request(['req_none']), {})
    const wrong = await call(request(['req_wrong']), { authorization: 'Bearer not-the-token-0000000' })
    expect([none.code, wrong.code]).toEqual([status.UNAUTHENTICATED, status.UNAUTHENTICATED])
    expect(stored).toEqual([])
  })

  test('with the token: stored, and an empty export response', async () => {
    const ok = await call(request(['req_1', 'req_2']), auth)
    expect(ok).toEqual({ code: status.OK, response: {} })
    expect(stored.flatMap((b) => b.apiRequests.map((r) => r.key))).toEqual(['req:req_1', 'req:req_2'])
  })

  test('bytes that are not protobuf: INVALID_ARGUMENT', async () => {
    expect((await call(new Uint8Array([0xff, 0xff, 0xff]), auth)).code).toBe(status.INVALID_ARGUMENT)
  })

  test('a full queue: UNAVAILABLE, which OTLP clients retry', async () => {
    busy = true
    const result = await call(request(['req_busy']), auth)
    busy = false
    expect(result.code).toBe(status.UNAVAILABLE)
  })

  test('the counts are the ones /healthz shows', () => {
    expect(pipeline.health()).toMatchObject({ accepted: 2, unauthorized: 2, malformed: 1, refused: 1 })
  })
})
