import { afterEach, describe, expect, it } from 'bun:test'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openListingCache } from './directory-listings.ts'
import { discoverTranscripts } from './discover-transcripts.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A Claude directory with one project of two sessions, one with a sub-agent; every folder an hour old. */
function tree() {
  const root = mkdtempSync(join(tmpdir(), 'cc-listings-'))
  dirs.push(root)
  const claude = join(root, 'claude')
  const project = join(claude, 'projects', '-home-dev-app')
  const subagents = join(project, 's1', 'subagents')
  mkdirSync(subagents, { recursive: true })
  writeFileSync(join(project, 's1.jsonl'), '{}\n')
  writeFileSync(join(project, 's2.jsonl'), '{}\n')
  writeFileSync(join(subagents, 'agent-a.jsonl'), '{}\n')
  const hourAgo = new Date(Date.now() - 3_600_000)
  for (const d of [subagents, join(project, 's1'), project, join(claude, 'projects')])
    utimesSync(d, hourAgo, hourAgo)
  return { claude, project, subagents, cache: join(root, 'data', 'transcript-dirs.json') }
}

function discover(claude: string, cachePath: string, now?: () => number) {
  const cache = openListingCache(cachePath, now)
  const found = discoverTranscripts([claude], cache)
  cache.save()
  return found.files.map((f) => f.path)
}

describe('directory listings kept between runs', () => {
  it('finds what a full walk finds, and reuses a listing while its folder is unchanged', () => {
    const t = tree()
    const full = discoverTranscripts([t.claude]).files.map((f) => f.path)
    expect(full).toHaveLength(3)
    expect(discover(t.claude, t.cache)).toEqual(full)
    // Proof the second walk reads the cache, not the folder: a name planted in it is listed.
    const saved = JSON.parse(readFileSync(t.cache, 'utf8'))
    saved.dirs[t.project].files.push('planted.jsonl')
    writeFileSync(t.cache, JSON.stringify(saved))
    expect(discover(t.claude, t.cache)).toContain(join(t.project, 'planted.jsonl'))
  })

  it('reads a folder again once an entry is added or removed', () => {
    const t = tree()
    discover(t.claude, t.cache)
    writeFileSync(join(t.project, 's3.jsonl'), '{}\n')
    rmSync(join(t.subagents, 'agent-a.jsonl'))
    const found = discover(t.claude, t.cache)
    expect(found).toContain(join(t.project, 's3.jsonl'))
    expect(found).not.toContain(join(t.subagents, 'agent-a.jsonl'))
  })

  it('does not keep the listing of a folder changed just before it was read (its mtime may not move again)', () => {
    const t = tree()
    const now = new Date()
    utimesSync(t.project, now, now)
    discover(t.claude, t.cache)
    const saved = JSON.parse(readFileSync(t.cache, 'utf8'))
    expect(saved.dirs[t.project]).toBeUndefined()
    expect(saved.dirs[t.subagents]).toBeDefined()
    // A minute later the same folder is old enough to keep.
    discover(t.claude, t.cache, () => Date.now() + 60_000)
    expect(JSON.parse(readFileSync(t.cache, 'utf8')).dirs[t.project]).toBeDefined()
  })

  it('serves walk after walk from one cache, reading its file once', () => {
    const t = tree()
    discover(t.claude, t.cache)
    const cache = openListingCache(t.cache)
    const walk = () => {
      const found = discoverTranscripts([t.claude], cache).files.map((f) => f.path)
      cache.save()
      return found
    }
    expect(walk()).toHaveLength(3)
    // The file is not read again: a name planted in it now is never listed.
    const saved = JSON.parse(readFileSync(t.cache, 'utf8'))
    saved.dirs[t.project].files.push('planted.jsonl')
    writeFileSync(t.cache, JSON.stringify(saved))
    expect(walk()).not.toContain(join(t.project, 'planted.jsonl'))
    // What a walk learns, the next one uses: a new session, then its removal.
    writeFileSync(join(t.project, 's3.jsonl'), '{}\n')
    expect(walk()).toContain(join(t.project, 's3.jsonl'))
    rmSync(join(t.project, 's3.jsonl'))
    expect(walk()).not.toContain(join(t.project, 's3.jsonl'))
    expect(walk()).toHaveLength(3)
  })

  it('drops folders that are gone', () => {
    const t = tree()
    discover(t.claude, t.cache)
    rmSync(join(t.project, 's1'), { recursive: true })
    expect(discover(t.claude, t.cache)).toHaveLength(2)
    expect(JSON.parse(readFileSync(t.cache, 'utf8')).dirs[t.subagents]).toBeUndefined()
  })

  it('walks in full past a corrupt, foreign or unwritable cache file', () => {
    const t = tree()
    mkdirSync(join(t.cache, '..'), { recursive: true })
    for (const text of ['{"version":1,"dirs":{"x":', '[1,2]', '{"version":99,"dirs":{}}', '\u0000\u0001']) {
      writeFileSync(t.cache, text)
      expect(discover(t.claude, t.cache)).toHaveLength(3)
    }
    writeFileSync(
      t.cache,
      JSON.stringify({ version: 1, dirs: { [t.project]: { mtimeMs: 'soon', dirs: [1], files: null } } }),
    )
    expect(discover(t.claude, t.cache)).toHaveLength(3)
    rmSync(t.cache)
    mkdirSync(t.cache)
    expect(discover(t.claude, t.cache)).toHaveLength(3)
  })
})
