// `context analyze` and `context clean` as a user runs them, with a pinned environment.

import { afterAll, describe, expect, test } from 'bun:test'
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { ContextAnalysis } from '../../src/analytics/context/context-types.ts'
import type { CleanResult } from '../../src/sessions/clean-session.ts'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts'
import { repoRoot, runCli, runCliJson, tempDir } from '../helpers/cli.ts'
import { startFakeAnthropic } from '../helpers/fake-anthropic.ts'

const FIXTURES = join(import.meta.dir, '..', 'fixtures')
const AGENT_SESSION = '698d3473-836b-4128-a3a3-f3ca4d5fc2dd'
const EDIT_SESSION = '5e55a0a1-1111-4aaa-8bbb-000000000001'

const home = tempDir('cc-context-cli-')
const fake = startFakeAnthropic({ turns: [] })
afterAll(async () => {
  await fake.stop()
  home.cleanup()
})
const realClaude = { home: home.path, claudeDir: join(FIXTURES, 'claude-code') }
// A Claude directory holding the hand-made session, so `clean` can write beside it.
const claudeDir = join(home.path, 'claude')
const project = join(claudeDir, 'projects', '-home-dev-app')
mkdirSync(project, { recursive: true })
copyFileSync(join(FIXTURES, 'context', 'reads-and-edits.jsonl'), join(project, `${EDIT_SESSION}.jsonl`))
const handMade = { home: home.path, claudeDir, extra: { CLAUDE_CONFIG_DIR: claudeDir } }

describe('context analyze', () => {
  test('a real Claude Code session, with its sub-agent', async () => {
    const a = await runCliJson<ContextAnalysis & { transcriptPath: string; subagentFiles: string[] }>(
      ['context', 'analyze', AGENT_SESSION, '--json'],
      realClaude,
    )
    expect(a.sessionId).toBe(AGENT_SESSION)
    expect(a.transcriptPath).toBe(
      join(FIXTURES, 'claude-code', 'projects', '-home-dev-agent-demo', `${AGENT_SESSION}.jsonl`),
    )
    expect(a.requests.map((r) => r.contextTokens)).toEqual([2500, 2130])
    expect(a.subagents).toEqual([
      {
        agentId: 'a191141fcdab8c8ea',
        toolUseId: 'toolu_00ewnPTsWjwE11d',
        requests: 2,
        peakContextTokens: 1540,
        totalTokens: 3095,
        resultTokens: 141,
      },
    ])
    expect(a.composition.find((p) => p.kind === 'tool-result')?.byTool.map((t) => t.tool)).toEqual(['Agent'])
  })

  test('--latest, as text', async () => {
    const r = await runCli(['context', 'analyze', '--latest'], handMade)
    expect(r.exitCode).toBe(0)
    expect(r.stdout.replaceAll(home.path, '<home>')).toMatchSnapshot()
  })

  test('--exact-tokens counts through the endpoint once, then from its cache', async () => {
    const env = {
      ...handMade,
      extra: { ...handMade.extra, ANTHROPIC_API_KEY: 'sk-test', ANTHROPIC_BASE_URL: fake.url },
    }
    const args = ['context', 'analyze', EDIT_SESSION, '--json', '--exact-tokens', '--exact-rpm', '6000']
    const first = await runCliJson<ContextAnalysis>(args, env)
    const requests = fake.requests.filter((r) => r.path === '/v1/messages/count_tokens').length
    const second = await runCliJson<ContextAnalysis>(args, env)
    expect(first.calibration.source).toBe('count-tokens')
    expect(first.calibration.systemSource).toBe('count-tokens')
    expect(first.composition.find((p) => p.kind === 'tool-result')?.tokens).toBe(9022)
    // A probe, the system prompt with its tools, and 7 distinct texts (the re-read file and the repeated
    // listing are the same text, so the cache answers them).
    expect(requests).toBe(9)
    expect(fake.requests.filter((r) => r.path === '/v1/messages/count_tokens')).toHaveLength(requests)
    expect(second).toEqual(first)
  })

  test.each([
    [
      ['context', 'analyze', EDIT_SESSION, '--exact-tokens'],
      '--exact-tokens needs ANTHROPIC_API_KEY in the environment',
    ],
    [
      ['context', 'analyze'],
      `No session of ${repoRoot} under ${claudeDir}: give a session id (or a unique prefix), or --latest`,
    ],
    [
      ['context', 'analyze', 'nope'],
      `Unknown session nope: no session id starts with it, in the store or under ${claudeDir}`,
    ],
    [
      ['context', 'clean', EDIT_SESSION, '--keep-turns', 'x'],
      'Expected `--keep-turns` to be a whole number ≥ 1, got `x`',
    ],
  ])('%j fails clearly', async (args, message) => {
    const r = await runCli(args, { ...handMade, cwd: repoRoot })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain(message)
    expect(r.stdout).toBe('')
  })
})

describe('context clean', () => {
  test('--dry-run prints the plan as text', async () => {
    const r = await runCli(['context', 'clean', EDIT_SESSION, '--dry-run', '--min-idle', '0'], handMade)
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toMatchSnapshot()
    expect(readdirSync(project)).toEqual([`${EDIT_SESSION}.jsonl`])
  })

  test('writes the copy, imports it, and prints how to resume it', async () => {
    const result = await runCliJson<CleanResult>(
      ['context', 'clean', EDIT_SESSION, '--strategy', 'conservative', '--min-idle', '0', '--json'],
      handMade,
    )
    expect(result.actions.map((a) => a.kind)).toEqual(['repeated-read', 'duplicate-output'])
    expect(result.resumeCommand).toBe(`claude --resume ${result.newSessionId}`)
    expect(readdirSync(project).sort()).toEqual(
      [`${EDIT_SESSION}.jsonl`, `${result.newSessionId}.jsonl`].sort(),
    )
    const store = new SqliteStore(join(home.path, '.context-cleaner', 'data', 'context-cleaner.db'))
    const stored = await store.reads().session(result.newSessionId!)
    await store.close()
    expect(stored?.transcriptPath).toBe(result.newPath)

    const text = await runCli(['context', 'analyze', result.newSessionId!], handMade)
    expect(text.stdout).toContain('Findings (4,')
    expect(text.stdout).not.toContain('repeated-read')
  })
})

test('the repository root is where the helper says', () => {
  expect(readdirSync(repoRoot)).toContain('package.json')
})
