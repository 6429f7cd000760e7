// Acceptance: the real Claude Code CLI, talking to a stand-in Messages API, sends its telemetry to our
// collector (a real `serve collector` process). The stored totals must equal what the stand-in served,
// the cost must equal what Claude Code reported, and importing the same sessions' transcripts
// afterwards must change no total.

import { Database } from 'bun:sqlite'
import { afterEach, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { createSandbox, runClaude } from '../helpers/claude-code.ts'
import { type CliEnv, pinnedEnv, runCli, runCliJson } from '../helpers/cli.ts'
import { type ServedResponse, startFakeAnthropic, usage } from '../helpers/fake-anthropic.ts'
import { startCollectorProcess } from '../helpers/service-process.ts'

const SONNET = 'claude-sonnet-4-5-20250929'

interface Totals {
  inputTokens: number
  outputTokens: number
  cacheCreationTokens: number
  cacheReadTokens: number
}
interface DailyJson {
  daily: { requests: number }[]
  totals: Totals & { totalTokens: number; totalCost: number }
}

interface TeamJson {
  teams: { team: string; requests: number }[]
  totals: Totals
}
interface UserJson {
  users: { user: string; requests: number }[]
}

const tokensOf = ({ inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens }: Totals): Totals => ({
  inputTokens,
  outputTokens,
  cacheCreationTokens,
  cacheReadTokens,
})

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

function served(list: readonly ServedResponse[]): Totals {
  const t = { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 }
  for (const s of list) {
    t.inputTokens += s.usage.input_tokens
    t.outputTokens += s.usage.output_tokens
    t.cacheCreationTokens += s.usage.cache_creation_input_tokens
    t.cacheReadTokens += s.usage.cache_read_input_tokens
  }
  return t
}

function summary(report: DailyJson) {
  const { inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens, totalCost } = report.totals
  return {
    tokens: { inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens },
    requests: report.daily.reduce((n, d) => n + d.requests, 0),
    totalCost,
  }
}

function query<T>(dbPath: string, sql: string): T[] {
  const db = new Database(dbPath, { readonly: true })
  const rows = db.query(sql).all() as T[]
  db.close()
  return rows
}

describe.each([
  ['http/json', 'delta'],
  ['http/protobuf', 'cumulative'],
])('real Claude Code sending %s (%s metrics) to the collector', (protocol, temporality) => {
  test('totals equal what was served; importing the transcripts afterwards changes nothing', async () => {
    const sandbox = createSandbox({ 'notes.txt': 'Please greet the user.\n' })
    cleanups.push(() => sandbox.cleanup())
    const cli: CliEnv = { home: sandbox.home, claudeDir: sandbox.configDir }
    const dbPath = join(sandbox.home, '.context-cleaner', 'data', 'context-cleaner.db')
    const collector = await startCollectorProcess(pinnedEnv(cli))
    cleanups.push(() => collector.stop())
    const fake = startFakeAnthropic({
      turns: [
        {
          usage: usage(1200, 35, 4000, 0),
          content: [
            { type: 'text', text: 'Let me read the notes.' },
            { type: 'tool_use', name: 'Read', input: { file_path: 'notes.txt' } },
          ],
        },
        {
          usage: usage(80, 52, 300, 4000, { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 100 }),
          content: [
            { type: 'tool_use', name: 'Bash', input: { command: 'echo hi', description: 'Print hi' } },
          ],
        },
        { usage: usage(15, 120, 0, 4300), content: [{ type: 'text', text: 'Done: hi.' }] },
      ],
    })
    cleanups.push(() => fake.stop())
    const env = {
      CLAUDE_CODE_ENABLE_TELEMETRY: '1',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_METRICS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: temporality,
      // Team mode: a resource attribute names the sender's team.
      OTEL_RESOURCE_ATTRIBUTES: 'team=platform,department=eng',
    }

    const first = await runClaude({
      prompt: 'Read notes.txt and do what it says',
      baseUrl: fake.url,
      model: SONNET,
      sandbox,
      env,
    })
    expect(first.exitCode).toBe(0)
    // A resumed run that compacts: the summarisation call appears only in telemetry, never in the transcript.
    const compact = await runClaude({
      prompt: '/compact',
      baseUrl: fake.url,
      model: SONNET,
      sandbox,
      env,
      resume: first.sessionId ?? '',
    })
    expect(compact.exitCode).toBe(0)
    expect(fake.served.map((s) => s.kind)).toEqual(['turn', 'turn', 'turn', 'compact'])

    const live = summary(await runCliJson<DailyJson>(['report', 'daily', '--json'], cli))
    expect(live.tokens).toEqual(served(fake.served))
    expect(live.requests).toBe(fake.served.length)
    // Claude Code's result carries the session's cumulative cost, which it computed from cost_usd.
    expect(live.totalCost).toBeCloseTo(Number(compact.result?.total_cost_usd), 9)

    // Metrics agree too, whatever their temporality.
    const metricSums = query<{ type: string; total: number }>(
      dbPath,
      `SELECT type, sum(increment) AS total FROM otel_metrics WHERE name = 'claude_code.token.usage' GROUP BY type ORDER BY type`,
    )
    const tokens = served(fake.served)
    expect(metricSums).toEqual([
      { type: 'cacheCreation', total: tokens.cacheCreationTokens },
      { type: 'cacheRead', total: tokens.cacheReadTokens },
      { type: 'input', total: tokens.inputTokens },
      { type: 'output', total: tokens.outputTokens },
    ])
    const [cost] = query<{ total: number }>(
      dbPath,
      `SELECT sum(increment) AS total FROM otel_metrics WHERE name = 'claude_code.cost.usage'`,
    )
    expect(cost?.total).toBeCloseTo(live.totalCost, 9)
    expect(query(dbPath, 'SELECT tool_name, success, decision FROM tool_calls ORDER BY ts')).toEqual([
      { tool_name: 'Read', success: 1, decision: 'accept' },
      { tool_name: 'Bash', success: 1, decision: 'accept' },
    ])

    const imported = await runCli(['import', '--json'], cli)
    expect(imported.exitCode).toBe(0)
    const after = summary(await runCliJson<DailyJson>(['report', 'daily', '--json'], cli))
    expect(after).toEqual(live)
    // The transcripts' tool calls joined telemetry's rows by tool_use_id: still one row per call.
    expect(
      query(
        dbPath,
        'SELECT tool_name, success, decision, duration_ms IS NOT NULL AS timed FROM tool_calls ORDER BY ts',
      ),
    ).toEqual([
      { tool_name: 'Read', success: 1, decision: 'accept', timed: 1 },
      { tool_name: 'Bash', success: 1, decision: 'accept', timed: 1 },
    ])
    // The transcripts completed the rows telemetry made: project and message id are now known.
    expect(
      query(
        dbPath,
        'SELECT project, message_id IS NOT NULL AS hasMessageId, source FROM api_requests ORDER BY ts',
      ),
    ).toEqual([
      { project: sandbox.projectDir, hasMessageId: 1, source: 'transcript' },
      { project: sandbox.projectDir, hasMessageId: 1, source: 'transcript' },
      { project: sandbox.projectDir, hasMessageId: 1, source: 'transcript' },
      // The compaction call has no transcript copy; it takes its session's project.
      { project: sandbox.projectDir, hasMessageId: 0, source: 'otlp' },
    ])

    // Team mode: every request is attributed to the team and to Claude Code's user id.
    const byTeam = await runCliJson<TeamJson>(['report', 'team', '--json'], cli)
    expect(byTeam.teams.map((t) => [t.team, t.requests])).toEqual([['platform', fake.served.length]])
    expect(tokensOf(byTeam.totals)).toEqual(served(fake.served))
    const byUser = await runCliJson<UserJson>(['report', 'user', '--json'], cli)
    expect(byUser.users).toHaveLength(1)
    expect(byUser.users[0]?.user).toMatch(/\S/)
    expect(byUser.users[0]?.requests).toBe(fake.served.length)
    const onlyThem = await runCliJson<DailyJson>(
      ['report', 'daily', '--json', '--team', 'platform', '--user', byUser.users[0]?.user ?? ''],
      cli,
    )
    expect(summary(onlyThem)).toEqual(live)
    const nobody = await runCliJson<DailyJson>(['report', 'daily', '--json', '--team', 'other'], cli)
    expect(nobody.totals.totalTokens).toBe(0)
    expect(await collector.stop()).toBe(0)
  }, 60_000)
})
