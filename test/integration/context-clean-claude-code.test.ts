// Acceptance: the real Claude Code CLI builds a session with repeated large reads and an edit against the
// stand-in Messages API; `context clean` writes a cleaned copy; resuming that copy sends a request smaller
// by about what the cleaner predicted, with the last turns intact; resuming the original still works.

import { afterAll, describe, expect, test } from 'bun:test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CleanResult } from '../../src/context/clean-session.ts'
import { createSandbox, runClaude } from '../helpers/claude-code.ts'
import { runCli, runCliJson } from '../helpers/cli.ts'
import {
  type FakeAnthropic,
  type FakeBlock,
  type FakeTurn,
  type MessagesRequest,
  startFakeAnthropic,
  usage,
} from '../helpers/fake-anthropic.ts'

const SONNET = 'claude-sonnet-4-5-20250929'
const BIG = Array.from(
  { length: 900 },
  (_, i) => `export function handler${i}(input: Input${i % 13}): Output { return transform${i % 7}(input) }`,
).join('\n')

// Usage the way the real API would report it: the request's size at about 4 bytes per token, so the
// cleaner's calibration has real growth to measure.
function sized(content: FakeBlock[], fake: () => FakeAnthropic | null): FakeTurn {
  return {
    get usage() {
      const body = fake()?.requests.at(-1)?.body ?? ''
      const tokens = Math.ceil(body.length / 4)
      return usage(10, 60, 0, Math.max(0, tokens - 10))
    },
    content,
  }
}

function messagesOf(body: MessagesRequest): { role: string; content: unknown }[] {
  return (body.messages ?? []) as { role: string; content: unknown }[]
}

function toolIds(body: MessagesRequest, type: 'tool_use' | 'tool_result'): string[] {
  return messagesOf(body)
    .flatMap((m) => (Array.isArray(m.content) ? (m.content as Record<string, unknown>[]) : []))
    .filter((b) => b.type === type)
    .map((b) => String(type === 'tool_use' ? b.id : b.tool_use_id))
}

const sandbox = createSandbox({ 'big.ts': `${BIG}\n`, 'notes.txt': 'Remember to update the changelog.\n' })
afterAll(() => sandbox.cleanup())
const cli = { home: join(sandbox.root, 'cc-home'), claudeDir: sandbox.configDir }

describe('context clean against the real Claude Code', () => {
  test('a cleaned session resumes with a smaller request and its last turns intact', async () => {
    let current: FakeAnthropic | null = null
    const fake = () => current
    current = startFakeAnthropic({
      turns: [
        sized([{ type: 'tool_use', name: 'Read', input: { file_path: 'big.ts' } }], fake),
        sized([{ type: 'tool_use', name: 'Read', input: { file_path: 'big.ts' } }], fake),
        sized(
          [
            {
              type: 'tool_use',
              name: 'Edit',
              input: { file_path: 'big.ts', old_string: 'handler5(', new_string: 'handlerFive(' },
            },
          ],
          fake,
        ),
        sized([{ type: 'tool_use', name: 'Read', input: { file_path: 'big.ts' } }], fake),
        sized([{ type: 'text', text: 'Renamed handler5 to handlerFive.' }], fake),
        sized([{ type: 'tool_use', name: 'Read', input: { file_path: 'notes.txt' } }], fake),
        sized([{ type: 'text', text: 'The notes ask for a changelog entry.' }], fake),
        sized([{ type: 'text', text: 'Summary: renamed the handler; changelog still to do.' }], fake),
      ],
    })
    const first = await runClaude({
      prompt: 'Rename handler5 in big.ts',
      baseUrl: current.url,
      model: SONNET,
      sandbox,
    })
    expect(first.exitCode).toBe(0)
    const id = first.sessionId!
    const more = { baseUrl: current.url, model: SONNET, sandbox, resume: id }
    expect((await runClaude({ ...more, prompt: 'What do the notes say?' })).exitCode).toBe(0)
    expect((await runClaude({ ...more, prompt: 'Summarize where we are' })).exitCode).toBe(0)
    await current.stop()
    const originalBytes = readFileSync(first.transcriptPath!)

    // Claude Code has just exited; the idle guard must say so, and --min-idle 0 lets the test proceed.
    const refused = await runCli(['context', 'clean', id], cli)
    expect(refused.exitCode).toBe(1)
    expect(refused.stderr).toContain('wait until it has been idle for 10 s (or pass --min-idle)')

    const plan = await runCliJson<CleanResult>(['context', 'clean', id, '--min-idle', '0', '--json'], cli)
    expect(plan.strategy).toBe('balanced')
    expect(plan.actions.map((a) => [a.kind, a.tool])).toEqual([
      ['repeated-read', 'Read'],
      ['repeated-read', 'Read'],
    ])
    expect(plan.newSessionId).toMatch(/^[0-9a-f-]{36}$/)
    expect(plan.resumeCommand).toBe(`claude --resume ${plan.newSessionId}`)
    expect(readFileSync(first.transcriptPath!)).toEqual(originalBytes)

    current = startFakeAnthropic({
      turns: [sized([{ type: 'text', text: 'Continuing from the clean copy.' }], fake)],
    })
    const cleaned = await runClaude({
      ...more,
      baseUrl: current.url,
      resume: plan.newSessionId!,
      prompt: 'continue',
    })
    const cleanedBody = current.served[0]!
    await current.stop()
    current = startFakeAnthropic({
      turns: [sized([{ type: 'text', text: 'Continuing the original.' }], fake)],
    })
    const original = await runClaude({ ...more, baseUrl: current.url, prompt: 'continue' })
    const originalBody = current.served[0]!
    await current.stop()

    expect(cleaned.exitCode).toBe(0)
    expect(cleaned.sessionId).toBe(plan.newSessionId!)
    expect(cleaned.result?.result).toBe('Continuing from the clean copy.')
    expect(original.exitCode).toBe(0)
    expect(original.sessionId).toBe(id)
    expect(original.result?.result).toBe('Continuing the original.')

    // Smaller by about the predicted amount: bytes on the wire, and tokens as the API would count them.
    const savedBytes = originalBody.requestBytes - cleanedBody.requestBytes
    expect(savedBytes / plan.charsSaved).toBeGreaterThan(0.95)
    expect(savedBytes / plan.charsSaved).toBeLessThan(1.15)
    const savedTokens = originalBody.usage.cache_read_input_tokens - cleanedBody.usage.cache_read_input_tokens
    expect(savedTokens / plan.tokensSaved).toBeGreaterThan(0.8)
    expect(savedTokens / plan.tokensSaved).toBeLessThan(1.25)

    // The last turns are there, verbatim; the removed copies left markers; every call has its result.
    const sent = JSON.stringify(cleanedBody.requestBody.messages)
    expect(sent).toContain('What do the notes say?')
    expect(sent).toContain('Remember to update the changelog.')
    expect(sent).toContain('The notes ask for a changelog entry.')
    expect(sent).toContain('Summary: renamed the handler; changelog still to do.')
    expect(sent.split('Context Cleaner removed this Read output').length - 1).toBe(2)
    expect(sent.split('handler899(').length - 1).toBe(1)
    expect(JSON.stringify(originalBody.requestBody.messages).split('handler899(').length - 1).toBe(3)
    expect(toolIds(cleanedBody.requestBody, 'tool_result')).toEqual(
      toolIds(cleanedBody.requestBody, 'tool_use'),
    )
    expect(messagesOf(cleanedBody.requestBody).length).toBe(messagesOf(originalBody.requestBody).length)
  }, 90_000)
})
