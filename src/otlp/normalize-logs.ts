// Pure: an ExportLogsServiceRequest (OTLP/JSON shapes) to a telemetry batch. A malformed envelope
// rejects the whole request; a bad record is rejected alone and counted (OTLP partial success).

import type { SessionRecord } from '../model/records.ts'
import { emptyTelemetryBatch, type TelemetryBatch } from '../model/telemetry-records.ts'
import { isClaudeEvent, normalizeClaudeEvent, redactContent } from './claude-code-events.ts'
import {
  contentHash,
  type EnvelopeFields,
  type Normalized,
  type NormalizeLimits,
  type ResourceInfo,
  rejection,
  scopedItems,
} from './normalize-common.ts'
import { anyValue, attributes, int64Text, isObject, nanosToMs, otlpInt, str } from './otlp-values.ts'

export interface NormalizeLogsOptions extends NormalizeLimits {
  storePrompts: boolean
  /** Epoch ms, used when a record carries no time at all. */
  now: number
}

const logsEnvelope: EnvelopeFields = {
  request: 'ExportLogsServiceRequest',
  resources: 'resourceLogs',
  scopes: 'scopeLogs',
  items: 'logRecords',
}

export function normalizeLogs(doc: unknown, opts: NormalizeLogsOptions): Normalized {
  const batch = emptyTelemetryBatch()
  const sessions = new Map<string, SessionRecord>()
  const rejected = rejection()
  let accepted = 0

  for (const group of scopedItems(doc, logsEnvelope, opts)) {
    if (typeof group === 'string') return { ok: false, message: group }
    for (const record of group.items) {
      const reason = addRecord(record, group.resource, group.scope, opts, batch, sessions)
      if (reason === null) accepted++
      else rejected.add(reason)
    }
  }
  batch.sessions = [...sessions.values()]
  return { ok: true, batch, accepted, rejected: rejected.count, errorMessage: rejected.message() }
}

/** Adds one record's rows to the batch; returns why it was rejected, or null. */
function addRecord(
  record: unknown,
  resource: ResourceInfo,
  scope: string | null,
  opts: NormalizeLogsOptions,
  batch: TelemetryBatch,
  sessions: Map<string, SessionRecord>,
): string | null {
  if (!isObject(record)) return 'log record is not an object'
  const attrs = attributes(record.attributes, opts.maxAttributes)
  if (!attrs) {
    const n = Array.isArray(record.attributes) ? record.attributes.length : 0
    return n > opts.maxAttributes ? `more than ${opts.maxAttributes} attributes` : 'malformed attributes'
  }
  const body = record.body === undefined || record.body === null ? null : anyValue(record.body)
  if (body === undefined) return 'malformed body'
  const time = nanosToMs(record.timeUnixNano)
  const observed = nanosToMs(record.observedTimeUnixNano)
  if (time === undefined || observed === undefined) return 'malformed timestamp'
  const severityNumber =
    record.severityNumber === undefined || record.severityNumber === null ? 0 : otlpInt(record.severityNumber)
  if (severityNumber === undefined) return 'malformed severityNumber'
  // 0 is SEVERITY_NUMBER_UNSPECIFIED, what protobuf reports for an absent severity.
  const severity = severityNumber === 0 ? null : severityNumber
  const eventTime = Date.parse(str(attrs, 'event.timestamp') ?? '')
  const timestamp = time ?? observed ?? (Number.isFinite(eventTime) ? eventTime : opts.now)

  const bodyText = typeof body === 'string' ? body : null
  const eventName = eventNameOf(record.eventName, bodyText, attrs, scope)
  const rawAttributes = JSON.stringify(redactContent(attrs, opts.storePrompts))
  if (rawAttributes.length > opts.maxRecordBytes) return `attributes larger than ${opts.maxRecordBytes} bytes`
  const rawBody = body === null ? null : typeof body === 'string' ? body : JSON.stringify(body)
  if (rawBody !== null && rawBody.length > opts.maxRecordBytes)
    return `body larger than ${opts.maxRecordBytes} bytes`

  const occurrence = `${record.timeUnixNano == null ? timestamp : int64Text(record.timeUnixNano)}:${String(attrs['event.sequence'] ?? '')}`
  if (eventName !== null && isClaudeEvent(eventName)) {
    const outcome = normalizeClaudeEvent(eventName, {
      attrs,
      resource: resource.attrs,
      timestamp,
      occurrence,
      storePrompts: opts.storePrompts,
    })
    switch (outcome.kind) {
      case 'invalid':
        return outcome.reason
      case 'api-request':
        batch.apiRequests.push(outcome.record)
        noteSession(sessions, outcome.record.sessionId, timestamp, outcome.record.version)
        break
      case 'tool-call':
        batch.toolCalls.push(outcome.record)
        break
      case 'api-error':
        batch.apiErrors.push(outcome.record)
        break
      case 'prompt':
        batch.prompts.push(outcome.record)
        break
      case 'raw':
        break
      default:
        outcome satisfies never
    }
  }
  batch.logs.push({
    hash: contentHash(
      `${resource.hash}|${scope}|${int64Text(record.timeUnixNano)}|${int64Text(record.observedTimeUnixNano)}|${rawBody}|${rawAttributes}`,
    ),
    timestamp,
    observedTimestamp: observed,
    eventName,
    sessionId: str(attrs, 'session.id'),
    severityNumber: severity,
    severityText:
      typeof record.severityText === 'string' && record.severityText !== '' ? record.severityText : null,
    body: rawBody,
    attributes: rawAttributes,
    resource: resource.json,
    scope,
  })
  return null
}

/**
 * Claude Code names its events in the body (`claude_code.api_request`) and again, unprefixed, in
 * `event.name`; newer OTLP has a field for it. Any of them will do.
 */
function eventNameOf(
  field: unknown,
  body: string | null,
  attrs: Record<string, unknown>,
  scope: string | null,
): string | null {
  if (typeof field === 'string' && field !== '') return field
  if (body?.startsWith('claude_code.')) return body
  const name = attrs['event.name']
  if (typeof name !== 'string' || name === '') return null
  return scope?.startsWith('com.anthropic.claude_code') && !name.startsWith('claude_code.')
    ? `claude_code.${name}`
    : name
}

function noteSession(
  sessions: Map<string, SessionRecord>,
  sessionId: string,
  timestamp: number,
  version: string | null,
): void {
  if (sessionId === '') return
  const s = sessions.get(sessionId)
  if (!s) {
    sessions.set(sessionId, {
      sessionId,
      project: '',
      transcriptPath: null,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      version,
      gitBranch: null,
    })
    return
  }
  s.firstTimestamp = Math.min(s.firstTimestamp, timestamp)
  s.lastTimestamp = Math.max(s.lastTimestamp, timestamp)
}
