// The collector with a bearer token, as a real `serve collector` process: plain requests without
// or with a wrong token get 401 and store nothing, the right token stores; the OpenTelemetry JS SDK
// exporters with the header get through; and the real Claude Code CLI, set up by `setup claude
// --token`, is refused before and accepted after.

import { Database } from 'bun:sqlite'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http'
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs'
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics'
import { createSandbox, runClaude } from '../helpers/claude-code.ts'
import { type CliEnv, pinnedEnv, runCli, type TempDir, tempDir } from '../helpers/cli.ts'
import { startFakeAnthropic, usage } from '../helpers/fake-anthropic.ts'
import { apiRequestEvent, logsPayload } from '../helpers/otlp-payloads.ts'
import { type CollectorProcess, startCollectorProcess } from '../helpers/service-process.ts'

const TOKEN = 'team-token-0123456789abcdef'
const SONNET = 'claude-sonnet-4-5-20250929'

function query<T>(home: string, sql: string, ...params: string[]): T[] {
  const db = new Database(join(home, '.context-cleaner', 'data', 'context-cleaner.db'), { readonly: true })
  const rows = db.query(sql).all(...params) as T[]
  db.close()
  return rows
}

function event(requestId: string): string {
  return JSON.stringify(
    logsPayload([apiRequestEvent({ requestId, sessionId: 'auth', input: 10, output: 5, costUsd: 0.01 })]),
  )
}

describe('a collector started with CONTEXT_CLEANER_COLLECTOR_TOKEN', () => {
  let home: TempDir
  let collector: CollectorProcess

  beforeAll(async () => {
    home = tempDir('cc-auth-')
    collector = await startCollectorProcess(
      pinnedEnv({ home: home.path, claudeDir: home.path, extra: { CONTEXT_CLEANER_COLLECTOR_TOKEN: TOKEN } }),
    )
  })

  afterAll(async () => {
    await collector.stop()
    home.cleanup()
  })

  const post = (requestId: string, headers: Record<string, string> = {}) =>
    fetch(`${collector.url}/v1/logs`, {
      method: 'POST',
      body: event(requestId),
      headers: { 'content-type': 'application/json', ...headers },
    })

  test('no token and a wrong token get 401 and store nothing; the right token stores', async () => {
    const missing = await post('req_missing')
    const wrong = await post('req_wrong', { authorization: 'Bearer team-token-0123456789abcdeX' })
    const right = await post('req_right', { authorization: `Bearer ${TOKEN}` })
    expect([missing.status, wrong.status, right.status]).toEqual([401, 401, 200])
    expect(await missing.json()).toEqual({
      code: 16,
      message: 'Missing or wrong bearer token (Authorization: Bearer <token>)',
    })
    expect(query(home.path, "SELECT key FROM api_requests WHERE session_id = 'auth'")).toEqual([
      { key: 'req:req_right' },
    ])
    expect(query(home.path, 'SELECT count(*) AS n FROM otel_logs')).toEqual([{ n: 1 }])
  })

  test('/healthz stays open', async () => {
    const res = await fetch(`${collector.url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, service: 'collector', unauthorized: 2 })
  })

  test('the OpenTelemetry SDK exporters get through with the header, and not without it', async () => {
    const resource = resourceFromAttributes({ 'service.name': 'claude-code' })
    const emit = async (sessionId: string, headers: Record<string, string>) => {
      const provider = new LoggerProvider({
        resource,
        processors: [
          new SimpleLogRecordProcessor({
            exporter: new JsonLogExporter({ url: `${collector.url}/v1/logs`, headers }),
          }),
        ],
      })
      provider.getLogger('com.anthropic.claude_code.events').emit({
        body: 'claude_code.api_request',
        attributes: {
          'session.id': sessionId,
          request_id: `req_${sessionId}`,
          model: SONNET,
          input_tokens: 7,
          output_tokens: 1,
          cache_read_tokens: 0,
          cache_creation_tokens: 0,
          cost_usd: 0.01,
          duration_ms: 100,
        },
      })
      await provider.forceFlush()
      await provider.shutdown()
    }
    const count = async (sessionId: string, headers: Record<string, string>) => {
      const reader = new PeriodicExportingMetricReader({
        exporter: new ProtoMetricExporter({ url: `${collector.url}/v1/metrics`, headers }),
        exportIntervalMillis: 3_600_000,
      })
      const provider = new MeterProvider({ resource, readers: [reader] })
      provider
        .getMeter('com.anthropic.claude_code')
        .createCounter('claude_code.token.usage', { unit: 'tokens' })
        .add(100, { type: 'input', 'session.id': sessionId })
      await provider.forceFlush()
      await provider.shutdown()
    }
    await emit('sdk-anonymous', {})
    await count('sdk-anonymous', {})
    await emit('sdk-team', { Authorization: `Bearer ${TOKEN}` })
    await count('sdk-team', { Authorization: `Bearer ${TOKEN}` })

    expect(query(home.path, "SELECT session_id FROM api_requests WHERE session_id LIKE 'sdk-%'")).toEqual([
      { session_id: 'sdk-team' },
    ])
    expect(
      query(
        home.path,
        "SELECT session_id, sum(increment) AS total FROM otel_metrics WHERE session_id LIKE 'sdk-%' GROUP BY session_id",
      ),
    ).toEqual([{ session_id: 'sdk-team', total: 100 }])
  })
})

describe('`serve collector --token`', () => {
  const dirs: TempDir[] = []
  afterAll(() => {
    for (const d of dirs.splice(0)) d.cleanup()
  })

  test('the flag sets the token', async () => {
    const home = tempDir('cc-auth-flag-')
    dirs.push(home)
    const collector = await startCollectorProcess(pinnedEnv({ home: home.path, claudeDir: home.path }), [
      '--token',
      TOKEN,
    ])
    const send = (headers: Record<string, string>) =>
      fetch(`${collector.url}/v1/logs`, {
        method: 'POST',
        body: event('req_flag'),
        headers: { 'content-type': 'application/json', ...headers },
      })
    const statuses = [(await send({})).status, (await send({ authorization: `Bearer ${TOKEN}` })).status]
    expect(await collector.stop()).toBe(0)
    expect(statuses).toEqual([401, 200])
  })

  test('a short token or one with other characters is refused without being echoed', async () => {
    const home = tempDir('cc-auth-bad-')
    dirs.push(home)
    const env = { home: home.path, claudeDir: home.path }
    const short = await runCli(['serve', 'collector', '--port', '0', '--token', 'hunter2'], env)
    const spaced = await runCli(['serve', 'collector', '--port', '0', '--token', 'a token with spaces'], env)
    expect([short.exitCode, spaced.exitCode]).toEqual([1, 1])
    expect(short.stderr).toContain(
      'Expected the collector token to be at least 16 characters of A-Z a-z 0-9 - . _ ~ + / (try `openssl rand -hex 32`), got 7 characters',
    )
    expect(spaced.stderr).toContain('got other characters')
    expect(`${short.stderr}${spaced.stderr}`).not.toMatch(/hunter2|with spaces/)
  })
})

describe('the real Claude Code CLI against a collector with a token', () => {
  const cleanups: (() => unknown)[] = []
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn()
  })

  test('refused with the endpoint alone; stored once `setup claude --token` adds the header', async () => {
    const sandbox = createSandbox()
    cleanups.push(() => sandbox.cleanup())
    const cli: CliEnv = { home: sandbox.home, claudeDir: sandbox.configDir }
    const collector = await startCollectorProcess(
      pinnedEnv({ ...cli, extra: { CONTEXT_CLEANER_COLLECTOR_TOKEN: TOKEN } }),
    )
    cleanups.push(() => collector.stop())
    const fake = startFakeAnthropic({
      turns: [
        { usage: usage(100, 10, 0, 0), content: [{ type: 'text', text: 'First.' }] },
        { usage: usage(200, 20, 0, 0), content: [{ type: 'text', text: 'Second.' }] },
      ],
    })
    cleanups.push(() => fake.stop())
    // The settings file is all Claude Code gets: no OTEL_* variable is in its environment.
    const run = () => runClaude({ prompt: 'Say something', baseUrl: fake.url, model: SONNET, sandbox })
    // No token in this process's configuration: the endpoint alone.
    const withoutToken = { home: sandbox.home, claudeDir: sandbox.configDir }
    expect((await runCli(['setup', 'claude', '--endpoint', collector.url], withoutToken)).exitCode).toBe(0)
    expect((await run()).exitCode).toBe(0)
    const refused = query<{ n: number }>(sandbox.home, 'SELECT count(*) AS n FROM api_requests')

    expect(
      (await runCli(['setup', 'claude', '--endpoint', collector.url, '--token', TOKEN], cli)).exitCode,
    ).toBe(0)
    expect((await run()).exitCode).toBe(0)

    expect(refused).toEqual([{ n: 0 }])
    expect(query(sandbox.home, 'SELECT input_tokens, output_tokens, source FROM api_requests')).toEqual([
      { input_tokens: 200, output_tokens: 20, source: 'otlp' },
    ])
    const health = (await (await fetch(`${collector.url}/healthz`)).json()) as { unauthorized: number }
    expect(health.unauthorized).toBeGreaterThan(0)
  }, 90_000)
})

describe('a collector bound beyond loopback with no token configured', () => {
  let home: TempDir
  let collector: CollectorProcess

  beforeAll(async () => {
    home = tempDir('cc-auth-open-')
    collector = await startCollectorProcess(pinnedEnv({ home: home.path, claudeDir: home.path }), [
      '--host',
      '0.0.0.0',
    ])
  })

  afterAll(async () => {
    await collector.stop()
    home.cleanup()
  })

  test('requires a token it made in the run directory (0600), which setup claude and doctor use', async () => {
    const tokenFile = join(home.path, '.context-cleaner', 'run', 'collector-token')
    const token = readFileSync(tokenFile, 'utf8').trim()
    const post = (headers: Record<string, string>) =>
      fetch(`${collector.url}/v1/logs`, {
        method: 'POST',
        body: event(`req_open_${Object.keys(headers).length}`),
        headers: { 'content-type': 'application/json', ...headers },
      })
    expect([(await post({})).status, (await post({ authorization: `Bearer ${token}` })).status]).toEqual([
      401, 200,
    ])
    expect((statSync(tokenFile).mode & 0o777).toString(8)).toBe('600')

    const env: CliEnv = {
      home: home.path,
      claudeDir: home.path,
      extra: { CONTEXT_CLEANER_HOST: '0.0.0.0' },
    }
    expect((await runCli(['setup', 'claude'], env)).exitCode).toBe(0)
    const settings = JSON.parse(readFileSync(join(home.path, 'settings.json'), 'utf8'))
    expect(settings.env.OTEL_EXPORTER_OTLP_HEADERS).toBe(`Authorization=Bearer ${token}`)
    const checks = JSON.parse((await runCli(['doctor', '--json'], env)).stdout) as { name: string }[]
    expect(checks.filter((c) => ['telemetry', 'collector access'].includes(c.name))).toMatchObject([
      { name: 'telemetry', level: 'ok' },
      { name: 'collector access', level: 'ok', detail: expect.stringContaining(tokenFile) },
    ])
  })
})
