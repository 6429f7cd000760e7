// Proves the harness itself: the real Claude Code CLI talks to the fake API, runs scripted tools,
// and writes transcripts/telemetry whose usage matches exactly what the fake served.

import { afterEach, describe, expect, test } from 'bun:test'
import { existsSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import {
  createSandbox,
  readTranscript,
  runClaude,
  type Sandbox,
  type TranscriptUsage,
  transcriptUsage,
} from '../helpers/claude-code.ts'
import {
  type FakeAnthropic,
  type FakeTurn,
  type FakeUsage,
  type ServedResponse,
  startFakeAnthropic,
  usage,
} from '../helpers/fake-anthropic.ts'

const SONNET = 'claude-sonnet-4-5-20250929'
const HAIKU = 'claude-haiku-4-5-20251001'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

function track(fake: FakeAnthropic, sandbox?: Sandbox): void {
  cleanups.push(() => fake.stop())
  if (sandbox && !process.env.KEEP_SANDBOX) cleanups.push(() => sandbox.cleanup())
}

interface Totals {
  input: number
  output: number
  cacheCreation: number
  cacheRead: number
}

function total(usages: FakeUsage[] | TranscriptUsage['usage'][]): Totals {
  const t: Totals = { input: 0, output: 0, cacheCreation: 0, cacheRead: 0 }
  for (const u of usages) {
    t.input += u.input_tokens
    t.output += u.output_tokens
    t.cacheCreation += u.cache_creation_input_tokens
    t.cacheRead += u.cache_read_input_tokens
  }
  return t
}

function key(x: { id?: string; messageId?: string; requestId: string | null }): string {
  return `${x.id ?? x.messageId}:${x.requestId}`
}

function expectTranscriptMatchesServed(logged: TranscriptUsage[], served: ServedResponse[]): void {
  expect(logged.map(key).sort()).toEqual(served.map(key).sort())
  const byKey = new Map(served.map((s) => [key(s), s]))
  for (const l of logged) {
    const s = byKey.get(key(l))!
    expect(l.model).toBe(s.model)
    expect(l.usage.input_tokens).toBe(s.usage.input_tokens)
    expect(l.usage.output_tokens).toBe(s.usage.output_tokens)
    expect(l.usage.cache_creation_input_tokens).toBe(s.usage.cache_creation_input_tokens)
    expect(l.usage.cache_read_input_tokens).toBe(s.usage.cache_read_input_tokens)
    if (s.usage.cache_creation) expect(l.usage.cache_creation).toEqual(s.usage.cache_creation)
  }
  expect(total(logged.map((l) => l.usage))).toEqual(total(served.map((s) => s.usage)))
}

function threeTurnScript(model: string): FakeTurn[] {
  return [
    {
      model,
      usage: usage(1200, 35, 4000, 0),
      content: [
        { type: 'text', text: 'Let me read the notes first.' },
        { type: 'tool_use', name: 'Read', input: { file_path: 'notes.txt' } },
      ],
    },
    {
      model,
      usage: usage(80, 52, 300, 4000, { ephemeral_5m_input_tokens: 200, ephemeral_1h_input_tokens: 100 }),
      content: [
        { type: 'thinking', thinking: 'The notes say to greet; run echo.' },
        { type: 'tool_use', name: 'Bash', input: { command: 'echo hi', description: 'Print hi' } },
      ],
    },
    {
      model,
      usage: usage(15, 120, 0, 4300),
      content: [{ type: 'text', text: 'The notes asked for a greeting, and `echo hi` printed hi.' }],
    },
  ]
}

describe('claude code harness', () => {
  for (const model of [SONNET, HAIKU]) {
    test(`3-turn tool-use run on ${model}: transcript usage == usage served`, async () => {
      const fake = startFakeAnthropic({ turns: threeTurnScript(model) })
      const sandbox = createSandbox({ 'notes.txt': 'Please greet the user.\n' })
      track(fake, sandbox)

      const run = await runClaude({
        prompt: 'Read notes.txt and do what it says',
        baseUrl: fake.url,
        model,
        sandbox,
      })

      expect(run.stderr).toBe('')
      expect(run.exitCode).toBe(0)
      expect(run.result?.is_error).toBe(false)
      expect(run.result?.result).toBe('The notes asked for a greeting, and `echo hi` printed hi.')
      expect(run.sessionId).toMatch(/^[0-9a-f-]{36}$/)
      expect(run.transcriptPath).not.toBeNull()
      expect(run.transcripts.sessions).toEqual([run.transcriptPath!])
      expect(basename(dirname(run.transcriptPath!))).toBe(basename(sandbox.transcriptDir))

      // All requests were conversation turns; -p mode makes no side calls.
      expect(fake.served.map((s) => s.kind)).toEqual(['turn', 'turn', 'turn'])
      expect(fake.served.every((s) => s.isStreaming && s.requestedModel === model)).toBe(true)
      expect(fake.unknownRoutes).toEqual([])

      // The tools really ran: their results went back to the model.
      const lines = await readTranscript(run.transcriptPath!)
      const toolResults = lines
        .filter((l) => l.type === 'user')
        .flatMap((l) => {
          const content = (l.message as { content?: unknown }).content
          return Array.isArray(content) ? (content as { type?: string; content?: unknown }[]) : []
        })
        .filter((c) => c.type === 'tool_result')
        .map((c) => JSON.stringify(c.content))
      expect(toolResults).toHaveLength(2)
      expect(toolResults[0]).toContain('Please greet the user.')
      expect(toolResults[1]).toBe('"hi"')

      // One response is written as one line per content block, each repeating the usage.
      const assistantLines = lines.filter((l) => l.type === 'assistant')
      expect(assistantLines).toHaveLength(5)
      for (const l of assistantLines) {
        expect(l.isSidechain).toBe(false)
        expect(l.sessionId).toBe(run.sessionId!)
        expect(l.cwd).toBe(sandbox.projectDir)
        expect(l.requestedModel).toBe(model)
        expect(l.costUSD).toBeUndefined()
      }

      const logged = await transcriptUsage(run.transcripts.all)
      expect(logged).toHaveLength(3)
      // The request-id response header is what Claude Code records as requestId.
      expect(logged.map((l) => l.requestId)).toEqual(fake.served.map((s) => s.requestId))
      expectTranscriptMatchesServed(logged, fake.turnsServed())

      // The CLI's own cost accounting agrees on tokens.
      const modelUsage = (run.result?.modelUsage as Record<string, Record<string, number>> | undefined)?.[
        model
      ]
      if (!modelUsage) throw new Error('result has no modelUsage for the model')
      expect(modelUsage.inputTokens).toBe(1295)
      expect(modelUsage.outputTokens).toBe(207)
      expect(modelUsage.cacheCreationInputTokens).toBe(4300)
      expect(modelUsage.cacheReadInputTokens).toBe(8300)
    })
  }

  test('foreground sub-agent writes <session>/subagents/*.jsonl and usage still adds up', async () => {
    const fake = startFakeAnthropic({
      turns: [
        {
          usage: usage(500, 40, 2000, 0),
          content: [
            {
              type: 'tool_use',
              name: 'Agent',
              input: {
                description: 'Count project files',
                prompt: 'Count the files in the project directory and report the number.',
                subagent_type: 'general-purpose',
                run_in_background: false,
              },
            },
          ],
        },
        {
          model: HAIKU,
          usage: usage(900, 30, 600, 0),
          content: [
            { type: 'tool_use', name: 'Bash', input: { command: 'ls | wc -l', description: 'Count files' } },
          ],
        },
        {
          model: HAIKU,
          usage: usage(40, 25, 0, 1500),
          content: [{ type: 'text', text: 'There are 2 files.' }],
        },
        { usage: usage(30, 20, 100, 2000), content: [{ type: 'text', text: 'The project has 2 files.' }] },
      ],
    })
    const sandbox = createSandbox({ 'a.txt': 'a\n', 'b.txt': 'b\n' })
    track(fake, sandbox)

    const run = await runClaude({
      prompt: 'How many files are here? Use an agent.',
      baseUrl: fake.url,
      model: SONNET,
      sandbox,
    })

    expect(run.exitCode).toBe(0)
    expect(run.result?.result).toBe('The project has 2 files.')
    expect(fake.served.map((s) => [s.kind, s.isSubagent])).toEqual([
      ['turn', false],
      ['turn', true],
      ['turn', true],
      ['turn', false],
    ])
    expect(run.transcripts.subagents).toHaveLength(1)
    const subPath = run.transcripts.subagents[0]!
    expect(subPath.startsWith(`${sandbox.transcriptDir}/${run.sessionId}/subagents/agent-`)).toBe(true)
    expect(existsSync(subPath.replace(/\.jsonl$/, '.meta.json'))).toBe(true)

    const logged = await transcriptUsage(run.transcripts.all)
    const sub = logged.filter((l) => l.file === subPath)
    expect(sub).toHaveLength(2)
    expect(sub.every((l) => l.isSidechain && l.agentId !== null && l.model === HAIKU)).toBe(true)
    expect(basename(subPath)).toBe(`agent-${sub[0]!.agentId}.jsonl`)
    expectTranscriptMatchesServed(logged, fake.turnsServed())
  })

  test('--resume appends to the same session file; /compact is served but never logged', async () => {
    const fake = startFakeAnthropic({
      turns: [
        { usage: usage(100, 10, 1000, 0), content: [{ type: 'text', text: 'First answer.' }] },
        { usage: usage(20, 12, 50, 1000), content: [{ type: 'text', text: 'Second answer.' }] },
      ],
    })
    const sandbox = createSandbox()
    track(fake, sandbox)

    const first = await runClaude({ prompt: 'first', baseUrl: fake.url, model: SONNET, sandbox })
    expect(first.exitCode).toBe(0)
    const second = await runClaude({
      prompt: 'second',
      baseUrl: fake.url,
      model: SONNET,
      sandbox,
      resume: first.sessionId!,
    })
    expect(second.exitCode).toBe(0)
    expect(second.sessionId).toBe(first.sessionId)
    const compact = await runClaude({
      prompt: '/compact',
      baseUrl: fake.url,
      model: SONNET,
      sandbox,
      resume: first.sessionId!,
    })
    expect(compact.exitCode).toBe(0)

    expect(fake.served.map((s) => s.kind)).toEqual(['turn', 'turn', 'compact'])
    expect(compact.transcripts.sessions).toEqual([first.transcriptPath!])
    const lines = await readTranscript(first.transcriptPath!)
    expect(lines.some((l) => l.type === 'system' && l.subtype === 'compact_boundary')).toBe(true)

    const logged = await transcriptUsage(compact.transcripts.all)
    expectTranscriptMatchesServed(logged, fake.turnsServed())
    // The summarisation call only shows up in the cumulative cost-state record.
    const costStates = lines.filter((l) => l.type === 'cost-state')
    const last = costStates.at(-1)?.modelUsage as Record<string, Record<string, number>>
    const served = total(fake.served.map((s) => s.usage))
    expect(last[SONNET]!.inputTokens).toBe(served.input)
    expect(last[SONNET]!.outputTokens).toBe(served.output)
  })

  test('OTLP http/json telemetry reports the served usage per request', async () => {
    const bodies: { path: string; body: string }[] = []
    const otlp = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      async fetch(req) {
        bodies.push({ path: new URL(req.url).pathname, body: await req.text() })
        return Response.json({})
      },
    })
    cleanups.push(() => otlp.stop(true))
    const fake = startFakeAnthropic({ turns: threeTurnScript(HAIKU) })
    const sandbox = createSandbox({ 'notes.txt': 'Please greet the user.\n' })
    track(fake, sandbox)

    const run = await runClaude({
      prompt: 'Read notes.txt and do what it says',
      baseUrl: fake.url,
      model: HAIKU,
      sandbox,
      env: {
        CLAUDE_CODE_ENABLE_TELEMETRY: '1',
        OTEL_LOGS_EXPORTER: 'otlp',
        OTEL_METRICS_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlp.port}`,
        OTEL_LOGS_EXPORT_INTERVAL: '500',
        OTEL_METRIC_EXPORT_INTERVAL: '500',
      },
    })
    expect(run.exitCode).toBe(0)

    type Attr = { key: string; value: Record<string, unknown> }
    const attrs = (list: Attr[]): Record<string, unknown> =>
      Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]))
    const events = bodies
      .filter((b) => b.path === '/v1/logs')
      .flatMap((b) => {
        const doc = JSON.parse(b.body) as {
          resourceLogs: {
            scopeLogs: { logRecords: { body: { stringValue: string }; attributes: Attr[] }[] }[]
          }[]
        }
        return doc.resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords))
      })
      .map((r): Record<string, unknown> => ({ name: r.body.stringValue, ...attrs(r.attributes) }))
    const apiRequests = events.filter((e) => e.name === 'claude_code.api_request')
    expect(apiRequests.map((e) => e.request_id)).toEqual(fake.served.map((s) => s.requestId))
    apiRequests.forEach((e, i) => {
      const s = fake.served[i]!
      expect(e['session.id']).toBe(run.sessionId!)
      expect(e.model).toBe(s.model)
      expect(e.input_tokens).toBe(s.usage.input_tokens)
      expect(e.output_tokens).toBe(s.usage.output_tokens)
      expect(e.cache_creation_tokens).toBe(s.usage.cache_creation_input_tokens)
      expect(e.cache_read_tokens).toBe(s.usage.cache_read_input_tokens)
      expect(typeof e.cost_usd).toBe('number')
    })
    expect(bodies.some((b) => b.path === '/v1/metrics')).toBe(true)
  })
})
