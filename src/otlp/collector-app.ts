// The OTLP/HTTP receiver as an Elysia app (no listening here: see collector-service.ts).
// POST /v1/logs, /v1/metrics and /v1/traces take application/json or application/x-protobuf,
// optionally gzip-compressed, and answer as the OTLP specification says. With a token configured,
// each of them needs `Authorization: Bearer <token>` first (401 otherwise, before the body is read).

import { Elysia } from 'elysia'
import { type CollectorDeps, createExportPipeline, type ExportPipeline } from './export-pipeline.ts'
import type { OtlpSignal } from './otlp-protobuf.ts'
import { encodingOf, errorResponse, exportResponse } from './otlp-response.ts'
import { readBody } from './read-body.ts'

export type { CollectorDeps } from './export-pipeline.ts'

/** Seconds a client should wait after 429 (queue full) or 503 (store failing or too much in flight). */
const RETRY_BUSY_S = 1
const RETRY_UNAVAILABLE_S = 5

/** `pipeline` is shared with the gRPC server when there is one, so /healthz counts both. */
export function createCollectorApp(
  deps: CollectorDeps,
  pipeline: ExportPipeline = createExportPipeline(deps),
) {
  const { limits, budget, counts } = pipeline

  const handle = async (signal: OtlpSignal, request: Request): Promise<Response> => {
    const encoding = encodingOf(request.headers.get('content-type'))
    if (!pipeline.authorize(request.headers.get('authorization')))
      return errorResponse(
        encoding ?? 'json',
        401,
        'Missing or wrong bearer token (Authorization: Bearer <token>)',
      )
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
      const outcome = await pipeline.exportBytes(signal, encoding, body.bytes)
      switch (outcome.kind) {
        case 'exported':
          return exportResponse(signal, encoding, outcome.rejected, outcome.errorMessage)
        case 'malformed':
          return errorResponse(encoding, 400, outcome.message)
        case 'busy':
          return errorResponse(encoding, 429, outcome.message, RETRY_BUSY_S)
        case 'unavailable':
          return errorResponse(encoding, 503, outcome.message, RETRY_UNAVAILABLE_S)
        default:
          return outcome satisfies never
      }
    } finally {
      budget.used -= body.held
    }
  }

  return new Elysia({ name: 'otlp-collector' })
    .get('/healthz', () => ({ ok: true, service: 'collector', ...pipeline.health() }))
    .post('/v1/logs', ({ request }) => handle('logs', request), { parse: 'none' })
    .post('/v1/metrics', ({ request }) => handle('metrics', request), { parse: 'none' })
    .post('/v1/traces', ({ request }) => handle('traces', request), { parse: 'none' })
}

export type CollectorApp = ReturnType<typeof createCollectorApp>
