// Builds OTLP/JSON payloads shaped like Claude Code's (see test/fixtures/otlp/logs.json), for tests
// and the collector benchmark.

export type AnyValueJson =
  | { stringValue: string }
  | { intValue: number | string }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { arrayValue: { values: AnyValueJson[] } }

export interface KeyValueJson {
  key: string
  value: AnyValueJson
}

export interface LogRecordJson {
  timeUnixNano: string
  observedTimeUnixNano?: string
  body: AnyValueJson
  attributes: KeyValueJson[]
}

export function attrs(values: Record<string, string | number | boolean>): KeyValueJson[] {
  return Object.entries(values).map(([key, v]) => ({
    key,
    value:
      typeof v === 'string'
        ? { stringValue: v }
        : typeof v === 'boolean'
          ? { boolValue: v }
          : Number.isInteger(v)
            ? { intValue: v }
            : { doubleValue: v },
  }))
}

export function claudeEvent(
  name: string,
  timeMs: number,
  values: Record<string, string | number | boolean>,
): LogRecordJson {
  return {
    timeUnixNano: `${timeMs}000000`,
    observedTimeUnixNano: `${timeMs}000000`,
    body: { stringValue: `claude_code.${name}` },
    attributes: attrs({
      'user.id': 'u-1',
      'event.name': name,
      'event.timestamp': new Date(timeMs).toISOString(),
      ...values,
    }),
  }
}

export interface ApiRequestEvent {
  requestId: string
  sessionId: string
  model?: string
  input: number
  output: number
  cacheRead?: number
  cacheCreation?: number
  costUsd: number
  durationMs?: number
  timeMs?: number
  sequence?: number
}

export function apiRequestEvent(e: ApiRequestEvent): LogRecordJson {
  return claudeEvent('api_request', e.timeMs ?? 1_795_000_000_000, {
    'session.id': e.sessionId,
    'event.sequence': e.sequence ?? 0,
    model: e.model ?? 'claude-sonnet-4-5-20250929',
    input_tokens: e.input,
    output_tokens: e.output,
    cache_read_tokens: e.cacheRead ?? 0,
    cache_creation_tokens: e.cacheCreation ?? 0,
    cost_usd: e.costUsd,
    duration_ms: e.durationMs ?? 100,
    ttft_ms: 10,
    request_id: e.requestId,
    query_source: 'sdk',
  })
}

export function logsPayload(records: LogRecordJson[], resource: Record<string, string> = {}) {
  return {
    resourceLogs: [
      {
        resource: {
          attributes: attrs({ 'service.name': 'claude-code', 'service.version': '2.1.331', ...resource }),
        },
        scopeLogs: [
          { scope: { name: 'com.anthropic.claude_code.events', version: '2.1.331' }, logRecords: records },
        ],
      },
    ],
  }
}

export interface SumPoint {
  value: number
  startMs: number
  timeMs: number
  attributes?: Record<string, string>
}

export function sumPayload(name: string, temporality: 1 | 2, points: SumPoint[]) {
  return {
    resourceMetrics: [
      {
        resource: { attributes: attrs({ 'service.name': 'claude-code' }) },
        scopeMetrics: [
          {
            scope: { name: 'com.anthropic.claude_code' },
            metrics: [
              {
                name,
                unit: 'tokens',
                sum: {
                  aggregationTemporality: temporality,
                  isMonotonic: true,
                  dataPoints: points.map((p) => ({
                    startTimeUnixNano: `${p.startMs}000000`,
                    timeUnixNano: `${p.timeMs}000000`,
                    asDouble: p.value,
                    attributes: attrs(p.attributes ?? {}),
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  }
}
