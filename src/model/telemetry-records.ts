// What Claude Code's OpenTelemetry logs and metrics are reduced to. API requests share the
// transcripts' `ApiRequestRecord` (and its key), so both sources land on one row.

import type { ApiRequestRecord, SessionRecord } from './records.ts'

/** An API request as telemetry reports it: the shared record plus what only telemetry knows. */
export interface TelemetryApiRequest extends ApiRequestRecord {
  ttftMs: number | null
  /** `sdk` (main thread), `agent:…` (sub-agent), `compact`, … */
  querySource: string | null
  promptId: string | null
  /** Who sent it (team mode): event attributes `user.id`, `user.email`, `organization.id`. */
  userId: string | null
  userEmail: string | null
  organizationId: string | null
  /** The resource attribute `team` (set with OTEL_RESOURCE_ATTRIBUTES=team=...). */
  team: string | null
}

/** One tool use; `tool_decision` and `tool_result` events of the same `tool_use_id` complete one row. */
export interface ToolCallRecord {
  key: string
  sessionId: string
  promptId: string | null
  requestId: string | null
  toolUseId: string | null
  toolName: string
  timestamp: number
  success: boolean | null
  durationMs: number | null
  inputBytes: number | null
  resultBytes: number | null
  error: string | null
  decision: string | null
  decisionSource: string | null
  toolSource: string | null
}

/** The key one tool use has in every source: telemetry's `tool_use_id` is the transcript's block id. */
export function toolCallKey(toolUseId: string): string {
  return `tool:${toolUseId}`
}

/**
 * A transcript's result of a tool use whose call an earlier import already stored (the live path: the
 * call and its result are written a moment apart). It completes that row; alone it is nothing.
 */
export interface ToolResultRecord {
  key: string
  /** When the result was written (epoch ms): with the call's time, the call's duration. */
  timestamp: number
  success: boolean
  error: string | null
  promptId: string | null
}

export interface ApiErrorRecord {
  key: string
  sessionId: string
  promptId: string | null
  requestId: string | null
  timestamp: number
  model: string | null
  statusCode: number | null
  error: string | null
  attempt: number | null
  durationMs: number | null
}

/** A prompt's size; its text only when both Claude Code and our config allow it. */
export interface UserPromptRecord {
  key: string
  sessionId: string
  promptId: string | null
  timestamp: number
  length: number
  text: string | null
  commandName: string | null
}

/** A log record as received (attributes flattened to JSON), for the data explorer. */
export interface RawLogRecord {
  /** Content hash (52 bits): with the timestamp, an exporter's retry of the same record is stored once. */
  hash: number
  timestamp: number
  observedTimestamp: number | null
  eventName: string | null
  sessionId: string | null
  severityNumber: number | null
  severityText: string | null
  body: string | null
  attributes: string
  resource: string
  scope: string | null
}

export const metricKinds = ['sum', 'gauge', 'histogram', 'exponentialHistogram', 'summary'] as const
export type MetricKind = (typeof metricKinds)[number]

export const temporalities = ['delta', 'cumulative'] as const
export type Temporality = (typeof temporalities)[number]

/** One metric data point as received; `delta` is filled in by the store from the series' history. */
export interface RawMetricPoint {
  /** Identity of the time series (name, unit, scope, resource and point attributes). */
  series: string
  name: string
  unit: string | null
  kind: MetricKind
  temporality: Temporality | null
  monotonic: boolean
  startTimestamp: number | null
  timestamp: number
  /** The number (sum or gauge), or the sum of a histogram or summary. */
  value: number
  count: number | null
  sessionId: string | null
  model: string | null
  type: string | null
  userId: string | null
  organizationId: string | null
  attributes: string
  resource: string
  scope: string | null
}

export interface TelemetryBatch {
  apiRequests: TelemetryApiRequest[]
  sessions: SessionRecord[]
  toolCalls: ToolCallRecord[]
  apiErrors: ApiErrorRecord[]
  prompts: UserPromptRecord[]
  logs: RawLogRecord[]
  metrics: RawMetricPoint[]
}

export function emptyTelemetryBatch(): TelemetryBatch {
  return { apiRequests: [], sessions: [], toolCalls: [], apiErrors: [], prompts: [], logs: [], metrics: [] }
}

export function telemetryRecordCount(b: TelemetryBatch): number {
  return b.logs.length + b.metrics.length
}

/** Where a cumulative series got to. */
export interface SeriesState {
  startTimestamp: number | null
  timestamp: number
  value: number
}

/**
 * The amount a point adds. Delta points are their own increment; a cumulative point adds what it grew
 * since the last point of the same run of its series, and all of its value when the series restarted
 * (new start time, or a drop). A point no newer than the last one adds nothing (a replay).
 * Gauges add nothing: they are levels, not increments.
 */
export function metricIncrement(
  point: Pick<
    RawMetricPoint,
    'kind' | 'temporality' | 'startTimestamp' | 'timestamp' | 'value' | 'monotonic'
  >,
  previous: SeriesState | undefined,
): { increment: number | null; next: SeriesState | undefined } {
  if (point.kind === 'gauge' || point.temporality === null) return { increment: null, next: previous }
  if (point.temporality === 'delta') return { increment: point.value, next: previous }
  const next: SeriesState = {
    startTimestamp: point.startTimestamp,
    timestamp: point.timestamp,
    value: point.value,
  }
  if (!previous) return { increment: point.value, next }
  const sameRun = previous.startTimestamp === point.startTimestamp
  if (sameRun && point.timestamp <= previous.timestamp) return { increment: 0, next: previous }
  if (!sameRun || (point.monotonic && point.value < previous.value)) return { increment: point.value, next }
  return { increment: point.value - previous.value, next }
}
