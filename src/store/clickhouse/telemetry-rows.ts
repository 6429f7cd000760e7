// Telemetry records to ClickHouse rows. Pure: every row is a function of its record (and, for
// metric points, of the series state before the batch), so a retried batch writes the same rows
// again and the tables' sorting keys make the copies one.

import type { SessionRecord } from '../../model/records.ts'
import {
  type ApiErrorRecord,
  metricIncrement,
  type RawLogRecord,
  type RawMetricPoint,
  type SeriesState,
  type TelemetryApiRequest,
  type ToolCallRecord,
  type UserPromptRecord,
} from '../../model/telemetry-records.ts'
import { requestRow } from './request-rows.ts'

type Row = Record<string, unknown>

/** 52 bits, so that it survives JSON as a number. */
export function contentHash(row: Row): number {
  return Number(BigInt(Bun.hash(JSON.stringify(row))) & 0xf_ffff_ffff_ffffn)
}

export function telemetryRequestRow(r: TelemetryApiRequest): Row {
  return {
    ...requestRow(r),
    ttft_ms: r.ttftMs,
    query_source: r.querySource,
    prompt_id: r.promptId,
    user_id: r.userId,
    user_email: r.userEmail,
    organization_id: r.organizationId,
    team: r.team,
  }
}

export function sessionSpanRow(s: SessionRecord, source: 'transcript' | 'otlp'): Row {
  return {
    session_id: s.sessionId,
    project: s.project,
    transcript_path: s.transcriptPath,
    first_ts: s.firstTimestamp,
    last_ts: s.lastTimestamp,
    version: s.version,
    git_branch: s.gitBranch,
    source,
  }
}

export function toolCallRow(t: ToolCallRecord): Row {
  const row: Row = {
    key: t.key,
    session_id: t.sessionId,
    prompt_id: t.promptId,
    request_id: t.requestId,
    tool_use_id: t.toolUseId,
    tool_name: t.toolName,
    ts: t.timestamp,
    success: t.success === null ? null : t.success ? 1 : 0,
    duration_ms: t.durationMs,
    input_bytes: t.inputBytes,
    result_bytes: t.resultBytes,
    error: t.error,
    decision: t.decision,
    decision_source: t.decisionSource,
    tool_source: t.toolSource,
  }
  // The decision and the result of one tool use are two rows; a retry of either is the same row.
  return { ...row, row_hash: contentHash(row) }
}

export function apiErrorRow(e: ApiErrorRecord): Row {
  return {
    key: e.key,
    session_id: e.sessionId,
    prompt_id: e.promptId,
    request_id: e.requestId,
    ts: e.timestamp,
    model: e.model,
    status_code: e.statusCode,
    error: e.error,
    attempt: e.attempt,
    duration_ms: e.durationMs,
  }
}

export function promptRow(p: UserPromptRecord): Row {
  return {
    key: p.key,
    session_id: p.sessionId,
    prompt_id: p.promptId,
    ts: p.timestamp,
    prompt_length: p.length,
    prompt: p.text,
    command_name: p.commandName,
  }
}

export function logRow(l: RawLogRecord, receivedAt: number): Row {
  return {
    hash: l.hash,
    ts: l.timestamp,
    observed_ts: l.observedTimestamp,
    received_at: receivedAt,
    event_name: l.eventName,
    session_id: l.sessionId,
    severity_number: l.severityNumber,
    severity_text: l.severityText,
    body: l.body,
    attributes: l.attributes,
    resource: l.resource,
    scope: l.scope,
  }
}

/** Larger for earlier writes: ReplacingMergeTree keeps the largest, so the first copy of a point wins. */
const FIRST_SEEN_BASE = 2 ** 52

export interface MetricRows {
  points: Row[]
  /** The state each cumulative series reached, to be written after the points. */
  series: Row[]
}

/**
 * Metric points with their increments, folded over each series' state in time order exactly as the
 * embedded store does (sqlite/telemetry-writes.ts).
 */
export function metricRows(
  points: readonly RawMetricPoint[],
  before: ReadonlyMap<string, SeriesState>,
  receivedAt: number,
  updated: number,
): MetricRows {
  const states = new Map<string, SeriesState | undefined>()
  const changed = new Set<string>()
  const rows: Row[] = []
  for (const p of [...points].sort((a, b) => a.timestamp - b.timestamp)) {
    const cumulative = p.temporality === 'cumulative'
    const previous = !cumulative
      ? undefined
      : states.has(p.series)
        ? states.get(p.series)
        : before.get(p.series)
    const { increment, next } = metricIncrement(p, previous)
    if (cumulative) {
      states.set(p.series, next)
      if (next && next !== previous) changed.add(p.series)
    }
    rows.push(metricPointRow(p, increment, receivedAt))
  }
  const series = [...changed].map((name) => seriesStateRow(name, states.get(name) as SeriesState, updated))
  return { points: rows, series }
}

/** A point with its increment; the earliest receipt of a point is the copy reads keep. */
export function metricPointRow(p: RawMetricPoint, increment: number | null, receivedAt: number): Row {
  return {
    series: p.series,
    name: p.name,
    unit: p.unit,
    kind: p.kind,
    temporality: p.temporality,
    monotonic: p.monotonic ? 1 : 0,
    start_ts: p.startTimestamp,
    start_key: p.startTimestamp ?? -1,
    ts: p.timestamp,
    received_at: receivedAt,
    value: p.value,
    increment,
    count: p.count,
    session_id: p.sessionId,
    model: p.model,
    type: p.type,
    user_id: p.userId,
    organization_id: p.organizationId,
    attributes: p.attributes,
    resource: p.resource,
    scope: p.scope,
    first_seen: FIRST_SEEN_BASE - receivedAt,
  }
}

/** A series' state; reads take the one with the largest `updated`. */
export function seriesStateRow(series: string, s: SeriesState, updated: number): Row {
  return { series, start_ts: s.startTimestamp, ts: s.timestamp, value: s.value, updated }
}
