// Shapes of Claude Code transcript lines, and the narrow guards the parser uses on them.
// Guards are hand-written rather than a schema library because they run once per line on multi-GB
// histories; they check only the fields the normalized model needs.

/** Top-level record types Claude Code is known to write that carry no usage of their own. */
export const knownNonUsageTypes = [
  'user',
  'summary',
  'system',
  'queue-operation',
  'attachment',
  'file-history-snapshot',
  'cost-state',
  'api-request',
  'api-request-start',
  'api-request-end',
  'api-request-shape',
  'api-request-blob',
  'atis-latch',
  'tools-used',
  'custom-title',
  'tag',
  'agent-name',
  'last-prompt',
  'mode',
  'pr-link',
  'permission-mode',
] as const

export const skipReasons = [
  'invalid-json',
  'not-an-object',
  'unknown-type',
  'missing-id',
  'invalid-usage',
  'invalid-timestamp',
  'synthetic-message',
  'line-too-long',
  'unreadable-file',
] as const
export type SkipReason = (typeof skipReasons)[number]

export type JsonObject = Record<string, unknown>

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function optionalString(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null
}

/** No single API response uses more than a few million tokens in any field; beyond this is corruption. */
export const MAX_TOKENS_PER_FIELD = 50_000_000

/** A token count: absent means 0; anything but a non-negative integer in range makes the usage invalid. */
export function tokenCount(v: unknown): number | undefined {
  if (v === undefined || v === null) return 0
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_TOKENS_PER_FIELD) return undefined
  return v
}
