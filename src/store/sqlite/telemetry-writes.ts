// Writes what the OTLP collector normalized. API requests upsert into the same rows transcripts
// write (key `req:<request id>`), so either source may come first and the other completes the row.

import type { Database, Statement } from 'bun:sqlite'
import type { SessionRecord } from '../../model/records.ts'
import {
  metricIncrement,
  type RawMetricPoint,
  type SeriesState,
  type TelemetryApiRequest,
  type TelemetryBatch,
  type ToolCallRecord,
  type ToolResultRecord,
} from '../../model/telemetry-records.ts'
import { type PurgeFilter, telemetryTables } from '../store.ts'
import { purgeWhere } from './filter-columns.ts'
import { requestParams } from './request-params.ts'
import { RequestWrites } from './request-writes.ts'
import {
  ADOPT_SESSION_PROJECT,
  COMPLETE_TOOL_CALL,
  INSERT_API_ERROR,
  INSERT_LOG,
  INSERT_METRIC,
  INSERT_OTLP_REQUEST,
  INSERT_PROMPT,
  MERGE_OTLP_REQUEST,
  PUT_SERIES,
  TRANSCRIPT_TOOL_CALL,
  UPSERT_OTLP_SESSION,
  UPSERT_TOOL_CALL,
} from './telemetry-sql.ts'

type Params = Record<string, string | number | null>

export class TelemetryWriter {
  readonly #db: Database
  readonly #requests: RequestWrites
  readonly #session: Statement
  readonly #toolCall: Statement
  readonly #apiError: Statement
  readonly #prompt: Statement
  readonly #log: Statement
  readonly #metric: Statement
  readonly #seriesGet: Statement<{ start_ts: number | null; ts: number; value: number }, [string]>
  readonly #seriesPut: Statement
  readonly #adoptProject: Statement
  // Prepared on first use: most transcript imports have tool calls, a collector never needs these.
  #transcriptToolCall: Statement | undefined
  #completeToolCall: Statement | undefined

  constructor(db: Database) {
    this.#db = db
    this.#requests = new RequestWrites(db, INSERT_OTLP_REQUEST, MERGE_OTLP_REQUEST)
    this.#session = db.prepare(UPSERT_OTLP_SESSION)
    this.#toolCall = db.prepare(UPSERT_TOOL_CALL)
    this.#apiError = db.prepare(INSERT_API_ERROR)
    this.#prompt = db.prepare(INSERT_PROMPT)
    this.#log = db.prepare(INSERT_LOG)
    this.#metric = db.prepare(INSERT_METRIC)
    this.#seriesGet = db.query('SELECT start_ts, ts, value FROM otel_metric_series WHERE series = ?')
    this.#seriesPut = db.prepare(PUT_SERIES)
    this.#adoptProject = db.prepare(ADOPT_SESSION_PROJECT)
  }

  /** For transcript imports, inside their transaction: telemetry-only requests learn their project. */
  adoptSessionProjects(sessions: readonly SessionRecord[]): void {
    for (const s of sessions) this.#adoptProject.run({ $id: s.sessionId, $project: s.project })
  }

  /** For transcript imports, inside their transaction: calls first, then results of earlier calls. */
  writeTranscriptToolCalls(calls: readonly ToolCallRecord[], results: readonly ToolResultRecord[]): void {
    if (calls.length > 0) {
      this.#transcriptToolCall ??= this.#db.prepare(TRANSCRIPT_TOOL_CALL)
      for (const t of calls) this.#transcriptToolCall.run(toolCallParams(t))
    }
    if (results.length > 0) {
      this.#completeToolCall ??= this.#db.prepare(COMPLETE_TOOL_CALL)
      for (const r of results) {
        this.#completeToolCall.run({
          $key: r.key,
          $ts: r.timestamp,
          $success: r.success ? 1 : 0,
          $error: r.error,
          $prompt: r.promptId,
        })
      }
    }
  }

  /** One transaction: the whole batch or nothing. */
  write(batch: TelemetryBatch, receivedAt: number): void {
    this.#db.transaction(() => {
      for (const r of batch.apiRequests) this.#requests.write(telemetryRequestParams(r))
      this.#requests.finish()
      for (const s of batch.sessions) {
        this.#session.run({
          $id: s.sessionId,
          $project: s.project,
          $first: s.firstTimestamp,
          $last: s.lastTimestamp,
          $version: s.version,
        })
      }
      for (const t of batch.toolCalls) this.#toolCall.run(toolCallParams(t))
      for (const e of batch.apiErrors) {
        this.#apiError.run({
          $key: e.key,
          $session: e.sessionId,
          $prompt: e.promptId,
          $request: e.requestId,
          $ts: e.timestamp,
          $model: e.model,
          $status: e.statusCode,
          $error: e.error,
          $attempt: e.attempt,
          $duration: e.durationMs,
        })
      }
      for (const p of batch.prompts) {
        this.#prompt.run({
          $key: p.key,
          $session: p.sessionId,
          $prompt: p.promptId,
          $ts: p.timestamp,
          $length: p.length,
          $text: p.text,
          $command: p.commandName,
        })
      }
      for (const l of batch.logs) {
        this.#log.run({
          $hash: l.hash,
          $ts: l.timestamp,
          $observed: l.observedTimestamp,
          $received: receivedAt,
          $event: l.eventName,
          $session: l.sessionId,
          $severity: l.severityNumber,
          $severityText: l.severityText,
          $body: l.body,
          $attributes: l.attributes,
          $resource: l.resource,
          $scope: l.scope,
        })
      }
      this.#writeMetrics(batch.metrics, receivedAt)
    })()
  }

  #writeMetrics(points: readonly RawMetricPoint[], receivedAt: number): void {
    const states = new Map<string, SeriesState | undefined>()
    // Cumulative increments need each series' points in time order.
    const ordered = [...points].sort((a, b) => a.timestamp - b.timestamp)
    for (const p of ordered) {
      const cumulative = p.temporality === 'cumulative'
      const previous = !cumulative
        ? undefined
        : states.has(p.series)
          ? states.get(p.series)
          : this.#loadSeries(p.series)
      const { increment, next } = metricIncrement(p, previous)
      if (cumulative) {
        states.set(p.series, next)
        if (next && next !== previous) {
          this.#seriesPut.run({
            $series: p.series,
            $start: next.startTimestamp,
            $ts: next.timestamp,
            $value: next.value,
          })
        }
      }
      this.#metric.run({
        $series: p.series,
        $name: p.name,
        $unit: p.unit,
        $kind: p.kind,
        $temporality: p.temporality,
        $monotonic: p.monotonic ? 1 : 0,
        $start: p.startTimestamp,
        $ts: p.timestamp,
        $received: receivedAt,
        $value: p.value,
        $increment: increment,
        $count: p.count,
        $session: p.sessionId,
        $model: p.model,
        $type: p.type,
        $user: p.userId,
        $org: p.organizationId,
        $attributes: p.attributes,
        $resource: p.resource,
        $scope: p.scope,
      })
    }
  }

  #loadSeries(series: string): SeriesState | undefined {
    const row = this.#seriesGet.get(series)
    return row ? { startTimestamp: row.start_ts, timestamp: row.ts, value: row.value } : undefined
  }
}

/** Drops raw telemetry older than `before` (epoch ms); the normalized rows stay. */
export function pruneRawTelemetry(db: Database, before: number): number {
  return db.transaction(() => {
    const logs = db.query('DELETE FROM otel_logs WHERE ts < ?').run(before).changes
    const metrics = db.query('DELETE FROM otel_metrics WHERE ts < ?').run(before).changes
    db.query('DELETE FROM otel_metric_series WHERE ts < ?').run(before)
    return logs + metrics
  })()
}

/** The telemetry part of a privacy purge; runs inside the caller's transaction, before requests go. */
export function purgeTelemetry(db: Database, filter: PurgeFilter): void {
  const { where, params } = purgeWhere(filter)
  for (const table of telemetryTables) db.query(`DELETE FROM ${table} ${where}`).run(params)
  if (where === '') db.exec('DELETE FROM otel_metric_series')
}

function toolCallParams(t: ToolCallRecord): Params {
  return {
    $key: t.key,
    $session: t.sessionId,
    $prompt: t.promptId,
    $request: t.requestId,
    $toolUse: t.toolUseId,
    $name: t.toolName,
    $ts: t.timestamp,
    $success: t.success === null ? null : t.success ? 1 : 0,
    $duration: t.durationMs,
    $input: t.inputBytes,
    $result: t.resultBytes,
    $error: t.error,
    $decision: t.decision,
    $decisionSource: t.decisionSource,
    $toolSource: t.toolSource,
  }
}

function telemetryRequestParams(r: TelemetryApiRequest): Params {
  return {
    ...requestParams(r),
    $ttft: r.ttftMs,
    $querySource: r.querySource,
    $promptId: r.promptId,
    $userId: r.userId,
    $userEmail: r.userEmail,
    $organizationId: r.organizationId,
    $team: r.team,
  }
}
