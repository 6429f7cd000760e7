// OTLP/gRPC on its own port (4317 by convention): the three Export services with the same
// decode, normalize and write path as OTLP/HTTP (export-pipeline.ts), and the same bearer token,
// read from the `authorization` metadata. Messages stay bytes: grpc-js only frames them (and
// inflates gzip within the size limit); otlp-protobuf.ts decodes them as for HTTP.

import {
  type Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js'
import type { ExportOutcome, ExportPipeline } from './export-pipeline.ts'
import { encodeProtobufResponse, type OtlpSignal, otlpSignals } from './otlp-protobuf.ts'
import { exportResponseBody } from './otlp-response.ts'

const servicePaths = {
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
} as const satisfies Record<OtlpSignal, string>

/** The OTLP/gRPC status for each failure (the specification's retryable ones for busy and unavailable). */
const failureCodes = {
  malformed: status.INVALID_ARGUMENT,
  busy: status.UNAVAILABLE,
  unavailable: status.UNAVAILABLE,
} as const satisfies Record<Exclude<ExportOutcome['kind'], 'exported'>, status>

export class GrpcListenError extends Error {
  readonly code = 'grpc-port-unavailable'
  constructor(message: string) {
    super(message)
    this.name = 'GrpcListenError'
  }
}

export interface GrpcCollector {
  port: number
  stop(): Promise<void>
}

function exportService(signal: OtlpSignal): ServiceDefinition {
  const bytes = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)
  return {
    Export: {
      path: servicePaths[signal],
      requestStream: false,
      responseStream: false,
      requestSerialize: bytes,
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: bytes,
      responseDeserialize: (b: Buffer) => b,
    },
  }
}

function authorizationOf(metadata: Metadata): string | null {
  const [value] = metadata.get('authorization')
  return typeof value === 'string' ? value : null
}

export async function startGrpcCollector(
  pipeline: ExportPipeline,
  host: string,
  port: number,
): Promise<GrpcCollector> {
  const { budget, counts } = pipeline
  const server = new Server({
    // Checked by grpc-js on the inflated message, so a gzip bomb stops at the limit.
    'grpc.max_receive_message_length': pipeline.limits.maxDecodedBytes,
  })
  for (const signal of otlpSignals) {
    const handler = async (call: ServerUnaryCall<Buffer, never>, done: sendUnaryData<Uint8Array>) => {
      if (!pipeline.authorize(authorizationOf(call.metadata)))
        return done({ code: status.UNAUTHENTICATED, details: 'Missing or wrong bearer token' })
      const size = call.request.length
      if (budget.used > 0 && budget.used + size > budget.max) {
        counts.refused++
        return done({ code: status.UNAVAILABLE, details: 'Too many bodies in flight; try again' })
      }
      budget.used += size
      try {
        const outcome = await pipeline.exportBytes(signal, 'protobuf', new Uint8Array(call.request))
        if (outcome.kind !== 'exported')
          return done({ code: failureCodes[outcome.kind], details: outcome.message })
        const body = exportResponseBody(signal, outcome.rejected, outcome.errorMessage)
        return done(null, encodeProtobufResponse(signal, body))
      } finally {
        budget.used -= size
      }
    }
    server.addService(exportService(signal), { Export: handler })
  }
  const bound = await new Promise<number>((resolve, reject) => {
    const address = `${host.includes(':') ? `[${host}]` : host}:${port}`
    server.bindAsync(address, ServerCredentials.createInsecure(), (error, actual) =>
      error
        ? reject(new GrpcListenError(`Cannot listen for OTLP/gRPC on ${address}: ${error.message}`))
        : resolve(actual),
    )
  })
  return {
    port: bound,
    stop: () =>
      new Promise<void>((resolve) => {
        // Calls in flight finish (their batches are queued); a stuck one is cut off.
        const force = setTimeout(() => server.forceShutdown(), 5000)
        server.tryShutdown(() => {
          clearTimeout(force)
          resolve()
        })
      }),
  }
}
