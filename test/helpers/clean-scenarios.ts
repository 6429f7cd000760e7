// Sessions made by the real Claude Code against the stand-in Messages API, cleaned by `context clean`,
// then resumed twice (the cleaned copy and the original) with the same prompt, so what each resume
// sends can be compared. Shared by the acceptance test and bench/context-clean-resume.ts.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CleanResult } from '../../src/sessions/clean-session.ts'
import { type ClaudeRun, createSandbox, runClaude, type Sandbox } from './claude-code.ts'
import { runCliJson } from './cli.ts'
import {
  type FakeAnthropic,
  type FakeBlock,
  type FakeTurn,
  type MessagesRequest,
  type ServedResponse,
  startFakeAnthropic,
  usage,
} from './fake-anthropic.ts'

export const SONNET = 'claude-sonnet-4-5-20250929'

/** One Claude Code run: a prompt and what the "model" answers, step by step. */
export interface ScenarioRun {
  prompt: string
  turns: FakeBlock[][]
}

export interface CleanScenario {
  name: string
  files: Record<string, string>
  /** The first run starts the session; the others resume it. */
  runs: ScenarioRun[]
  /** Options for `context clean` beyond `--min-idle 0 --json`; none means the defaults. */
  cleanArgs?: string[]
}

/** What one resumed request carried. */
export interface RequestMeasure {
  toolResultChars: number
  requestBytes: number
  /** The stand-in's count: the request body at 4 bytes per token. */
  tokens: number
}

export interface ScenarioOutcome {
  name: string
  sandbox: Sandbox
  sessionId: string
  transcriptPath: string
  originalBytes: Buffer
  plan: CleanResult
  original: RequestMeasure
  cleaned: RequestMeasure
  originalBody: MessagesRequest
  cleanedBody: MessagesRequest
  originalRun: ClaudeRun
  cleanedRun: ClaudeRun
}

// Usage the way the real API would report it: the request's size at about 4 bytes per token, so the
// cleaner's calibration has real growth to measure.
function sized(content: FakeBlock[], fake: () => FakeAnthropic | null): FakeTurn {
  return {
    get usage() {
      const body = fake()?.requests.at(-1)?.body ?? ''
      return usage(10, 60, 0, Math.max(0, Math.ceil(body.length / 4) - 10))
    },
    content,
  }
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((c: unknown) =>
      typeof c === 'object' && c !== null && typeof (c as { text?: unknown }).text === 'string'
        ? (c as { text: string }).text
        : '',
    )
    .join('')
}

export function messagesOf(body: MessagesRequest): { role: string; content: unknown }[] {
  return (body.messages ?? []) as { role: string; content: unknown }[]
}

/** Every tool_result block the request sends, as text. */
export function toolResults(body: MessagesRequest): string[] {
  return messagesOf(body)
    .flatMap((m) => (Array.isArray(m.content) ? (m.content as Record<string, unknown>[]) : []))
    .filter((b) => b.type === 'tool_result')
    .map((b) => textOf(b.content))
}

function measure(served: ServedResponse): RequestMeasure {
  return {
    toolResultChars: toolResults(served.requestBody).reduce((n, t) => n + t.length, 0),
    requestBytes: served.requestBytes,
    tokens: Math.ceil(served.requestBytes / 4),
  }
}

export async function runScenario(scenario: CleanScenario): Promise<ScenarioOutcome> {
  const sandbox = createSandbox(scenario.files)
  let current: FakeAnthropic | null = null
  const fake = () => current
  const run = async (prompt: string, turns: FakeBlock[][], resume?: string) => {
    current = startFakeAnthropic({ turns: turns.map((t) => sized(t, fake)) })
    const result = await runClaude({
      prompt,
      baseUrl: current.url,
      model: SONNET,
      sandbox,
      ...(resume === undefined ? {} : { resume }),
    })
    const served = current.turnsServed()
    await current.stop()
    if (result.exitCode !== 0)
      throw new Error(`claude exited ${result.exitCode} in ${scenario.name}: ${result.stderr.slice(0, 500)}`)
    return { result, served }
  }
  const [first, ...rest] = scenario.runs
  if (first === undefined) throw new Error(`${scenario.name} has no runs`)
  const started = await run(first.prompt, first.turns)
  const sessionId = started.result.sessionId
  const transcriptPath = started.result.transcriptPath
  if (sessionId === null || transcriptPath === null) throw new Error(`${scenario.name}: no session written`)
  for (const r of rest) await run(r.prompt, r.turns, sessionId)
  const originalBytes = readFileSync(transcriptPath)

  const cli = { home: join(sandbox.root, 'cc-home'), claudeDir: sandbox.configDir }
  const plan = await runCliJson<CleanResult>(
    ['context', 'clean', sessionId, '--min-idle', '0', '--json', ...(scenario.cleanArgs ?? [])],
    cli,
  )
  if (plan.newSessionId === null) throw new Error(`${scenario.name}: nothing was cleaned`)
  const reply = (text: string) => [[{ type: 'text', text } satisfies FakeBlock]]
  const cleaned = await run('continue', reply('Continuing from the clean copy.'), plan.newSessionId)
  const original = await run('continue', reply('Continuing the original.'), sessionId)
  const cleanedServed = cleaned.served[0]
  const originalServed = original.served[0]
  if (cleanedServed === undefined || originalServed === undefined)
    throw new Error(`${scenario.name}: a resume sent no request`)
  return {
    name: scenario.name,
    sandbox,
    sessionId,
    transcriptPath,
    originalBytes,
    plan,
    original: measure(originalServed),
    cleaned: measure(cleanedServed),
    originalBody: originalServed.requestBody,
    cleanedBody: cleanedServed.requestBody,
    originalRun: original.result,
    cleanedRun: cleaned.result,
  }
}

/** Share of tool-result characters the cleaned resume no longer sends. */
export function toolResultReduction(o: ScenarioOutcome): number {
  return 1 - o.cleaned.toolResultChars / o.original.toolResultChars
}

// A 17 KB file of distinct lines, as in the one-prompt session.
export const BIG_TXT = Array.from(
  { length: 300 },
  (_, i) =>
    `line ${String(i).padStart(4, '0')}: export const value${i} = compute${i % 11}(input${i % 7}) // ok`,
).join('\n')

const bash = (command: string): FakeBlock[] => [
  { type: 'tool_use', name: 'Bash', input: { command, description: command } },
]
const say = (text: string): FakeBlock[] => [{ type: 'text', text }]
const catSix = Array.from({ length: 6 }, () => bash('cat big.txt'))

/** `claude -p` with one prompt: six identical large reads, then one small command. */
export const onePrompt: CleanScenario = {
  name: 'one-prompt autonomous',
  files: { 'big.txt': `${BIG_TXT}\n` },
  runs: [
    {
      prompt: 'Check big.txt carefully, then show its last lines',
      turns: [...catSix, bash('tail -3 big.txt'), say('big.txt ends at line 0299.')],
    },
  ],
}

const BIG_TS = Array.from(
  { length: 900 },
  (_, i) => `export function handler${i}(input: Input${i % 13}): Output { return transform${i % 7}(input) }`,
).join('\n')
const read = (file_path: string): FakeBlock[] => [{ type: 'tool_use', name: 'Read', input: { file_path } }]

/** Three prompts: reads, an edit, a re-read, then smaller follow-ups. */
export const multiTurn: CleanScenario = {
  name: 'multi-turn refactor',
  files: { 'big.ts': `${BIG_TS}\n`, 'notes.txt': 'Remember to update the changelog.\n' },
  runs: [
    {
      prompt: 'Rename handler5 in big.ts',
      turns: [
        read('big.ts'),
        read('big.ts'),
        [
          {
            type: 'tool_use',
            name: 'Edit',
            input: { file_path: 'big.ts', old_string: 'handler5(', new_string: 'handlerFive(' },
          },
        ],
        read('big.ts'),
        say('Renamed handler5 to handlerFive.'),
      ],
    },
    {
      prompt: 'What do the notes say?',
      turns: [read('notes.txt'), say('The notes ask for a changelog entry.')],
    },
    {
      prompt: 'Summarize where we are',
      turns: [say('Summary: renamed the handler; changelog still to do.')],
    },
  ],
}

/** A foreground sub-agent surveys the file first (in its own transcript), then the main thread reads. */
export const subAgents: CleanScenario = {
  name: 'sub-agents',
  files: { 'big.txt': `${BIG_TXT}\n` },
  runs: [
    {
      prompt: 'Have an agent survey big.txt, then check it yourself',
      turns: [
        [
          {
            type: 'tool_use',
            name: 'Agent',
            input: {
              description: 'Survey big.txt',
              prompt: 'Read big.txt and say what it contains.',
              subagent_type: 'general-purpose',
              run_in_background: false,
            },
          },
        ],
        bash('cat big.txt'),
        bash('cat big.txt'),
        say('It holds 300 generated lines.'),
        ...catSix,
        bash('tail -3 big.txt'),
        say('Checked: 300 lines, as the agent said.'),
      ],
    },
  ],
}

/** Reads, a manual /compact, then more reads after it: only what follows the compaction is resumed. */
export const compaction: CleanScenario = {
  name: 'compaction',
  files: { 'big.txt': `${BIG_TXT}\n` },
  runs: [
    {
      prompt: 'Look at big.txt',
      turns: [bash('cat big.txt'), bash('cat big.txt'), say('It is a generated file.')],
    },
    { prompt: '/compact', turns: [] },
    {
      prompt: 'Check big.txt again, then show its last lines',
      turns: [...catSix, bash('tail -3 big.txt'), say('Still 300 lines.')],
    },
  ],
}

export const cleanScenarios = [onePrompt, multiTurn, subAgents, compaction] as const
