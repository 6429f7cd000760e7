import { describe, expect, it } from 'bun:test'
import {
  type CheckLevel,
  checkBunVersion,
  checkCollectorAccess,
  checkDashboardAccess,
  checkDiskSpace,
  checkPort,
  checkTelemetry,
  compareVersions,
  type PortHolder,
} from './doctor-checks.ts'

it.each<[string, string, number]>([
  ['1.4.5', '1.4.0', 1],
  ['1.4.0', '1.4.0', 0],
  ['1.3.9', '1.4.0', -1],
  ['1.10.0', '1.9.9', 1],
  ['1.4.0-canary.1', '1.4.0', 0],
])('compareVersions(%s, %s) is %i', (a, b, order) => {
  expect(compareVersions(a, b)).toBe(order)
})

it('fails an old Bun with the upgrade command', () => {
  expect(checkBunVersion('1.3.0', '>=1.4.0')).toMatchObject({
    level: 'fail',
    fix: 'Upgrade Bun: `bun upgrade`',
  })
  expect(checkBunVersion('1.4.5', '>=1.4.0').level).toBe('ok')
})

describe('checkTelemetry', () => {
  const wired = {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
  }
  const settings = (env: Record<string, unknown> | null) => [
    { path: '/c/settings.json', env },
    { path: '/d/settings.json', env: null },
  ]

  it('passes settings that send to our collector', () => {
    expect(checkTelemetry(settings(wired), 4318)).toEqual({
      name: 'telemetry',
      level: 'ok',
      detail: 'Claude Code sends telemetry to http://127.0.0.1:4318 (/c/settings.json)',
      fix: null,
    })
  })

  it.each([
    [null, 'Claude Code telemetry is not enabled (/c/settings.json, /d/settings.json)'],
    [{ ...wired, CLAUDE_CODE_ENABLE_TELEMETRY: '0' }, 'CLAUDE_CODE_ENABLE_TELEMETRY is not "1"'],
    [{ ...wired, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_PROTOCOL is grpc'],
    [{ ...wired, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4317' }, "not the collector's port 4318"],
    [
      { ...wired, OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'console' },
      'neither OTEL_LOGS_EXPORTER',
    ],
  ])('warns about %o with setup claude as the fix', (env, problem) => {
    const check = checkTelemetry(settings(env), 4318)
    expect(check.level).toBe('warn')
    expect(check.detail).toContain(problem)
    expect(check.fix).toBe('Run `context-cleaner setup claude` to point Claude Code at the collector')
  })
})

describe('checkTelemetry with a collector token', () => {
  const TOKEN = 'team-token-0123456789abcdef'
  const wired = {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
  }
  const check = (env: Record<string, string>) =>
    checkTelemetry([{ path: '/c/settings.json', env }], 4318, { token: TOKEN })

  it.each([
    [wired, 'warn', 'the collector requires a token but OTEL_EXPORTER_OTLP_HEADERS has no bearer token'],
    [
      { ...wired, OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer someone-elses-token' },
      'warn',
      "the bearer token in OTEL_EXPORTER_OTLP_HEADERS is not the collector's",
    ],
    [
      { ...wired, OTEL_EXPORTER_OTLP_HEADERS: `x-team=blue,Authorization=Bearer ${TOKEN}` },
      'ok',
      'Claude Code sends telemetry to http://127.0.0.1:4318',
    ],
  ])('%o is %s: %s', (env, level, detail) => {
    expect(check(env)).toMatchObject({ level, detail: expect.stringContaining(detail) })
  })
})

describe('checkTelemetry with OTLP/gRPC', () => {
  const grpc = {
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317',
  }
  const check = (env: Record<string, string>, grpcPort: number | null) =>
    checkTelemetry([{ path: '/c/settings.json', env }], 4318, { grpcPort })

  it.each([
    [grpc, 4317, 'ok', 'Claude Code sends telemetry to http://127.0.0.1:4317'],
    [grpc, null, 'warn', 'OTEL_EXPORTER_OTLP_PROTOCOL is grpc; expected http/json or http/protobuf'],
    [
      { ...grpc, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' },
      4317,
      'warn',
      "collector's gRPC port 4317",
    ],
  ])('%o with gRPC on %p is %s: %s', (env, grpcPort, level, detail) => {
    expect(check(env, grpcPort)).toMatchObject({ level, detail: expect.stringContaining(detail) })
  })
})

it.each<[string, boolean, string]>([
  ['127.0.0.1', false, 'no token; only this machine reaches 127.0.0.1'],
  ['0.0.0.0', true, 'OTLP requests need the configured bearer token'],
  ['0.0.0.0', false, 'OTLP requests need the token the collector keeps in /h/run/collector-token'],
])('a collector on %s (token configured: %p) is ok: %s', (host, configured, detail) => {
  expect(checkCollectorAccess(host, configured, '/h/run/collector-token')).toMatchObject({
    level: 'ok',
    detail: expect.stringContaining(detail),
  })
})

it.each<[string, number | null, CheckLevel, string]>([
  ['127.0.0.1', 0o600, 'ok', 'token required (per user, in /h/run/dashboard-token)'],
  ['127.0.0.1', null, 'ok', "made at the dashboard's first start in /h/run/dashboard-token"],
  ['0.0.0.0', 0o600, 'warn', 'bound to 0.0.0.0, so other machines reach it'],
  ['127.0.0.1', 0o644, 'fail', 'has mode 644: other accounts can read'],
])('a dashboard on %s with a token file of mode %o is %s: %s', (host, mode, level, detail) => {
  expect(checkDashboardAccess(host, { path: '/h/run/dashboard-token', mode })).toMatchObject({
    level,
    detail: expect.stringContaining(detail),
  })
})

it.each<[number, CheckLevel]>([
  [50 * 1024 * 1024, 'fail'],
  [500 * 1024 * 1024, 'warn'],
  [5 * 1024 * 1024 * 1024, 'ok'],
])('%i free bytes is %s', (free, level) => {
  expect(checkDiskSpace('/x', free).level).toBe(level)
})

it.each<[PortHolder, CheckLevel]>([
  ['free', 'ok'],
  ['ours', 'ok'],
  ['other', 'warn'],
])('a port that is %s is %s', (holder, level) => {
  expect(checkPort('dashboard', '--port', 8110, holder).level).toBe(level)
})
