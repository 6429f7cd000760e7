// OTLP protobuf through protobufjs and the official opentelemetry-proto schema, as compiled by the
// OpenTelemetry JS project (@opentelemetry/otlp-transformer 0.214 ships it with decoders; later
// releases dropped them). Decoded messages carry OTLP/JSON's field names, so one normalizer reads
// both encodings; they are not converted to plain objects first (that copy doubled the cost).

import otlpRoot from '@opentelemetry/otlp-transformer/build/src/generated/root.js'
import protobuf from 'protobufjs'

export const otlpSignals = ['logs', 'metrics', 'traces'] as const
export type OtlpSignal = (typeof otlpSignals)[number]

interface MessageType {
  decode(bytes: Uint8Array): object
  fromObject(object: Record<string, unknown>): object
  encode(message: object): { finish(): Uint8Array }
}

function messageType(path: string): MessageType {
  let node: unknown = otlpRoot
  for (const part of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[part]
  const type = node as Partial<MessageType> | undefined
  if (typeof type?.decode !== 'function' || typeof type.encode !== 'function')
    throw new Error(`OTLP schema has no message ${path}`)
  return type as MessageType
}

const services = {
  logs: 'opentelemetry.proto.collector.logs.v1.ExportLogsService',
  metrics: 'opentelemetry.proto.collector.metrics.v1.ExportMetricsService',
  traces: 'opentelemetry.proto.collector.trace.v1.ExportTraceService',
} as const satisfies Record<OtlpSignal, string>

const requests = {
  logs: messageType(`${services.logs}Request`),
  metrics: messageType(`${services.metrics}Request`),
  traces: messageType(`${services.traces}Request`),
} satisfies Record<OtlpSignal, MessageType>

const responses = {
  logs: messageType(`${services.logs}Response`),
  metrics: messageType(`${services.metrics}Response`),
  traces: messageType(`${services.traces}Response`),
} satisfies Record<OtlpSignal, MessageType>

// google.rpc.Status (code = 1, message = 2), the body of OTLP error responses; details are not sent.
const statusType = new protobuf.Type('Status')
  .add(new protobuf.Field('code', 1, 'int32'))
  .add(new protobuf.Field('message', 2, 'string'))
new protobuf.Root().define('google.rpc').add(statusType)

export type ProtobufDecode = { ok: true; value: Record<string, unknown> } | { ok: false; message: string }

export function decodeProtobuf(signal: OtlpSignal, bytes: Uint8Array): ProtobufDecode {
  const type = requests[signal]
  try {
    return { ok: true, value: type.decode(bytes) as Record<string, unknown> }
  } catch (error) {
    return {
      ok: false,
      message: `Invalid protobuf: ${error instanceof Error ? error.message : String(error)}`,
    }
  }
}

export function encodeProtobufResponse(signal: OtlpSignal, response: Record<string, unknown>): Uint8Array {
  const type = responses[signal]
  return type.encode(type.fromObject(response)).finish()
}

export function encodeProtobufStatus(code: number, message: string): Uint8Array {
  return statusType.encode(statusType.fromObject({ code, message })).finish()
}
