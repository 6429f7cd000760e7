// Pure: an export request's bytes to normalized telemetry (JSON or protobuf, logs, metrics or traces).
// The same function runs inline (tests) or in a worker thread (the service), see decode-workers.ts.

import { emptyTelemetryBatch } from '../model/telemetry-records.ts'
import type { Normalized, NormalizeLimits } from './normalize-common.ts'
import { normalizeLogs } from './normalize-logs.ts'
import { normalizeMetrics } from './normalize-metrics.ts'
import { decodeProtobuf, type OtlpSignal } from './otlp-protobuf.ts'
import type { OtlpEncoding } from './otlp-response.ts'
import { isObject } from './otlp-values.ts'

export interface DecodeOptions extends NormalizeLimits {
  storePrompts: boolean
  /** Epoch ms, for log records that carry no time at all. */
  now: number
}

export interface ExportRequest {
  signal: OtlpSignal
  encoding: OtlpEncoding
  bytes: Uint8Array
  options: DecodeOptions
}

export type DecodeExport = (request: ExportRequest) => Promise<Normalized>

export function decodeExport({ signal, encoding, bytes, options }: ExportRequest): Normalized {
  const doc = encoding === 'json' ? parseJson(bytes) : decodeProtobuf(signal, bytes)
  if (!doc.ok) return doc
  switch (signal) {
    case 'logs':
      return normalizeLogs(doc.value, options)
    case 'metrics':
      return normalizeMetrics(doc.value, options)
    case 'traces':
      return acceptTraces(doc.value)
    default:
      return signal satisfies never
  }
}

type Parsed = { ok: true; value: Record<string, unknown> } | { ok: false; message: string }

function parseJson(bytes: Uint8Array): Parsed {
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder().decode(bytes))
  } catch (error) {
    return { ok: false, message: `Invalid JSON: ${error instanceof Error ? error.message : String(error)}` }
  }
  return isObject(value) ? { ok: true, value } : { ok: false, message: 'Expected a JSON object' }
}

// Claude Code sends no traces; spans are checked for shape and acknowledged, not stored.
function acceptTraces(doc: Record<string, unknown>): Normalized {
  const spans = doc.resourceSpans
  if (spans !== undefined && spans !== null && !Array.isArray(spans))
    return { ok: false, message: 'Expected `resourceSpans` to be an array' }
  return { ok: true, batch: emptyTelemetryBatch(), accepted: 0, rejected: 0, errorMessage: null }
}
