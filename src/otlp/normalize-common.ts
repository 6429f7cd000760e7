// Pieces both normalizers share: limits, the result shape, the resource → scope → items envelope,
// resources, scopes and rejection counts.

import type { TelemetryBatch } from '../model/telemetry-records.ts'
import { type Attributes, arrayField, attributes, isObject } from './otlp-values.ts'

export interface NormalizeLimits {
  /** Attributes on one record, data point or resource. @default 512 */
  maxAttributes: number
  /** Serialized attributes (or body) of one record. @default 262144 */
  maxRecordBytes: number
}

export const defaultNormalizeLimits: NormalizeLimits = { maxAttributes: 512, maxRecordBytes: 256 * 1024 }

/** `ok: false` means the request as a whole is malformed (HTTP 400); nothing of it is stored. */
export type Normalized =
  | { ok: true; batch: TelemetryBatch; accepted: number; rejected: number; errorMessage: string | null }
  | { ok: false; message: string }

export interface ResourceInfo {
  attrs: Attributes
  /** Attributes as JSON, stored with each raw record (this is where OTEL_RESOURCE_ATTRIBUTES land). */
  json: string
  hash: string
}

export function resourceOf(v: unknown, limits: NormalizeLimits): ResourceInfo | undefined {
  if (v === undefined || v === null) return { attrs: {}, json: '{}', hash: '0' }
  if (!isObject(v)) return undefined
  const attrs = attributes(v.attributes, limits.maxAttributes)
  if (!attrs) return undefined
  const json = JSON.stringify(attrs)
  if (json.length > limits.maxRecordBytes) return undefined
  return { attrs, json, hash: Bun.hash(json).toString(36) }
}

/** One signal's field names in its export request, from the request down to the items. */
export interface EnvelopeFields {
  request: string
  resources: string
  scopes: string
  items: string
}

export interface ScopedItems {
  resource: ResourceInfo
  scope: string | null
  items: unknown[]
}

/**
 * Each scope's items with their resource and scope, in order; a message instead, and no more, at the
 * first malformed level of the envelope (which rejects the whole request).
 */
export function* scopedItems(
  doc: unknown,
  fields: EnvelopeFields,
  limits: NormalizeLimits,
): Generator<ScopedItems | string> {
  if (!isObject(doc)) return yield `Expected an ${fields.request} object`
  const resources = arrayField(doc[fields.resources])
  if (!resources) return yield `Expected \`${fields.resources}\` to be an array`
  for (const r of resources) {
    if (!isObject(r)) return yield `Expected each of \`${fields.resources}\` to be an object`
    const resource = resourceOf(r.resource, limits)
    if (!resource) return yield 'Invalid resource attributes'
    const scopes = arrayField(r[fields.scopes])
    if (!scopes) return yield `Expected \`${fields.scopes}\` to be an array`
    for (const s of scopes) {
      if (!isObject(s)) return yield `Expected each of \`${fields.scopes}\` to be an object`
      const scope = scopeOf(s.scope)
      if (scope === undefined) return yield 'Invalid instrumentation scope'
      const items = arrayField(s[fields.items])
      if (!items) return yield `Expected \`${fields.items}\` to be an array`
      yield { resource, scope, items }
    }
  }
}

/** The scope's name; null when there is none, undefined when malformed. */
export function scopeOf(v: unknown): string | null | undefined {
  if (v === undefined || v === null) return null
  if (!isObject(v)) return undefined
  if (v.name === undefined || v.name === '') return null
  return typeof v.name === 'string' ? v.name : undefined
}

/** A 52-bit hash: exact as a JavaScript number and as an SQLite integer. */
export function contentHash(text: string): number {
  return Number(BigInt(Bun.hash(text)) & 0xf_ffff_ffff_ffffn)
}

/** Counts rejected items by reason, for the partial-success message. */
export function rejection() {
  const reasons = new Map<string, number>()
  let count = 0
  return {
    add(reason: string) {
      count++
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1)
    },
    get count() {
      return count
    },
    message(): string | null {
      if (count === 0) return null
      return [...reasons].map(([reason, n]) => `${reason} (${n})`).join('; ')
    },
  }
}
