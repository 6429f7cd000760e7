// A second real client: the OpenTelemetry JS SDK's own OTLP exporters (logs and metrics, JSON and
// protobuf) sending to the collector over loopback.

import { Database } from 'bun:sqlite'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http'
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto'
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonMetricExporter,
} from '@opentelemetry/exporter-metrics-otlp-http'
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs'
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { loadConfig } from '../../src/config/load-config.ts'
import { startCollectorService } from '../../src/otlp/collector-service.ts'
import type { RunningService } from '../../src/services/service.ts'
import { type TempDir, tempDir } from '../helpers/cli.ts'

let home: TempDir
let service: RunningService
let base: string

beforeAll(async () => {
  home = tempDir('cc-otel-sdk-')
  service = await startCollectorService(
    loadConfig({}, { CONTEXT_CLEANER_HOME: home.path, HOME: home.path }),
    {
      host: '127.0.0.1',
      port: 0,
    },
  )
  base = `http://127.0.0.1:${service.port}`
})

afterAll(async () => {
  await service.stop()
  home.cleanup()
})

function query<T>(sql: string, ...params: string[]): T[] {
  const db = new Database(join(home.path, 'data', 'context-cleaner.db'), { readonly: true })
  const rows = db.query(sql).all(...params) as T[]
  db.close()
  return rows
}

const clients = {
  json: {
    logs: () => new JsonLogExporter({ url: `${base}/v1/logs` }),
    metrics: (temporalityPreference: AggregationTemporalityPreference) =>
      new JsonMetricExporter({ url: `${base}/v1/metrics`, temporalityPreference }),
  },
  protobuf: {
    logs: () => new ProtoLogExporter({ url: `${base}/v1/logs` }),
    metrics: (temporalityPreference: AggregationTemporalityPreference) =>
      new ProtoMetricExporter({ url: `${base}/v1/metrics`, temporalityPreference }),
  },
}

describe.each([
  ['json', AggregationTemporalityPreference.DELTA, 'delta'],
  ['protobuf', AggregationTemporalityPreference.CUMULATIVE, 'cumulative'],
] as const)('OpenTelemetry JS SDK exporters (%s)', (encoding, temporality, stored) => {
  const resource = resourceFromAttributes({ 'service.name': 'claude-code', team: `team-${encoding}` })

  test('log records arrive: api_request events as requests, the rest raw', async () => {
    const provider = new LoggerProvider({
      resource,
      processors: [new SimpleLogRecordProcessor({ exporter: clients[encoding].logs() })],
    })
    const logger = provider.getLogger('com.anthropic.claude_code.events')
    for (const [i, tokens] of [100, 250].entries()) {
      logger.emit({
        body: 'claude_code.api_request',
        attributes: {
          'session.id': `sdk-${encoding}`,
          'event.sequence': i,
          request_id: `req_sdk_${encoding}_${i}`,
          model: 'claude-sonnet-4-5-20250929',
          input_tokens: tokens,
          output_tokens: 10,
          cache_read_tokens: 0,
          cache_creation_tokens: 0,
          cost_usd: 0.5,
          duration_ms: 1200,
        },
      })
    }
    logger.emit({
      body: 'plain log line',
      severityNumber: 13,
      severityText: 'WARN',
      attributes: { answer: 42 },
    })
    await provider.forceFlush()
    await provider.shutdown()

    expect(
      query(
        'SELECT key, input_tokens, cost_usd, project, source FROM api_requests WHERE session_id = ? ORDER BY key',
        `sdk-${encoding}`,
      ),
    ).toEqual([
      { key: `req:req_sdk_${encoding}_0`, input_tokens: 100, cost_usd: 0.5, project: '', source: 'otlp' },
      { key: `req:req_sdk_${encoding}_1`, input_tokens: 250, cost_usd: 0.5, project: '', source: 'otlp' },
    ])
    const [plain] = query<{ severity_number: number; attributes: string; resource: string }>(
      `SELECT severity_number, attributes, resource FROM otel_logs WHERE body = 'plain log line' AND resource LIKE ?`,
      `%team-${encoding}%`,
    )
    expect(plain?.severity_number).toBe(13)
    expect(JSON.parse(plain?.attributes ?? '{}')).toEqual({ answer: 42 })
    expect(JSON.parse(plain?.resource ?? '{}')).toMatchObject({
      'service.name': 'claude-code',
      team: `team-${encoding}`,
    })
  })

  test('a counter exported twice adds up once, whatever the temporality', async () => {
    const reader = new PeriodicExportingMetricReader({
      exporter: clients[encoding].metrics(temporality),
      exportIntervalMillis: 3_600_000,
    })
    const provider = new MeterProvider({ resource, readers: [reader] })
    const counter = provider
      .getMeter('com.anthropic.claude_code')
      .createCounter('claude_code.token.usage', { unit: 'tokens' })
    counter.add(100, { type: 'input', 'session.id': `sdk-${encoding}` })
    await provider.forceFlush()
    counter.add(50, { type: 'input', 'session.id': `sdk-${encoding}` })
    await provider.forceFlush()
    await provider.shutdown()

    const rows = query<{ temporality: string; value: number; increment: number }>(
      `SELECT temporality, value, increment FROM otel_metrics WHERE session_id = ? ORDER BY ts`,
      `sdk-${encoding}`,
    )
    expect(new Set(rows.map((r) => r.temporality))).toEqual(new Set([stored]))
    expect(rows.reduce((n, r) => n + r.increment, 0)).toBe(150)
  })
})
