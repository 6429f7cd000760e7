// The OTLP/HTTP receiver as an Elysia app (no listening here: see collector-service.ts).
// POST /v1/logs, /v1/metrics and /v1/traces take application/json or application/x-protobuf,
// optionally gzip-compressed, and answer as the OTLP specification says. With a token configured,
// each of them needs `Authorization: Bearer <token>` first (401 otherwise, before the body is read).

import { Elysia } from 'elysia'
import type { TelemetryBatch } from '../model/telemetry-records.ts'
import { CollectorBusyError } from './batch-writer.ts'
import { createBearerCheck } from './collector-auth.ts'
import { type DecodeExport, decodeExport } from './decode-export.ts'
import { defaultNormalizeLimits, type Normalized, type NormalizeLimits } from './normalize-common.ts'
import type { OtlpSignal } from './otlp-protobuf.ts'
import { encodingOf, errorResponse, exportResponse, type OtlpEncoding } from './otlp-response.ts'
import { type BodyBudget, type BodyLimits, readBody } from './read-body.ts'

export interface CollectorLimits extends BodyLimits, NormalizeLimits {
  /** Body bytes held by all requests in flight together (one request alone may use its limits). @default 64 MiB */
  maxInflightBytes: number
}

export const defaultCollectorLimits: CollectorLimits = {
  maxBodyBytes: 16 * 1024 * 1024,
  maxDecodedBytes: 32 * 1024 * 1024,
  maxInflightBytes: 64 * 1024 * 1024,
  ...defaultNormalizeLimits,
}

export interface CollectorDeps {
  /** Stores a batch whole or not at all; throws CollectorBusyError when it cannot take more now. */
  submit(batch: TelemetryBatch): Promise<void>
  /** Extra fields for /healthz (queue depth, counts). */
  health(): Record<string, unknown>
  /** Keep prompt text when Claude Code sends it (OTEL_LOG_USER_PROMPTS=1). @default false */
  storePrompts?: boolean
  limits?: Partial<CollectorLimits>
  now?: () => number
  /** Where bodies are decoded and normalized. @default inline, on the request's thread */
  decode?: DecodeExport
  /** Bearer token every /v1/* request must carry. @default none: no authentication */
  token?: string
}

/** Seconds a client should wait after 429 (queue full) or 503 (store failing or too much in flight). */
const RETRY_BUSY_S = 1
const RETRY_UNAVAILABLE_S = 5

export function createCollectorApp(deps: CollectorDeps) {
  const limits: CollectorLimits = { ...defaultCollectorLimits, ...deps.limits }
  const budget: BodyBudget = { used: 0, max: limits.maxInflightBytes }
  const counts = { accepted: 0, rejected: 0, malformed: 0, refused: 0, unauthorized: 0 }
  const now = deps.now ?? Date.now
  const decode: DecodeExport = deps.decode ?? (async (request) => decodeExport(request))
  const authorized = deps.token === undefined ? () => true : createBearerCheck(deps.token)

  const handle = async (signal: OtlpSignal, request: Request): Promise<Response> => {
    const encoding = encodingOf(request.headers.get('content-type'))
    if (!authorized(request.headers.get('authorization'))) {
      counts.unauthorized++
      return errorResponse(
        encoding ?? 'json',
        401,
        'Missing or wrong bearer token (Authorization: Bearer <token>)',
      )
    }
    if (!encoding) {
      counts.malformed++
      return errorResponse(
        'json',
        415,
        'Unsupported Content-Type (use application/json or application/x-protobuf)',
      )
    }
    const body = await readBody(request, limits, budget)
    if (!body.ok) {
      if (body.status === 503) counts.refused++
      else counts.malformed++
      return errorResponse(
        encoding,
        body.status,
        body.message,
        body.status === 503 ? RETRY_UNAVAILABLE_S : undefined,
      )
    }
    try {
      return await exportBody(signal, encoding, body.bytes)
    } finally {
      budget.used -= body.held
    }
  }

  const exportBody = async (signal: OtlpSignal, encoding: OtlpEncoding, bytes: Uint8Array) => {
    const options = { ...limits, storePrompts: deps.storePrompts ?? false, now: now() }
    let normalized: Normalized
    try {
      normalized = await decode({ signal, encoding, bytes, options })
    } catch (error) {
      counts.refused++
      const reason = error instanceof Error ? error.message : String(error)
      return errorResponse(encoding, 503, `Could not decode the batch: ${reason}`, RETRY_UNAVAILABLE_S)
    }
    if (!normalized.ok) {
      counts.malformed++
      return errorResponse(encoding, 400, normalized.message)
    }
    if (normalized.accepted > 0) {
      try {
        await deps.submit(normalized.batch)
      } catch (error) {
        counts.refused++
        if (error instanceof CollectorBusyError)
          return errorResponse(encoding, 429, error.message, RETRY_BUSY_S)
        const reason = error instanceof Error ? error.message : String(error)
        return errorResponse(encoding, 503, `Could not store the batch: ${reason}`, RETRY_UNAVAILABLE_S)
      }
    }
    counts.accepted += normalized.accepted
    counts.rejected += normalized.rejected
    return exportResponse(signal, encoding, normalized.rejected, normalized.errorMessage)
  }

  return new Elysia({ name: 'otlp-collector' })
    .get('/healthz', () => ({
      ok: true,
      service: 'collector',
      ...counts,
      inflightBytes: budget.used,
      ...deps.health(),
    }))
    .post('/v1/logs', ({ request }) => handle('logs', request), { parse: 'none' })
    .post('/v1/metrics', ({ request }) => handle('metrics', request), { parse: 'none' })
    .post('/v1/traces', ({ request }) => handle('traces', request), { parse: 'none' })
}

export type CollectorApp = ReturnType<typeof createCollectorApp>
