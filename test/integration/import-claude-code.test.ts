// Acceptance: the real Claude Code CLI writes transcripts while talking to a local stand-in for the
// Messages API; our `report daily --json` must equal the usage the stand-in served, token for token.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { costForRequest } from '../../src/analytics/pricing/calculate-cost.ts'
import { bundledPriceTable } from '../../src/model/price-table.ts'
import { createSandbox, runClaude, type Sandbox } from '../helpers/claude-code.ts'
import { runCliJson, type TempDir, tempDir } from '../helpers/cli.ts'
import {
  type FakeAnthropic,
  type ServedResponse,
  startFakeAnthropic,
  usage,
} from '../helpers/fake-anthropic.ts'

const SONNET = 'claude-sonnet-4-5-20250929'
const HAIKU = 'claude-haiku-4-5-20251001'
const OPUS = 'claude-opus-4-1-20250805'

interface Totals {
  inputTokens: number
  outputTokens: number
  cacheCreationTokens: number
  cacheReadTokens: number
  totalTokens: number
  totalCost: number
}
interface DailyJson {
  daily: (Totals & {
    date: string
    requests: number
    modelsUsed: string[]
    modelBreakdowns: ({ modelName: string } & Totals)[]
  })[]
  totals: Totals & { unpricedModels: string[] }
}

let fake: FakeAnthropic
let sandbox: Sandbox
let home: TempDir
const sessions: string[] = []

function servedTotals(served: readonly ServedResponse[]) {
  const t = { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0 }
  for (const s of served) {
    t.inputTokens += s.usage.input_tokens
    t.outputTokens += s.usage.output_tokens
    t.cacheCreationTokens += s.usage.cache_creation_input_tokens
    t.cacheReadTokens += s.usage.cache_read_input_tokens
  }
  return t
}

beforeAll(async () => {
  fake = startFakeAnthropic({
    turns: [
      // Session 1 (sonnet): read a file, run a command, answer.
      {
        usage: usage(1200, 35, 4000, 0),
        content: [{ type: 'tool_use', name: 'Read', input: { file_path: 'notes.txt' } }],
      },
      {
        usage: usage(80, 52, 300, 4000, { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 100 }),
        content: [
          { type: 'thinking', thinking: 'Run echo.' },
          { type: 'tool_use', name: 'Bash', input: { command: 'echo hi', description: 'Print hi' } },
        ],
      },
      { usage: usage(15, 120, 0, 4300), content: [{ type: 'text', text: 'Done: hi.' }] },
      // Session 2 (haiku): one plain answer.
      { usage: usage(3000, 400, 0, 0), content: [{ type: 'text', text: 'Haiku here.' }] },
      // Session 3 (opus) delegates to a foreground sub-agent that runs on haiku.
      {
        usage: usage(500, 40, 2000, 0),
        content: [
          {
            type: 'tool_use',
            name: 'Agent',
            input: {
              description: 'Count files',
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
      { model: HAIKU, usage: usage(40, 25, 0, 1500), content: [{ type: 'text', text: 'There is 1 file.' }] },
      { usage: usage(60, 70, 0, 2500), content: [{ type: 'text', text: 'The project has 1 file.' }] },
    ],
  })
  sandbox = createSandbox({ 'notes.txt': 'Please greet.\n' })
  home = tempDir()
  const runs: [string, string][] = [
    ['Read notes.txt and do what it says', SONNET],
    ['Say hello', HAIKU],
    ['How many files are there?', OPUS],
  ]
  for (const [prompt, model] of runs) {
    const run = await runClaude({ prompt, model, baseUrl: fake.url, sandbox })
    expect(run.exitCode).toBe(0)
    sessions.push(run.sessionId ?? '')
  }
})

afterAll(async () => {
  await fake.stop()
  sandbox.cleanup()
  home.cleanup()
})

const env = () => ({ home: home.path, claudeDir: sandbox.configDir })

describe('import of real Claude Code transcripts', () => {
  test('daily totals equal the usage the stand-in served, per model and overall', async () => {
    const served = fake.turnsServed()
    expect(served).toHaveLength(8)
    const report = await runCliJson<DailyJson>(['report', 'daily', '--json'], env())

    expect(report.totals).toMatchObject(servedTotals(served))
    expect(report.daily.reduce((n, d) => n + d.requests, 0)).toBe(8)
    for (const model of [SONNET, HAIKU, OPUS]) {
      const breakdown = report.daily.flatMap((d) => d.modelBreakdowns).filter((b) => b.modelName === model)
      const expected = servedTotals(served.filter((s) => s.model === model))
      expect(breakdown.reduce((n, b) => n + b.inputTokens, 0)).toBe(expected.inputTokens)
      expect(breakdown.reduce((n, b) => n + b.outputTokens, 0)).toBe(expected.outputTokens)
      expect(breakdown.reduce((n, b) => n + b.cacheCreationTokens, 0)).toBe(expected.cacheCreationTokens)
      expect(breakdown.reduce((n, b) => n + b.cacheReadTokens, 0)).toBe(expected.cacheReadTokens)
    }
  })

  test('cost equals each served request priced on its own', async () => {
    const table = bundledPriceTable()
    const expected = fake.turnsServed().reduce((sum, s) => {
      const c = costForRequest(table, s.model, {
        inputTokens: s.usage.input_tokens,
        outputTokens: s.usage.output_tokens,
        cacheCreationTokens: s.usage.cache_creation_input_tokens,
        cacheReadTokens: s.usage.cache_read_input_tokens,
        cacheCreation5mTokens: s.usage.cache_creation?.ephemeral_5m_input_tokens ?? null,
        cacheCreation1hTokens: s.usage.cache_creation?.ephemeral_1h_input_tokens ?? null,
      })
      return sum + (c.priced ? c.cost : Number.NaN)
    }, 0)
    const report = await runCliJson<DailyJson>(['report', 'daily', '--json'], env())
    expect(report.totals.unpricedModels).toEqual([])
    expect(report.totals.totalCost).toBeCloseTo(expected, 10)
  })

  test('sessions and sub-agent usage are attributed to their session', async () => {
    const report = await runCliJson<{
      session: { sessionId: string; requests: number; projectPath: string }[]
    }>(['report', 'session', '--json'], env())
    expect(report.session.map((s) => s.sessionId).sort()).toEqual([...sessions].sort())
    const bySession = Object.fromEntries(report.session.map((s) => [s.sessionId, s.requests]))
    expect(sessions.map((id) => bySession[id])).toEqual([3, 1, 4])
    expect(new Set(report.session.map((s) => s.projectPath))).toEqual(new Set([sandbox.projectDir]))
  })

  test('importing again adds nothing', async () => {
    const again = await runCliJson<{ newRequests: number; filesRead: number }>(['import', '--json'], env())
    expect(again).toMatchObject({ newRequests: 0, filesRead: 0 })
    const report = await runCliJson<DailyJson>(['report', 'daily', '--json'], env())
    expect(report.totals).toMatchObject(servedTotals(fake.turnsServed()))
  })

  test('the database lives in CONTEXT_CLEANER_HOME', async () => {
    const config = await runCliJson<{ paths: { database: string } }>(['config', '--json'], env())
    expect(config.paths.database).toBe(join(home.path, '.context-cleaner', 'data', 'context-cleaner.db'))
  })
})
