import { afterAll, expect, test } from 'bun:test'
import { copyFileSync, mkdirSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../../test/helpers/cli.ts'
import type { SessionRecord } from '../model/records.ts'
import { locateSession, type SessionLookup } from './locate-session.ts'

const FIXTURES = join(import.meta.dir, '..', '..', 'test', 'fixtures')
const dir = tempDir('cc-locate-')
afterAll(() => dir.cleanup())
// A copy of Claude Code's own layout: a session with a sub-agent, plus two sessions of another project.
const claude = join(FIXTURES, 'claude-code')
const other = join(dir.path, 'other')
mkdirSync(join(other, 'projects', '-work-x'), { recursive: true })
const older = join(other, 'projects', '-work-x', 'older.jsonl')
const newest = join(other, 'projects', '-work-x', 'newest.jsonl')
copyFileSync(join(FIXTURES, 'context', 'compacted.jsonl'), older)
copyFileSync(join(FIXTURES, 'context', 'compacted.jsonl'), newest)
utimesSync(older, new Date('2026-01-01'), new Date('2026-01-01'))
utimesSync(newest, new Date('2026-01-02'), new Date('2026-01-02'))

const SUB = '698d3473-836b-4128-a3a3-f3ca4d5fc2dd'
const noStore: SessionLookup = { session: async () => null }
function storeWith(path: string): SessionLookup {
  return {
    session: async (sessionId): Promise<SessionRecord> => ({
      sessionId,
      project: '/p',
      transcriptPath: path,
      firstTimestamp: 0,
      lastTimestamp: 0,
      version: null,
      gitBranch: null,
    }),
  }
}

test('by id from the store', async () => {
  expect(await locateSession({ session: 'abc' }, [claude], storeWith(older))).toEqual({
    sessionId: 'abc',
    path: older,
    found: 'store',
  })
})

test('by id from the Claude directories when the store does not know it (never a sub-agent file)', async () => {
  expect(await locateSession({ session: SUB }, [other, claude], noStore)).toEqual({
    sessionId: SUB,
    path: join(claude, 'projects', '-home-dev-agent-demo', `${SUB}.jsonl`),
    found: 'scan',
  })
})

test('by transcript path', async () => {
  expect(await locateSession({ session: older }, [], null)).toEqual({
    sessionId: 'older',
    path: older,
    found: 'path',
  })
})

test('--latest: the most recently written main transcript', async () => {
  expect(await locateSession({ latest: true }, [other], noStore)).toEqual({
    sessionId: 'newest',
    path: newest,
    found: 'latest',
  })
})

test.each([
  [
    { session: 'nope' },
    [other],
    'session-not-found',
    `Unknown session nope: no session id starts with it, in the store or under ${other}`,
  ],
  [{ session: ' ' }, [other], 'session-not-found', 'Give a session id, or --latest'],
  [
    { latest: true },
    [join(dir.path, 'empty')],
    'no-sessions',
    `No session transcripts under ${join(dir.path, 'empty')}`,
  ],
])('refuses %j', async (ref, dirs, code, message) => {
  await expect(locateSession(ref, dirs, noStore)).rejects.toMatchObject({ code, message })
})

test('by a unique id prefix, from the store or the Claude directories; an ambiguous one names the matches', async () => {
  const prefixes: SessionLookup = {
    session: async () => null,
    sessionIdsByPrefix: async (prefix) => ['newer-stored', 'newest'].filter((id) => id.startsWith(prefix)),
  }
  expect(await locateSession({ session: SUB.slice(0, 8) }, [other, claude], noStore)).toMatchObject({
    sessionId: SUB,
    found: 'scan',
  })
  await expect(locateSession({ session: 'newe' }, [other], prefixes)).rejects.toMatchObject({
    code: 'session-ambiguous',
    message: 'Session id prefix newe matches 2 sessions (newer-stored, newest); give more characters',
  })
  expect(await locateSession({ session: 'newest' }, [other], prefixes)).toMatchObject({ sessionId: 'newest' })
})

test("without an id: the current directory's most recent session", async () => {
  expect(await locateSession({ cwd: '/work/x' }, [other], noStore)).toEqual({
    sessionId: 'newest',
    path: newest,
    found: 'cwd',
  })
  await expect(locateSession({ cwd: '/work/y' }, [other], noStore)).rejects.toMatchObject({
    code: 'no-sessions',
    message: `No session of /work/y under ${other}: give a session id (or a unique prefix), or --latest`,
  })
})
