// The importer against real files and a real sqlite store: incremental, idempotent, robust.

import { afterEach, describe, expect, test } from 'bun:test'
import {
  appendFileSync,
  mkdirSync,
  renameSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { openListingCache } from '../../src/ingest/directory-listings.ts'
import { importHistory } from '../../src/ingest/import-history.ts'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts'
import { tempDir } from '../helpers/cli.ts'
import { assistantLine, userLine } from '../helpers/transcript-lines.ts'

const cleanups: (() => void | Promise<void>)[] = []
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

function setup() {
  const dir = tempDir('cc-import-')
  const claudeDir = join(dir.path, 'claude')
  const projectDir = join(claudeDir, 'projects', '-home-dev-app')
  mkdirSync(projectDir, { recursive: true })
  const store = new SqliteStore(join(dir.path, 'store.db'))
  cleanups.push(dir.cleanup, () => store.close())
  const file = (name: string) => join(projectDir, name)
  const run = () => importHistory({ store, claudeDirs: [claudeDir] })
  const totals = async () => {
    const rows = []
    for await (const r of store.exportApiRequests({})) rows.push(r)
    return {
      requests: rows.length,
      input: rows.reduce((n, r) => n + r.inputTokens, 0),
      output: rows.reduce((n, r) => n + r.outputTokens, 0),
    }
  }
  return { dir, claudeDir, projectDir, store, file, run, totals }
}

const T = '2026-11-20T10:00:00.000Z'

describe('importHistory', () => {
  test('counts each API response once, keeping its most complete copy', async () => {
    const s = setup()
    writeFileSync(
      s.file('s1.jsonl'),
      [
        userLine('s1', 'hi', T),
        assistantLine({ session: 's1', request: 'a', timestamp: T, output: 1 }),
        assistantLine({ session: 's1', request: 'a', timestamp: T, output: 50 }),
        assistantLine({ session: 's1', request: 'a', timestamp: T, output: 50 }),
        assistantLine({ session: 's1', request: 'b', timestamp: T, input: 5, output: 7 }),
        '',
      ].join('\n'),
    )
    const summary = await s.run()
    expect(summary).toMatchObject({ files: 1, filesRead: 1, lines: 5, apiResponses: 4, newRequests: 2 })
    expect(await s.totals()).toEqual({ requests: 2, input: 15, output: 57 })
  })

  test('is idempotent and incremental: a second run reads nothing, an append reads only the new bytes', async () => {
    const s = setup()
    const first = `${assistantLine({ session: 's1', request: 'a', timestamp: T })}\n`
    writeFileSync(s.file('s1.jsonl'), first)
    await s.run()
    expect(await s.run()).toMatchObject({ filesRead: 0, bytes: 0, newRequests: 0 })
    const second = `${assistantLine({ session: 's1', request: 'b', timestamp: T })}\n`
    appendFileSync(s.file('s1.jsonl'), second)
    expect(await s.run()).toMatchObject({ filesRead: 1, bytes: second.length, newRequests: 1 })
    expect(await s.totals()).toEqual({ requests: 2, input: 20, output: 40 })
  })

  test('with the directory listings kept between runs, new sessions and sub-agents are still found', async () => {
    const s = setup()
    // One cache for every run, as the ingest service keeps it.
    const listingCache = openListingCache(join(s.dir.path, 'data', 'transcript-dirs.json'))
    const run = () => importHistory({ store: s.store, claudeDirs: [s.claudeDir], listingCache })
    writeFileSync(s.file('s1.jsonl'), `${assistantLine({ session: 's1', request: 'a', timestamp: T })}\n`)
    // Folders last changed an hour ago: their listings are kept.
    const hourAgo = new Date(Date.now() - 3_600_000)
    utimesSync(s.projectDir, hourAgo, hourAgo)
    utimesSync(join(s.claudeDir, 'projects'), hourAgo, hourAgo)
    expect(await run()).toMatchObject({ files: 1, newRequests: 1 })
    expect(await run()).toMatchObject({ files: 1, filesRead: 0, newRequests: 0 })
    // A new session in a known folder, a sub-agent folder and a new project.
    writeFileSync(s.file('s2.jsonl'), `${assistantLine({ session: 's2', request: 'b', timestamp: T })}\n`)
    mkdirSync(join(s.projectDir, 's2', 'subagents'), { recursive: true })
    writeFileSync(
      join(s.projectDir, 's2', 'subagents', 'agent-x.jsonl'),
      `${assistantLine({ session: 's2', request: 'c', timestamp: T })}\n`,
    )
    const other = join(s.claudeDir, 'projects', '-home-dev-other')
    mkdirSync(other)
    writeFileSync(
      join(other, 's3.jsonl'),
      `${assistantLine({ session: 's3', request: 'd', timestamp: T })}\n`,
    )
    expect(await run()).toMatchObject({ files: 4, filesRead: 3, newRequests: 3 })
    expect((await s.totals()).requests).toBe(4)
  })

  test('a half-written last line waits for its newline', async () => {
    const s = setup()
    const line = assistantLine({ session: 's1', request: 'a', timestamp: T })
    writeFileSync(s.file('s1.jsonl'), line.slice(0, 40))
    expect(await s.run()).toMatchObject({ lines: 0, newRequests: 0 })
    appendFileSync(s.file('s1.jsonl'), `${line.slice(40)}\n`)
    expect(await s.run()).toMatchObject({ lines: 1, newRequests: 1 })
    expect(await s.totals()).toEqual({ requests: 1, input: 10, output: 20 })
  })

  test('a replaced or truncated file is read again without double counting', async () => {
    const s = setup()
    const lines = ['a', 'b', 'c'].map((r) => assistantLine({ session: 's1', request: r, timestamp: T }))
    writeFileSync(s.file('s1.jsonl'), `${lines.join('\n')}\n`)
    await s.run()
    // Replaced: a new inode with the same content plus one more response.
    writeFileSync(
      s.file('tmp'),
      `${[...lines, assistantLine({ session: 's1', request: 'd', timestamp: T })].join('\n')}\n`,
    )
    renameSync(s.file('tmp'), s.file('s1.jsonl'))
    expect(await s.run()).toMatchObject({ filesRead: 1, newRequests: 1 })
    // Truncated below the checkpoint: read from the start again.
    truncateSync(s.file('s1.jsonl'), lines[0]!.length + 1)
    expect(await s.run()).toMatchObject({ filesRead: 1, newRequests: 0 })
    expect(await s.totals()).toEqual({ requests: 4, input: 40, output: 80 })
  })

  // What an editor or a clean-up tool does: the same inode, the same length, other bytes.
  test.each([
    ['one thread', 1 as const],
    ['two threads', 2 as const],
  ])('a rewrite in place at the same size is read again (%s)', async (_, threads) => {
    const s = setup()
    const path = s.file('s1.jsonl')
    const run = () => importHistory({ store: s.store, claudeDirs: [s.claudeDir], threads })
    const line = (output: number) => assistantLine({ session: 's1', request: 'a', timestamp: T, output })
    writeFileSync(path, `${line(10)}\n${line(11)}\n`)
    // A second file, so that two threads have two files to share.
    writeFileSync(s.file('s2.jsonl'), `${assistantLine({ session: 's2', request: 'b', timestamp: T })}\n`)
    expect(await run()).toMatchObject({ filesRead: 2, newRequests: 2 })
    const before = statSync(path)
    writeFileSync(path, `${line(10)}\n${line(99)}\n`)
    // The rewrite may land in the same clock tick as the first write; a later mtime is what a real one has.
    utimesSync(path, before.atime, new Date(before.mtimeMs + 1000))
    expect(statSync(path)).toMatchObject({ ino: before.ino, size: before.size })
    expect(await run()).toMatchObject({ filesRead: 1, lines: 2, newRequests: 0 })
    expect(await s.totals()).toEqual({ requests: 2, input: 20, output: 119 })
    expect(await run()).toMatchObject({ filesRead: 0, bytes: 0 })
  })

  test('bad input is skipped and counted by reason, and good lines around it still count', async () => {
    const s = setup()
    const good = (r: string) => assistantLine({ session: 's1', request: r, timestamp: T })
    const bad = [
      '{"type":"assistant","message":{"usage":', // truncated
      'not json at all',
      Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x7b]).toString('latin1'), // binary garbage
      '{"type":"hologram","usage":1}',
      '[1,2,3,"usage"]',
      good('neg').replace('"input_tokens":10', '"input_tokens":-10'),
      good('str').replace('"input_tokens":10', '"input_tokens":"10"'),
      good('huge').replace('"input_tokens":10', '"input_tokens":1e15'),
      good('noid').replace('"requestId":"req_noid",', '').replace('"id":"msg_noid",', ''),
      good('time').replace(T, 'not a time'),
      good('syn').replace('claude-sonnet-4-5-20250929', '<synthetic>'),
    ]
    writeFileSync(s.file('s1.jsonl'), `${good('a')}\n${bad.join('\n')}\n${good('b')}\n`)
    const summary = await s.run()
    expect(summary.skipped).toMatchObject({
      'invalid-json': 3,
      'unknown-type': 1,
      'not-an-object': 1,
      'invalid-usage': 3,
      'missing-id': 1,
      'invalid-timestamp': 1,
      'synthetic-message': 1,
    })
    expect(await s.totals()).toEqual({ requests: 2, input: 20, output: 40 })
  })

  test('a line of 100 MB is skipped as too long without holding it, and the next line counts', async () => {
    const s = setup()
    const path = s.file('big.jsonl')
    writeFileSync(path, `${assistantLine({ session: 's1', request: 'a', timestamp: T })}\n`)
    const chunk = 'x'.repeat(1024 * 1024)
    appendFileSync(path, '{"type":"user","message":"')
    for (let i = 0; i < 100; i++) appendFileSync(path, chunk)
    appendFileSync(path, `"}\n${assistantLine({ session: 's1', request: 'b', timestamp: T })}\n`)
    const summary = await importHistory({
      store: s.store,
      claudeDirs: [s.claudeDir],
      maxLineBytes: 16 * 1024 * 1024,
    })
    expect(summary.skipped['line-too-long']).toBe(1)
    expect(await s.totals()).toEqual({ requests: 2, input: 20, output: 40 })
  })

  test('sub-agent transcripts belong to the parent session and dedup against it', async () => {
    const s = setup()
    mkdirSync(join(s.projectDir, 's1', 'subagents'), { recursive: true })
    writeFileSync(s.file('s1.jsonl'), `${assistantLine({ session: 's1', request: 'a', timestamp: T })}\n`)
    writeFileSync(
      join(s.projectDir, 's1', 'subagents', 'agent-x.jsonl'),
      `${assistantLine({ session: 's1', request: 'sub', timestamp: T })}\n${assistantLine({ session: 's1', request: 'a', timestamp: T })}\n`,
    )
    expect(await s.run()).toMatchObject({ files: 2, newRequests: 2 })
    const report = await s.store.aggregateUsage({}, ['session'], {
      longContextThreshold: 200_000,
      priceChanges: [],
    })
    expect(report.map((g) => [g.sessionId, g.requests])).toEqual([['s1', 2]])
  })

  test('two imports at once count each new request once between them', async () => {
    const s = setup()
    for (let f = 0; f < 6; f++) {
      const lines = [0, 1, 2].map((r) =>
        assistantLine({ session: `s${f}`, request: `${f}-${r}`, timestamp: T }),
      )
      writeFileSync(s.file(`s${f}.jsonl`), `${lines.join('\n')}\n`)
    }
    // A second connection to the same file, as a second process would have.
    const other = new SqliteStore(join(s.dir.path, 'store.db'))
    cleanups.push(() => other.close())
    const [a, b] = await Promise.all([s.run(), importHistory({ store: other, claudeDirs: [s.claudeDir] })])
    expect(a.newRequests + b.newRequests).toBe(18)
    expect(await s.totals()).toEqual({ requests: 18, input: 180, output: 360 })
  })

  test('no transcripts at all is an empty import, not an error', async () => {
    const s = setup()
    expect(await importHistory({ store: s.store, claudeDirs: [join(s.dir.path, 'missing')] })).toMatchObject({
      files: 0,
      newRequests: 0,
    })
  })
})

describe('importHistory on two threads', () => {
  /** Forty files of different sizes whose sessions share keys across files (resumed copies). */
  function writeHistory(projectDir: string) {
    for (let f = 0; f < 40; f++) {
      const lines = [userLine(`s${f}`, 'hi', T)]
      for (let r = 0; r < 5 + ((f * 7) % 23); r++) {
        lines.push(assistantLine({ session: `s${f}`, request: `${f}-${r}`, timestamp: T, output: r + 1 }))
        // A resumed session repeats its parent's responses, sometimes with a fuller usage; never an
        // equal one: which of two equal copies is kept depends on which is read first.
        const output = r % 2 === 0 ? 0 : 100
        if (f > 0)
          lines.push(assistantLine({ session: `s${f}`, request: `${f - 1}-${r}`, timestamp: T, output }))
      }
      lines.push('{"type":"assistant","message":{"usage":')
      writeFileSync(join(projectDir, `s${f}.jsonl`), `${lines.join('\n')}\n`)
    }
  }

  test('gives exactly the rows, counts and checkpoints of a one-thread import', async () => {
    const one = setup()
    const two = setup()
    writeHistory(one.projectDir)
    writeHistory(two.projectDir)
    const single = await importHistory({
      store: one.store,
      claudeDirs: [one.claudeDir],
      threads: 1,
    })
    const parallel = await importHistory({
      store: two.store,
      claudeDirs: [two.claudeDir],
      threads: 2,
    })
    const { durationMs: _a, skippedLines: singleSkips, ...singleCounts } = single
    const { durationMs: _b, skippedLines: parallelSkips, ...parallelCounts } = parallel
    expect(parallelCounts).toEqual(singleCounts)
    // The same skipped lines, named relative to each import's own directory.
    const places = (skips: typeof singleSkips, root: string) =>
      skips.map((s) => `${s.path.slice(root.length)}@${s.offset}:${s.reason}`).sort()
    expect(places(parallelSkips, two.claudeDir)).toEqual(places(singleSkips, one.claudeDir))
    expect(parallelSkips).toHaveLength(40)
    expect(parallel.filesRead).toBe(40)
    expect(parallel.skipped['invalid-json']).toBe(40)
    const rows = async (store: SqliteStore) => {
      const all = []
      for await (const r of store.exportApiRequests({})) all.push(r)
      return all.sort((a, b) => a.key.localeCompare(b.key))
    }
    expect(await rows(two.store)).toEqual(await rows(one.store))
    const offsets = async (store: SqliteStore) =>
      [...(await store.getCheckpoints()).values()].map((c) => [c.path.split('/').pop(), c.offset]).sort()
    expect(await offsets(two.store)).toEqual(await offsets(one.store))
    expect(await importHistory({ store: two.store, claudeDirs: [two.claudeDir], threads: 2 })).toMatchObject({
      filesRead: 0,
      newRequests: 0,
    })
  })
})
