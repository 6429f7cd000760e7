// Pure readers for OTLP's JSON shapes, which protobufjs's decoded messages share (same field names;
// 64-bit integers as Long objects, unset fields as prototype defaults, so presence is an own property).
// They never throw: an invalid value comes back as `undefined`, so a caller can reject one record.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }
export type Attributes = Record<string, JsonValue>

/** Nesting deeper than this (arrays and key-value lists inside each other) is rejected. */
const MAX_DEPTH = 8

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Arrays may be absent (proto3 JSON omits empty ones); anything else that is not an array is invalid. */
export function arrayField(v: unknown): unknown[] | undefined {
  if (v === undefined || v === null) return []
  return Array.isArray(v) ? v : undefined
}

/** Whether a field is present (set in JSON, or decoded from the wire rather than a default). */
export function has(v: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(v, key)
}

interface LongBits {
  low: number
  high: number
  unsigned?: boolean
}

function isLong(v: unknown): v is LongBits {
  return typeof v === 'object' && v !== null && 'low' in v && 'high' in v && typeof v.low === 'number'
}

/** protobufjs's 64-bit integer (the `long` package); its own toString is slow, BigInt is not. */
function longToBigInt(v: LongBits): bigint {
  const bits = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0)
  return v.unsigned ? bits : BigInt.asIntN(64, bits)
}

/** Decimal digits of an OTLP 64-bit integer (string in JSON, Long from protobuf), for hashing. */
export function int64Text(v: unknown): string {
  return isLong(v) ? longToBigInt(v).toString() : String(v)
}

/** An OTLP integer: a JSON number, a decimal string (int64 as the spec allows) or a Long. */
export function otlpInt(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined
  if (isLong(v)) {
    // Below 2^53 the two halves give the number exactly; beyond, go through BigInt.
    if (v.high >= 0 && v.high < 0x200000) return v.high * 0x1_0000_0000 + (v.low >>> 0)
    return Number(longToBigInt(v))
  }
  if (typeof v === 'string' && /^-?\d{1,20}$/.test(v)) return Number(v)
  return undefined
}

/** An OTLP double: a number, or the strings proto3 JSON uses for the values JSON cannot spell. */
export function otlpDouble(v: unknown): number | undefined {
  if (typeof v === 'number') return v
  if (v === 'NaN') return Number.NaN
  if (v === 'Infinity') return Number.POSITIVE_INFINITY
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v)
  return undefined
}

/** Nanoseconds since the epoch (fixed64, often a string) to milliseconds; 0 and absent are null. */
export function nanosToMs(raw: unknown): number | null | undefined {
  if (raw === undefined || raw === null) return null
  if (isLong(raw)) {
    const ms = Number(longToBigInt(raw) / 1_000_000n)
    return ms > 0 ? ms : ms === 0 ? null : undefined
  }
  const v = raw
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return undefined
    const ms = Math.floor(v / 1e6)
    return ms === 0 ? null : ms
  }
  if (typeof v !== 'string' || !/^\d{1,20}$/.test(v)) return undefined
  // Under a millisecond after 1970 is no real time: treat it as unset, like 0.
  const ms = v.length <= 6 ? 0 : Number(v.slice(0, -6))
  return ms === 0 ? null : ms
}

/** OTLP AnyValue to plain JSON; `null` for an empty AnyValue, `undefined` for an invalid one. */
export function anyValue(v: unknown, depth = 0): JsonValue | undefined {
  if (!isObject(v)) return undefined
  if (has(v, 'stringValue')) return typeof v.stringValue === 'string' ? v.stringValue : undefined
  if (has(v, 'boolValue')) return typeof v.boolValue === 'boolean' ? v.boolValue : undefined
  if (has(v, 'intValue')) {
    const n = otlpInt(v.intValue)
    if (n === undefined) return undefined
    // Beyond 2^53 a number would silently change; keep the digits.
    return Number.isSafeInteger(n) ? n : int64Text(v.intValue)
  }
  if (has(v, 'doubleValue')) {
    const d = otlpDouble(v.doubleValue)
    if (d === undefined) return undefined
    return Number.isFinite(d) ? d : String(d)
  }
  if (has(v, 'bytesValue')) {
    // Base64 in JSON; raw bytes from protobuf, spelled the JSON way.
    if (typeof v.bytesValue === 'string') return v.bytesValue
    return v.bytesValue instanceof Uint8Array ? Buffer.from(v.bytesValue).toString('base64') : undefined
  }
  if (depth >= MAX_DEPTH) return undefined
  if (has(v, 'arrayValue')) {
    if (!isObject(v.arrayValue)) return undefined
    const values = arrayField(v.arrayValue.values)
    if (!values) return undefined
    const out: JsonValue[] = []
    for (const item of values) {
      const value = anyValue(item, depth + 1)
      if (value === undefined) return undefined
      out.push(value)
    }
    return out
  }
  if (has(v, 'kvlistValue')) {
    if (!isObject(v.kvlistValue)) return undefined
    return attributes(v.kvlistValue.values, Number.POSITIVE_INFINITY, depth + 1)
  }
  return null
}

/** A KeyValue list to an object; `undefined` when it is malformed or longer than `limit`. */
export function attributes(list: unknown, limit: number, depth = 0): Attributes | undefined {
  const items = arrayField(list)
  if (!items || items.length > limit) return undefined
  const out: Attributes = {}
  for (const item of items) {
    if (!isObject(item) || typeof item.key !== 'string') return undefined
    const value = item.value === undefined || item.value === null ? null : anyValue(item.value, depth)
    if (value === undefined) return undefined
    out[item.key] = value
  }
  return out
}

/** A string attribute, or null. */
export function str(attrs: Attributes, key: string): string | null {
  const v = attrs[key]
  return typeof v === 'string' && v !== '' ? v : null
}

/**
 * A count-like attribute: Claude Code sends some as ints and some as decimal strings.
 * `null` when absent; `undefined` when present but not a non-negative integer.
 */
export function count(attrs: Attributes, key: string): number | null | undefined {
  const v = attrs[key]
  if (v === undefined || v === null) return null
  const n = typeof v === 'string' ? (/^\d{1,15}$/.test(v) ? Number(v) : undefined) : v
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined
}

/** A non-negative finite number (number or numeric string); null when absent, undefined when invalid. */
export function amount(attrs: Attributes, key: string): number | null | undefined {
  const v = attrs[key]
  if (v === undefined || v === null) return null
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined
}

export function bool(attrs: Attributes, key: string): boolean | null {
  const v = attrs[key]
  if (v === true || v === 'true') return true
  if (v === false || v === 'false') return false
  return null
}
