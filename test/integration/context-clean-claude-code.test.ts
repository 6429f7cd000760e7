// Acceptance: the real Claude Code CLI builds sessions against the stand-in Messages API; `context clean`
// (with its defaults) writes a cleaned copy; resuming that copy sends far fewer tool-result characters
// than resuming the original, with the newest tool outputs verbatim; both resume; the original is
// untouched. The same scenarios make the README's table (bench/context-clean-resume.ts).

import { afterAll, describe, expect, test } from 'bun:test'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { claudeBin, readTranscript, sandboxEnv } from '../helpers/claude-code.ts'
import {
  compaction,
  messagesOf,
  multiTurn,
  onePrompt,
  runScenario,
  type ScenarioOutcome,
  subAgents,
  toolResultReduction,
  toolResults,
} from '../helpers/clean-scenarios.ts'
import { runCli } from '../helpers/cli.ts'
import { type MessagesRequest, startFakeAnthropic, usage } from '../helpers/fake-anthropic.ts'

const outcomes: ScenarioOutcome[] = []
afterAll(() => {
  for (const o of outcomes) o.sandbox.cleanup()
})

function toolIds(body: MessagesRequest, type: 'tool_use' | 'tool_result'): string[] {
  return messagesOf(body)
    .flatMap((m) => (Array.isArray(m.content) ? (m.content as Record<string, unknown>[]) : []))
    .filter((b) => b.type === type)
    .map((b) => String(type === 'tool_use' ? b.id : b.tool_use_id))
}

// What every resumed copy must show: both resumes worked, each call kept its result, the original is
// byte for byte what it was, and the newest `keep` tool outputs went out exactly as the original's.
function expectSoundResume(o: ScenarioOutcome, keep: number): void {
  expect(o.cleanedRun.exitCode).toBe(0)
  expect(o.cleanedRun.sessionId).toBe(o.plan.newSessionId!)
  expect(o.cleanedRun.result?.result).toBe('Continuing from the clean copy.')
  expect(o.originalRun.exitCode).toBe(0)
  expect(o.originalRun.sessionId).toBe(o.sessionId)
  expect(toolIds(o.cleanedBody, 'tool_result')).toEqual(toolIds(o.cleanedBody, 'tool_use'))
  expect(messagesOf(o.cleanedBody).length).toBe(messagesOf(o.originalBody).length)
  expect(toolResults(o.cleanedBody).slice(-keep)).toEqual(toolResults(o.originalBody).slice(-keep))
  // The original was resumed after the clean, so it grew; everything before that is unchanged.
  expect(readFileSync(o.transcriptPath).subarray(0, o.originalBytes.length).equals(o.originalBytes)).toBe(
    true,
  )
}

describe('context clean against the real Claude Code', () => {
  test('one prompt, six identical large reads and a small command: >= 60% fewer tool-result characters', async () => {
    const o = await runScenario(onePrompt)
    outcomes.push(o)
    expect(o.plan.keepTools).toBe(3)
    expect(o.plan.actions.map((a) => [a.kind, a.tool, a.target])).toEqual(
      Array.from({ length: 4 }, () => ['duplicate-output', 'Bash', 'cat big.txt']),
    )
    expect(toolResultReduction(o)).toBeGreaterThanOrEqual(0.6)
    expectSoundResume(o, 3)
    // The newest outputs are in the copy verbatim: the last full read and the small command.
    const results = toolResults(o.cleanedBody)
    expect(results.at(-1)).toContain('line 0299:')
    expect(results.at(-1)!.length).toBeLessThan(500)
    expect(results.at(-2)).toContain('line 0000:')
    expect(results.filter((r) => r.startsWith('[Context Cleaner removed this Bash output'))).toHaveLength(4)
    expect(o.plan.cost.breakEvenRequests).not.toBeNull()
    expect(['pays', 'does-not-pay', 'near-limit']).toContain(o.plan.cost.verdict)
  }, 120_000)

  test('--resume runs Claude Code on the new copy in the session directory', async () => {
    const o = outcomes[0]!
    const fake = startFakeAnthropic({
      turns: [{ usage: usage(10, 5, 0, 100), content: [{ type: 'text', text: 'Resumed by the cleaner.' }] }],
    })
    const r = await runCli(
      [
        'context',
        'clean',
        o.sessionId.slice(0, 8),
        '--min-idle',
        '0',
        '--resume',
        '--claude-bin',
        claudeBin(),
        '--',
        '-p',
        'continue',
        '--output-format',
        'json',
        '--dangerously-skip-permissions',
      ],
      {
        home: join(o.sandbox.root, 'cc-home'),
        claudeDir: o.sandbox.configDir,
        extra: sandboxEnv(o.sandbox, { baseUrl: fake.url }),
      },
    )
    await fake.stop()
    expect(r.exitCode).toBe(0)
    const newId = /New session ([0-9a-f-]{36})/.exec(r.stdout)?.[1]
    expect(newId).toBeDefined()
    expect(r.stderr).toContain(`resuming ${newId} in ${o.sandbox.projectDir}`)
    const claudeJson = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as Record<string, unknown>
    expect(claudeJson.session_id).toBe(newId)
    expect(claudeJson.result).toBe('Resumed by the cleaner.')
    expect(fake.turnsServed()).toHaveLength(1)
    expect(toolResults(fake.turnsServed()[0]!.requestBody).at(-1)).toContain('line 0299:')
  }, 90_000)

  test('a multi-turn refactor: >= 50% fewer, sent bytes as predicted', async () => {
    const o = await runScenario(multiTurn)
    outcomes.push(o)
    expect(o.plan.strategy).toBe('balanced')
    expect(o.plan.actions.map((a) => [a.kind, a.tool])).toEqual([
      ['repeated-read', 'Read'],
      ['repeated-read', 'Read'],
    ])
    expect(toolResultReduction(o)).toBeGreaterThanOrEqual(0.5)
    expectSoundResume(o, 3)
    const savedBytes = o.original.requestBytes - o.cleaned.requestBytes
    expect(savedBytes / o.plan.charsSaved).toBeGreaterThan(0.95)
    expect(savedBytes / o.plan.charsSaved).toBeLessThan(1.15)
    const sent = JSON.stringify(o.cleanedBody.messages)
    expect(sent).toContain('What do the notes say?')
    expect(sent).toContain('Remember to update the changelog.')
    expect(sent).toContain('Summary: renamed the handler; changelog still to do.')
    expect(sent.split('handler899(').length - 1).toBe(1)
  }, 120_000)

  test('a session with a sub-agent: its transcript is copied with the new id, the main thread cleaned', async () => {
    const o = await runScenario(subAgents)
    outcomes.push(o)
    expect(toolResultReduction(o)).toBeGreaterThanOrEqual(0.5)
    expectSoundResume(o, 3)
    const dir = join(o.sandbox.transcriptDir, o.plan.newSessionId!, 'subagents')
    const [file, ...others] = readdirSync(dir).filter((f) => f.endsWith('.jsonl'))
    expect(others).toEqual([])
    const lines = await readTranscript(join(dir, file!))
    expect(lines.length).toBeGreaterThan(0)
    expect(new Set(lines.map((l) => l.sessionId))).toEqual(new Set([o.plan.newSessionId]))
    expect(existsSync(join(dir, file!.replace('.jsonl', '.meta.json')))).toBe(true)
    // The agent's answer to the main thread stays as it was.
    expect(JSON.stringify(o.cleanedBody.messages)).toContain('It holds 300 generated lines.')
  }, 120_000)

  test('after a compaction: only what follows it is resumed, and that is what gets cleaned', async () => {
    const o = await runScenario(compaction)
    outcomes.push(o)
    const copy = await readTranscript(o.plan.newPath!)
    expect(copy.filter((l) => l.type === 'system' && l.subtype === 'compact_boundary')).toHaveLength(1)
    expect(
      o.plan.actions.every((a) => a.line > copy.findIndex((l) => l.subtype === 'compact_boundary')),
    ).toBe(true)
    expect(toolResultReduction(o)).toBeGreaterThanOrEqual(0.5)
    expectSoundResume(o, 3)
  }, 150_000)
})

describe('bad input writes nothing', () => {
  test.each([
    ['an unknown id prefix', ['zzzz9999'], 'Unknown session zzzz9999: no session id starts with it'],
  ])('%s', async (_what, args, message) => {
    const o = outcomes[0]!
    const cli = { home: join(o.sandbox.root, 'cc-home'), claudeDir: o.sandbox.configDir }
    const before = readdirSync(o.sandbox.transcriptDir).sort()
    const r = await runCli(['context', 'clean', ...args, '--min-idle', '0'], cli)
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain(message)
    expect(readdirSync(o.sandbox.transcriptDir).sort()).toEqual(before)
  })
})
