import { afterAll, describe, expect, test } from 'bun:test'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../../test/helpers/cli.ts'
import { cleanSession } from './clean-session.ts'
import type { LocatedSession } from './locate-session.ts'

const FIXTURES = join(import.meta.dir, '..', '..', 'test', 'fixtures', 'context')
const ID = '5e55a0a1-1111-4aaa-8bbb-000000000001'
const dir = tempDir('cc-clean-')
afterAll(() => dir.cleanup())

let n = 0
function claudeDir(fixture = 'reads-and-edits.jsonl', id = ID): { root: string; session: LocatedSession } {
  const root = join(dir.path, `claude-${++n}`)
  const project = join(root, 'projects', '-home-dev-app')
  mkdirSync(project, { recursive: true })
  const path = join(project, `${id}.jsonl`)
  copyFileSync(join(FIXTURES, fixture), path)
  return { root, session: { sessionId: id, path, found: 'path' } }
}

function uuids() {
  let i = 0
  return () => `c1ea0000-0000-4000-8000-${String(++i).padStart(12, '0')}`
}

const later = () => statSync(join(dir.path)).mtimeMs + 3_600_000
const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)

describe('cleaning', () => {
  test('--dry-run reports the plan and writes nothing', async () => {
    const { root, session } = claudeDir()
    const result = await cleanSession(session, {
      strategy: 'balanced',
      dryRun: true,
      minIdleMs: 10_000,
      claudeDirs: [root],
      now: later(),
    })
    expect(result.actions.map((a) => [a.line, a.kind, a.toolUseId])).toEqual([
      [8, 'repeated-read', 'toolu_read1'],
      [11, 'stale-read', 'toolu_read2'],
      [13, 'resolved-error', 'toolu_test1'],
      [19, 'duplicate-output', 'toolu_ls1'],
    ])
    expect(result.tokensSaved).toBe(5140)
    expect(result.protectedFromLine).toBe(20)
    expect(result.newSessionId).toBeNull()
    expect(readdirSync(join(root, 'projects', '-home-dev-app'))).toEqual([`${ID}.jsonl`])
  })

  test('writes a new session beside the original, which stays byte for byte the same', async () => {
    const { root, session } = claudeDir()
    const before = readFileSync(session.path)
    const result = await cleanSession(session, {
      strategy: 'aggressive',
      keepTurns: 2,
      dryRun: false,
      minIdleMs: 10_000,
      claudeDirs: [root],
      now: later(),
      newUuid: uuids(),
    })
    const newId = 'c1ea0000-0000-4000-8000-000000000001'
    expect(result.newSessionId).toBe(newId)
    expect(result.newPath).toBe(join(root, 'projects', '-home-dev-app', `${newId}.jsonl`))
    expect(result.resumeCommand).toBe(`claude --resume ${newId}`)
    expect(readFileSync(session.path)).toEqual(before)

    const original = lines(session.path)
    const copy = lines(result.newPath!)
    expect(copy).toHaveLength(original.length)
    expect(new Set(copy.flatMap((r) => (r.sessionId === undefined ? [] : [r.sessionId])))).toEqual(
      new Set([newId]),
    )
    const seen = new Set<unknown>()
    for (const r of copy) {
      expect(r.parentUuid === null || r.parentUuid === undefined || seen.has(r.parentUuid)).toBe(true)
      seen.add(r.uuid)
    }
    expect(copy.filter((r) => original.some((o) => o.uuid !== undefined && o.uuid === r.uuid))).toEqual([])
    const text = readFileSync(result.newPath!, 'utf8')
    expect(text.split('[Context Cleaner removed this').length - 1).toBe(5)
    expect(text.split('[… Context Cleaner removed').length - 1).toBe(1)
    expect(text).toContain(
      '"tool_use_id":"toolu_read1","type":"tool_result","content":"[Context Cleaner removed this Read output',
    )
    expect(statSync(result.newPath!).size).toBeLessThan(before.length - 30_000)
    // The last two turns are copied unchanged, apart from ids.
    expect(copy.slice(27).map((r) => r.message)).toEqual(original.slice(27).map((r) => r.message))
  })

  test('nothing to clean: no new session', async () => {
    const { root, session } = claudeDir()
    const result = await cleanSession(session, {
      strategy: 'conservative',
      keepTurns: 3,
      dryRun: false,
      minIdleMs: 0,
      claudeDirs: [root],
      now: later(),
    })
    expect(result.actions).toEqual([])
    expect(result.newPath).toBeNull()
  })
})

describe('refusals', () => {
  test('a session a running Claude Code has registered', async () => {
    const { root, session } = claudeDir()
    mkdirSync(join(root, 'sessions'))
    writeFileSync(
      join(root, 'sessions', `${process.pid}.json`),
      JSON.stringify({ pid: process.pid, sessionId: ID }),
    )
    const run = cleanSession(session, {
      strategy: 'balanced',
      dryRun: false,
      minIdleMs: 0,
      claudeDirs: [root],
    })
    await expect(run).rejects.toMatchObject({
      code: 'session-active',
      message: expect.stringContaining(`pid ${process.pid}`),
    })
  })

  test('a session written to within the idle time', async () => {
    const { root, session } = claudeDir()
    const now = statSync(session.path).mtimeMs + 2_000
    const run = cleanSession(session, {
      strategy: 'balanced',
      dryRun: true,
      minIdleMs: 10_000,
      claudeDirs: [root],
      now,
    })
    await expect(run).rejects.toMatchObject({
      code: 'session-active',
      message: `Session ${ID} changed 2 s ago; wait until it has been idle for 10 s (or pass --min-idle)`,
    })
  })

  test('a transcript whose last line is still being written', async () => {
    const { root, session } = claudeDir()
    writeFileSync(session.path, `${readFileSync(session.path, 'utf8')}{"type":"assistant","mess`)
    const run = cleanSession(session, {
      strategy: 'balanced',
      dryRun: true,
      minIdleMs: 0,
      claudeDirs: [root],
    })
    await expect(run).rejects.toMatchObject({
      code: 'session-active',
      message: expect.stringContaining('incomplete'),
    })
  })

  test('a transcript with a line that is not JSON', async () => {
    const { root, session } = claudeDir('unparseable.jsonl', 'x')
    const run = cleanSession(session, {
      strategy: 'balanced',
      dryRun: true,
      minIdleMs: 0,
      claudeDirs: [root],
    })
    await expect(run).rejects.toMatchObject({
      code: 'transcript-unparseable',
      message: `Cannot clean ${session.path}: some lines cannot be read (1 invalid-json)`,
    })
  })
})

describe('bad input writes nothing and leaves the original as it was', () => {
  test('a transcript from an unknown Claude Code major version', async () => {
    const { root, session } = claudeDir()
    const text = readFileSync(session.path, 'utf8')
    const newer = `${text}${JSON.stringify({ type: 'system', subtype: 'note', version: '3.0.0', sessionId: ID })}\n`
    writeFileSync(session.path, newer)
    const run = cleanSession(session, {
      strategy: 'balanced',
      dryRun: false,
      minIdleMs: 0,
      claudeDirs: [root],
      now: later(),
    })
    await expect(run).rejects.toMatchObject({
      code: 'unknown-format',
      message: `Cannot clean ${session.path}: it was written by Claude Code 3.0.0, a format newer than this cleaner knows (up to 2.x); update Context Cleaner`,
    })
    expect(readdirSync(join(root, 'projects', '-home-dev-app'))).toEqual([`${ID}.jsonl`])
    expect(readFileSync(session.path, 'utf8')).toBe(newer)
  })

  test('--clear-at-least above what would go: nothing is written', async () => {
    const { root, session } = claudeDir()
    const result = await cleanSession(session, {
      strategy: 'balanced',
      clearAtLeast: 6_000,
      dryRun: false,
      minIdleMs: 0,
      claudeDirs: [root],
      now: later(),
    })
    expect(result.belowClearAtLeast).toEqual({ tokens: 5_140 })
    expect(result.newPath).toBeNull()
    expect(readdirSync(join(root, 'projects', '-home-dev-app'))).toEqual([`${ID}.jsonl`])
  })
})
