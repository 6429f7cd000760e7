import { test, expect } from 'bun:test'
import { createSandbox, runClaude } from '../helpers/claude-code.ts'
import { startFakeAnthropic, usage } from '../helpers/fake-anthropic.ts'
import { startCollectorProcess } from '../helpers/collector-process.ts'
import { pinnedEnv, runCli } from '../helpers/cli.ts'

test('exp', async () => {
  const sandbox = createSandbox({ 'notes.txt': 'hi\n' })
  const env = pinnedEnv({ home: sandbox.home, claudeDir: sandbox.configDir })
  const collector = await startCollectorProcess(env)
  const fake = startFakeAnthropic({ turns: [
    { usage: usage(1200, 35, 4000, 0), content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'notes.txt' } }] },
    { usage: usage(15, 120, 0, 4300), content: [{ type: 'text', text: 'done' }] },
    { usage: usage(20, 12, 50, 1000), content: [{ type: 'text', text: 'Second answer.' }] },
  ] })
  const otel = { CLAUDE_CODE_ENABLE_TELEMETRY: '1', OTEL_LOGS_EXPORTER: 'otlp', OTEL_METRICS_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_ENDPOINT: collector.url }
  const t0 = Date.now()
  const run = await runClaude({ prompt: 'read notes', baseUrl: fake.url, model: 'claude-sonnet-4-5-20250929', sandbox, env: otel })
  const run2 = await runClaude({ prompt: '/compact', baseUrl: fake.url, model: 'claude-sonnet-4-5-20250929', sandbox, env: otel, resume: run.sessionId! })
  console.log('claude ms', Date.now() - t0, run.result?.total_cost_usd, run2.result?.total_cost_usd, run2.exitCode, run2.stderr)
  console.log(fake.served.map(s => [s.kind, s.requestId]))
  const r = await runCli(['report', 'daily', '--json'], { home: sandbox.home, claudeDir: sandbox.configDir })
  console.log(r.stdout.slice(0, 1500), r.stderr)
  const h = await fetch(collector.url + '/healthz'); console.log(await h.text())
  console.log(await collector.stop())
  fake.stop(); sandbox.cleanup()
}, 60000)
