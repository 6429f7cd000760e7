// OTLP/gRPC through a real `serve collector --grpc-port` process, sent by the OpenTelemetry JS SDK's
// own gRPC exporters (gzip on): the same rows as OTLP/HTTP, the same bearer token (as gRPC
// metadata), and one /healthz counting both transports.

import { Database } from 'bun:sqlite'
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { join } from 'node:path'
import { Metadata } from '@grpc/grpc-js'
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc'
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc'
import { AggregationTemporalityPreference } from '@opentelemetry/exporter-metrics-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs'
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { pinnedEnv, type TempDir, tempDir } from '../helpers/cli.ts'
import { freePort } from '../helpers/free-port.ts'
import { type CollectorProcess, startCollectorProcess } from '../helpers/service-process.ts'

const TOKEN = 'team-token-0123456789abcdef'
const resource = resourceFromAttributes({ 'service.name': 'claude-code' })
let home: TempDir
let collector: CollectorProcess
let grpcUrl: string

beforeAll(async () => {
  home = tempDir('cc-grpc-')
  const grpcPort = freePort()
  grpcUrl = `http://127.0.0.1:${grpcPort}`
  collector = await startCollectorProcess(
    pinnedEnv({ home: home.path, claudeDir: home.path, extra: { CONTEXT_CLEANER_COLLECTOR_TOKEN: TOKEN } }),
    ['--grpc-port', String(grpcPort)],
  )
})

afterAll(async () => {
  await collector.stop()
  home.cleanup()
})

function query<T>(sql: string): T[] {
  const db = new Database(join(home.path, '.context-cleaner', 'data', 'context-cleaner.db'), {
    readonly: true,
  })
  const rows = db.query(sql).all() as T[]
  db.close()
  return rows
}

function metadata(authorization: string | null): Metadata {
  const m = new Metadata()
  if (authorization !== null) m.set('authorization', authorization)
  return m
}

async function sendLog(sessionId: string, authorization: string | null) {
  const exporter = new OTLPLogExporter({
    url: grpcUrl,
    metadata: metadata(authorization),
    compression: 'gzip' as never,
  })
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] })
  provider.getLogger('com.anthropic.claude_code.events').emit({
    body: 'claude_code.api_request',
    attributes: {
      'session.id': sessionId,
      request_id: `req_${sessionId}`,
      model: 'claude-sonnet-4-5-20250929',
      input_tokens: 120,
      output_tokens: 30,
      cache_read_tokens: 0,
      cache_creation_tokens: 0,
      cost_usd: 0.25,
      duration_ms: 900,
    },
  })
  await provider.forceFlush()
  await provider.shutdown()
}

async function sendCounter(sessionId: string, authorization: string | null) {
  const reader = new PeriodicExportingMetricReader({
    exporter: new OTLPMetricExporter({
      url: grpcUrl,
      metadata: metadata(authorization),
      temporalityPreference: AggregationTemporalityPreference.DELTA,
    }),
    exportIntervalMillis: 3_600_000,
  })
  const provider = new MeterProvider({ resource, readers: [reader] })
  provider
    .getMeter('com.anthropic.claude_code')
    .createCounter('claude_code.token.usage', { unit: 'tokens' })
    .add(120, { type: 'input', 'session.id': sessionId })
  await provider.forceFlush()
  await provider.shutdown()
}

test('the SDK gRPC exporters with the token are stored; without or with another, nothing is', async () => {
  await sendLog('grpc-anonymous', null)
  await sendLog('grpc-wrong', 'Bearer not-the-token-0000000')
  await sendLog('grpc-team', `Bearer ${TOKEN}`)
  await sendCounter('grpc-anonymous', null)
  await sendCounter('grpc-team', `Bearer ${TOKEN}`)

  expect(
    query("SELECT key, input_tokens, cost_usd, source FROM api_requests WHERE session_id LIKE 'grpc-%'"),
  ).toEqual([{ key: 'req:req_grpc-team', input_tokens: 120, cost_usd: 0.25, source: 'otlp' }])
  expect(
    query(
      "SELECT session_id, temporality, sum(increment) AS total FROM otel_metrics WHERE session_id LIKE 'grpc-%' GROUP BY session_id, temporality",
    ),
  ).toEqual([{ session_id: 'grpc-team', temporality: 'delta', total: 120 }])
})

test('/healthz on the HTTP port counts the gRPC requests too', async () => {
  const health = (await (await fetch(`${collector.url}/healthz`)).json()) as Record<string, number>
  expect([health.accepted, health.unauthorized]).toEqual([2, 3])
})
