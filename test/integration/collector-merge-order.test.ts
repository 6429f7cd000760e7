// Telemetry and transcripts of the same requests, in either order, must end as the same rows and the
// same report: each request counted once, cost and timings from telemetry, project from the transcript.
// The payloads are genuine: one real Claude Code run (with a sub-agent) against the stand-in API.

import { Database } from 'bun:sqlite'
import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { loadConfig } from '../../src/config/load-config.ts'
import { startCollectorService } from '../../src/otlp/collector-service.ts'
import { createSandbox, runClaude, type Sandbox } from '../helpers/claude-code.ts'
import { type CliEnv, runCli, runCliJson, type TempDir, tempDir } from '../helpers/cli.ts'
import {
  type FakeAnthropic,
  type ServedResponse,
  startFakeAnthropic,
  usage,
} from '../helpers/fake-anthropic.ts'

const SONNET = 'claude-sonnet-4-5-20250929'
const HAIKU = 'claude-haiku-4-5-20251001'

interface Captured {
  path: string
  contentType: string
  body: Uint8Array
}

let sandbox: Sandbox
let fake: FakeAnthropic
const captured: Captured[] = []
const homes: TempDir[] = []

beforeAll(async () => {
  const capture = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(req) {
      const body = new Uint8Array(await req.arrayBuffer())
      captured.push({
        path: new URL(req.url).pathname,
        contentType: req.headers.get('content-type') ?? '',
        body,
      })
      return new Response(new Uint8Array(0), { headers: { 'content-type': 'application/x-protobuf' } })
    },
  })
  sandbox = createSandbox({ 'a.txt': 'a\n', 'b.txt': 'b\n' })
  fake = startFakeAnthropic({
    turns: [
      {
        usage: usage(500, 40, 2000, 0),
        content: [
          {
            type: 'tool_use',
            name: 'Agent',
            input: {
              description: 'Count project files',
              prompt: 'Count the files in the project directory.',
              subagent_type: 'general-purpose',
              run_in_background: false,
            },
          },
        ],
      },
      {
        model: HAIKU,
        usage: usage(900, 30, 600, 0),
        content: [{ type: 'tool_use', name: 'Bash', input: { command: 'ls | wc -l', description: 'Count' } }],
      },
      {
        model: HAIKU,
        usage: usage(40, 25, 0, 1500),
        content: [{ type: 'text', text: 'There are 2 files.' }],
      },
      { usage: usage(30, 20, 100, 2000), content: [{ type: 'text', text: 'The project has 2 files.' }] },
    ],
  })
  const run = await runClaude({
    prompt: 'How many files are here? Use an agent.',
    baseUrl: fake.url,
    model: SONNET,
    sandbox,
    env: {
      CLAUDE_CODE_ENABLE_TELEMETRY: '1',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${capture.port}`,
    },
  })
  await capture.stop(true)
  expect(run.exitCode).toBe(0)
}, 60_000)

afterAll(async () => {
  await fake.stop()
  sandbox.cleanup()
  for (const h of homes) h.cleanup()
})

async function replayTelemetry(home: string): Promise<number[]> {
  const config = loadConfig({}, { CONTEXT_CLEANER_HOME: home, HOME: home })
  const service = await startCollectorService(config, { host: '127.0.0.1', port: 0 })
  const statuses: number[] = []
  for (const c of captured) {
    const res = await fetch(`http://127.0.0.1:${service.port}${c.path}`, {
      method: 'POST',
      body: c.body,
      headers: { 'content-type': c.contentType },
    })
    statuses.push(res.status)
  }
  await service.stop()
  return statuses
}

async function importTranscripts(cli: CliEnv): Promise<void> {
  const r = await runCli(['import'], cli)
  expect(r.exitCode).toBe(0)
}

function rows(home: string) {
  const db = new Database(join(home, 'data', 'context-cleaner.db'), { readonly: true })
  const requests = db
    .query(`SELECT key, message_id, session_id, project, model, ts, input_tokens, output_tokens,
      cache_creation_tokens, cache_creation_5m_tokens, cache_creation_1h_tokens, cache_read_tokens, cost_usd,
      duration_ms, ttft_ms, query_source, git_branch, is_sidechain, agent_id, source
      FROM api_requests ORDER BY key`)
    .all()
  const sessions = db.query('SELECT session_id, project, first_ts, last_ts FROM sessions').all()
  db.close()
  return { requests, sessions }
}

function turnsTotal(list: readonly ServedResponse[]): number {
  return list.reduce(
    (n, s) =>
      n +
      s.usage.input_tokens +
      s.usage.output_tokens +
      s.usage.cache_creation_input_tokens +
      s.usage.cache_read_input_tokens,
    0,
  )
}

describe('telemetry and transcripts merge whatever the arrival order', () => {
  test('both orders give the same rows and report, counting each request once', async () => {
    const results = []
    for (const order of [
      ['telemetry', 'transcripts'],
      ['transcripts', 'telemetry'],
    ] as const) {
      const home = tempDir('cc-merge-')
      homes.push(home)
      const cli: CliEnv = { home: home.path, claudeDir: sandbox.configDir }
      const ccHome = join(home.path, '.context-cleaner')
      const steps = {
        telemetry: async () => expect(new Set(await replayTelemetry(ccHome))).toEqual(new Set([200])),
        transcripts: () => importTranscripts(cli),
      }
      for (const step of order) await steps[step]()
      const report = await runCliJson<{ totals: { totalTokens: number; totalCost: number } }>(
        ['report', 'daily', '--json'],
        cli,
      )
      results.push({ rows: rows(ccHome), report })
    }
    const [telemetryFirst, transcriptsFirst] = results
    expect(telemetryFirst?.rows).toEqual(transcriptsFirst?.rows as NonNullable<typeof telemetryFirst>['rows'])
    expect(telemetryFirst?.report).toEqual(
      transcriptsFirst?.report as NonNullable<typeof telemetryFirst>['report'],
    )

    const { requests, sessions } = telemetryFirst?.rows ?? { requests: [], sessions: [] }
    expect(requests).toHaveLength(fake.served.length)
    expect(telemetryFirst?.report.totals.totalTokens).toBe(turnsTotal(fake.served))
    for (const r of requests as Record<string, unknown>[]) {
      expect(r).toMatchObject({ project: sandbox.projectDir, source: 'transcript' })
      expect(r.cost_usd).toBeGreaterThan(0)
      expect(r.duration_ms).not.toBeNull()
      expect(r.message_id).not.toBeNull()
    }
    // Sub-agent requests keep the transcript's side-chain marking and agent id.
    expect(
      (requests as { is_sidechain: number; query_source: string }[])
        .map((r) => [r.is_sidechain, r.query_source])
        .sort(),
    ).toEqual([
      [0, 'sdk'],
      [0, 'sdk'],
      [1, 'agent:builtin:general-purpose'],
      [1, 'agent:builtin:general-purpose'],
    ])
    expect(sessions).toEqual([expect.objectContaining({ project: sandbox.projectDir })])
  }, 60_000)
})
