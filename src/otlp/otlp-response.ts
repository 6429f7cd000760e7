// OTLP/HTTP responses: the export response (with partial success) or a google.rpc.Status, in the
// encoding the client used.

import { encodeProtobufResponse, encodeProtobufStatus, type OtlpSignal } from './otlp-protobuf.ts'

export const otlpEncodings = ['json', 'protobuf'] as const
export type OtlpEncoding = (typeof otlpEncodings)[number]

const contentTypes = {
  json: 'application/json',
  protobuf: 'application/x-protobuf',
} as const satisfies Record<OtlpEncoding, string>

const rejectedField = {
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
  traces: 'rejectedSpans',
} as const satisfies Record<OtlpSignal, string>

/** The body's encoding from its Content-Type, or null when it is neither OTLP encoding. */
export function encodingOf(contentType: string | null): OtlpEncoding | null {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase()
  if (type === 'application/json') return 'json'
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf'
  return null
}

/** The export response's fields: empty, or partialSuccess when records were rejected. */
export function exportResponseBody(
  signal: OtlpSignal,
  rejected: number,
  errorMessage: string | null,
): Record<string, unknown> {
  return rejected > 0 || errorMessage
    ? { partialSuccess: { [rejectedField[signal]]: rejected, errorMessage: errorMessage ?? '' } }
    : {}
}

export function exportResponse(
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  rejected: number,
  errorMessage: string | null,
): Response {
  const body = exportResponseBody(signal, rejected, errorMessage)
  return respond(
    encoding,
    200,
    encoding === 'json' ? JSON.stringify(body) : encodeProtobufResponse(signal, body),
  )
}

// google.rpc.Code for each HTTP status the collector answers with.
const rpcCodes: Record<number, number> = { 400: 3, 401: 16, 413: 3, 415: 3, 429: 8, 503: 14 }

export function errorResponse(
  encoding: OtlpEncoding,
  status: 400 | 401 | 413 | 415 | 429 | 503,
  message: string,
  retryAfterSeconds?: number,
): Response {
  const code = rpcCodes[status] ?? 2
  const body = encoding === 'json' ? JSON.stringify({ code, message }) : encodeProtobufStatus(code, message)
  const response = respond(encoding, status, body)
  if (retryAfterSeconds !== undefined) response.headers.set('retry-after', String(retryAfterSeconds))
  if (status === 401) response.headers.set('www-authenticate', 'Bearer realm="context-cleaner"')
  return response
}

function respond(encoding: OtlpEncoding, status: number, body: string | Uint8Array): Response {
  return new Response(body, { status, headers: { 'content-type': contentTypes[encoding] } })
}
