import { describe, expect, test } from 'bun:test'
import {
  applyTelemetryEnv,
  bearerOfHeaders,
  envDiff,
  shellExports,
  telemetryEnv,
  undoTelemetryEnv,
} from './claude-telemetry-settings.ts'

const env = telemetryEnv('http://127.0.0.1:4318', null)
const original = {
  model: 'opus',
  env: { FOO: '1', OTEL_LOGS_EXPORTER: 'console' },
  permissions: { allow: [] },
}

describe('Claude Code telemetry settings', () => {
  test('setup adds the variables and keeps everything else, in place', () => {
    const next = applyTelemetryEnv(original, env)
    expect(Object.keys(next)).toEqual(['model', 'env', 'permissions'])
    expect(next.env).toEqual({ FOO: '1', ...env })
    expect(next.permissions).toBe(original.permissions)
  })

  test('setup is idempotent', () => {
    const once = applyTelemetryEnv(original, env)
    expect(envDiff(once, applyTelemetryEnv(once, env))).toEqual([])
  })

  test('undo restores what the backup had, and keeps later unrelated changes', () => {
    const later = { ...applyTelemetryEnv(original, env), theme: 'dark' }
    expect(undoTelemetryEnv(later, original)).toEqual({ ...original, theme: 'dark' })
  })

  test('undo without a backup removes the variables, and an env block setup created', () => {
    expect(undoTelemetryEnv(applyTelemetryEnv({ model: 'opus' }, env), null)).toEqual({ model: 'opus' })
  })

  test('the diff names each change', () => {
    expect(envDiff(original, applyTelemetryEnv(original, env))).toEqual([
      '+ env.CLAUDE_CODE_ENABLE_TELEMETRY=1',
      '+ env.OTEL_METRICS_EXPORTER=otlp',
      '~ env.OTEL_LOGS_EXPORTER: console -> otlp',
      '+ env.OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf',
      '+ env.OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318',
      '+ env.OTEL_METRIC_EXPORT_INTERVAL=10000',
      '+ env.OTEL_LOGS_EXPORT_INTERVAL=5000',
    ])
  })

  test('shell exports are quoted', () => {
    expect(shellExports(telemetryEnv("http://h:1/it's", null))).toContain(
      "export OTEL_EXPORTER_OTLP_ENDPOINT='http://h:1/it'\\''s'",
    )
  })
})

describe('with a collector token', () => {
  const TOKEN = 'team-token-0123456789abcdef'
  const withToken = telemetryEnv('https://collector.example.com', TOKEN)

  test('the token goes into OTEL_EXPORTER_OTLP_HEADERS, beside headers already there', () => {
    const settings = { env: { OTEL_EXPORTER_OTLP_HEADERS: 'x-team=blue, authorization=Bearer old' } }
    expect(applyTelemetryEnv({}, withToken).env).toMatchObject({
      OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer ${TOKEN}`,
    })
    expect(applyTelemetryEnv(settings, withToken).env).toMatchObject({
      OTEL_EXPORTER_OTLP_HEADERS: `x-team=blue,Authorization=Bearer ${TOKEN}`,
    })
  })

  test('setup without a token leaves existing headers alone; undo takes ours back out', () => {
    const settings = { env: { OTEL_EXPORTER_OTLP_HEADERS: 'x-team=blue' } }
    expect(applyTelemetryEnv(settings, env).env).toMatchObject(settings.env)
    expect(undoTelemetryEnv(applyTelemetryEnv(settings, withToken), settings)).toEqual(settings)
    expect(undoTelemetryEnv(applyTelemetryEnv({}, withToken), null)).toEqual({})
  })

  test('the diff shows the last four characters of a token; a new token is a change', () => {
    const once = applyTelemetryEnv({}, withToken)
    const other = applyTelemetryEnv(
      once,
      telemetryEnv('https://collector.example.com', 'other-token-0000abcdef'),
    )
    expect(envDiff({}, once)).toContain('+ env.OTEL_EXPORTER_OTLP_HEADERS=Authorization=Bearer …cdef')
    expect(envDiff(once, other)).toEqual([
      '~ env.OTEL_EXPORTER_OTLP_HEADERS: Authorization=Bearer …cdef -> Authorization=Bearer …cdef',
    ])
  })

  test('shell exports carry the token in full', () => {
    expect(shellExports(withToken).split('\n').at(-1)).toBe(
      `export OTEL_EXPORTER_OTLP_HEADERS='Authorization=Bearer ${TOKEN}'`,
    )
    expect(shellExports(env)).not.toContain('OTEL_EXPORTER_OTLP_HEADERS')
  })

  test.each<[unknown, string | null]>([
    [`Authorization=Bearer ${TOKEN}`, TOKEN],
    [`x-team=blue, authorization = Bearer%20${TOKEN}`, TOKEN],
    ['x-team=blue', null],
    ['Authorization=Basic abc', null],
    [undefined, null],
  ])('bearerOfHeaders(%p) is %p', (headers, token) => {
    expect(bearerOfHeaders(headers)).toBe(token)
  })
})
