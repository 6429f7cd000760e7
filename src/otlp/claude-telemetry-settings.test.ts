import { describe, expect, test } from 'bun:test'
import {
  applyTelemetryEnv,
  envDiff,
  shellExports,
  telemetryEnv,
  undoTelemetryEnv,
} from './claude-telemetry-settings.ts'

const env = telemetryEnv('http://127.0.0.1:4318')
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
    expect(shellExports(telemetryEnv("http://h:1/it's"))).toContain(
      "export OTEL_EXPORTER_OTLP_ENDPOINT='http://h:1/it'\\''s'",
    )
  })
})
