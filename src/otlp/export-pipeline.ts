// The transport-neutral half of the collector, shared by the OTLP/HTTP app and the OTLP/gRPC server:
// the bearer-token check, decoding and normalizing a body, handing the batch to the store, and the
// counts /healthz shows. Each transport turns an outcome into its own status codes.

import type { TelemetryBatch } from '../model/telemetry-records.ts'
import { CollectorBusyError } from './batch-writer.ts'
import { createBearerCheck } from './collector-auth.ts'
import { type DecodeExport, decodeExport } from './decode-export.ts'
import { defaultNormalizeLimits, type Normalized, type NormalizeLimits } from './normalize-common.ts'
import type { OtlpSignal } from './otlp-protobuf.ts'
import type { OtlpEncoding } from './otlp-response.ts'
import type { BodyBudget, BodyLimits } from './read-body.ts'

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
  /** Bearer token every export must carry. @default none: no authentication */
  token?: string
}

export type ExportOutcome =
  | { kind: 'exported'; rejected: number; errorMessage: string | null }
  /** The request itself is wrong; sending it again will not help. */
  | { kind: 'malformed'; message: string }
  /** The write queue is full; try again in a moment. */
  | { kind: 'busy'; message: string }
  /** Decoding or the store failed; try again later. */
  | { kind: 'unavailable'; message: string }

export interface ExportPipeline {
  limits: CollectorLimits
  budget: BodyBudget
  counts: { accepted: number; rejected: number; malformed: number; refused: number; unauthorized: number }
  /** Checks an Authorization header (or gRPC metadata); counts a refusal. */
  authorize(authorization: string | null): boolean
  exportBytes(signal: OtlpSignal, encoding: OtlpEncoding, bytes: Uint8Array): Promise<ExportOutcome>
  health(): Record<string, unknown>
}

export function createExportPipeline(deps: CollectorDeps): ExportPipeline {
  const limits: CollectorLimits = { ...defaultCollectorLimits, ...deps.limits }
  const budget: BodyBudget = { used: 0, max: limits.maxInflightBytes }
  const counts = { accepted: 0, rejected: 0, malformed: 0, refused: 0, unauthorized: 0 }
  const now = deps.now ?? Date.now
  const decode: DecodeExport = deps.decode ?? (async (request) => decodeExport(request))
  const matches = deps.token === undefined ? () => true : createBearerCheck(deps.token)

  return {
    limits,
    budget,
    counts,
    authorize(authorization) {
      if (matches(authorization)) return true
      counts.unauthorized++
      return false
    },
    async exportBytes(signal, encoding, bytes) {
      const options = { ...limits, storePrompts: deps.storePrompts ?? false, now: now() }
      let normalized: Normalized
      try {
        normalized = await decode({ signal, encoding, bytes, options })
      } catch (error) {
        counts.refused++
        return { kind: 'unavailable', message: `Could not decode the batch: ${errorText(error)}` }
      }
      if (!normalized.ok) {
        counts.malformed++
        return { kind: 'malformed', message: normalized.message }
      }
      if (normalized.accepted > 0) {
        try {
          await deps.submit(normalized.batch)
        } catch (error) {
          counts.refused++
          if (error instanceof CollectorBusyError) return { kind: 'busy', message: error.message }
          return { kind: 'unavailable', message: `Could not store the batch: ${errorText(error)}` }
        }
      }
      counts.accepted += normalized.accepted
      counts.rejected += normalized.rejected
      return { kind: 'exported', rejected: normalized.rejected, errorMessage: normalized.errorMessage }
    },
    health: () => ({ ...counts, inflightBytes: budget.used, ...deps.health() }),
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
