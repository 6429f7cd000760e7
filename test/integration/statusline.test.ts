// The statusline as Claude Code runs it: the real command, a JSON document on stdin, one line out.

import { Database } from 'bun:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pinnedEnv, repoRoot, runCli, type TempDir, tempDir } from '../helpers/cli.ts'
import { assistantLine } from '../helpers/transcript-lines.ts'

const session = '5e55a0a1-2222-4aaa-8bbb-000000000001'
let dir: TempDir
let claudeDir: string
let home: string
let transcript: string
const now = Date.now()
const iso = (ms: number) => new Date(ms).toISOString()
const resetsAt = Math.floor(now / 1000) + 3600

function payload(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    session_id: session,
    transcript_path: transcript,
    model: { id: 'claude-sonnet-4-5-20250929', display_name: 'Sonnet 4.5' },
    cost: { total_cost_usd: 0.5 },
    context_window: { context_window_size: 200000, current_usage: null },
    rate_limits: {
      five_hour: { used_percentage: 42, resets_at: resetsAt },
      seven_day: { used_percentage: 12.5, resets_at: resetsAt + 86400 * 3 },
    },
    unknown_future_field: { a: [1] },
    ...extra,
  })
}

async function statusline(stdin: string, options: { args?: string[]; env?: Record<string, string> } = {}) {
  const proc = Bun.spawn(
    ['bun', join(repoRoot, 'src', 'cli', 'main.ts'), 'statusline', ...(options.args ?? [])],
    {
      env: pinnedEnv({ home, claudeDir, extra: options.env ?? {} }),
      stdin: new Blob([stdin]),
      stdout: 'pipe',
      stderr: 'pipe',
    },
  )
  const [stdout, stderr, exitCode] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ])
  return { stdout, stderr, exitCode }
}

function observations(): {
  window: string
  used_percentage: number
  resets_at: number
  ts: number
  last_observed_at: number
  session_id: string
}[] {
  const db = new Database(join(home, '.context-cleaner', 'data', 'context-cleaner.db'), { readonly: true })
  try {
    return db.query('SELECT * FROM rate_limit_observations ORDER BY window').all() as never
  } finally {
    db.close()
  }
}

beforeAll(async () => {
  dir = tempDir('cc-statusline-')
  home = join(dir.path, 'home')
  claudeDir = join(dir.path, 'claude')
  const project = join(claudeDir, 'projects', '-home-dev-app')
  mkdirSync(project, { recursive: true })
  transcript = join(project, `${session}.jsonl`)
  // Two requests 30 minutes apart in the last hour: a block with a burn rate.
  writeFileSync(
    transcript,
    `${[
      assistantLine({
        session,
        request: 'a',
        timestamp: iso(now - 40 * 60_000),
        input: 1000,
        output: 2000,
        cacheRead: 50_000,
      }),
      assistantLine({
        session,
        request: 'b',
        timestamp: iso(now - 10 * 60_000),
        input: 1000,
        output: 2000,
        cacheRead: 60_000,
      }),
    ].join('\n')}\n`,
  )
  const imported = await runCli(['import'], { home, claudeDir })
  expect(imported.exitCode).toBe(0)
})

afterAll(() => dir.cleanup())

describe('statusline', () => {
  it('prints model, costs, block, context and limits in one line, and nothing on stderr', async () => {
    const r = await statusline(payload(), { args: ['--budget-ms', '20000'] })
    expect(r.exitCode).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout.split('\n')).toHaveLength(2)
    expect(r.stdout).toMatch(
      /^Sonnet 4\.5 │ \$0\.50 session \(ours \$0\.\d\d\) │ \$0\.\d\d today │ \$0\.\d\d block \$0\.\d\d\/h \dh\d\dm left │ ctx 31% │ 5h 42% ↻(59m|1h00m) │ 7d 13% ↻3d0h\n$/,
    )
  })

  // A reading seen again within the minute is recorded again only when the cache is off.
  it('keeps each reading once, moving its last sighting', async () => {
    await statusline(payload(), { args: ['--budget-ms', '20000', '--refresh-interval', '0'] })
    const rows = observations()
    expect(rows.map((r) => [r.window, r.used_percentage, r.resets_at, r.session_id])).toEqual([
      ['five_hour', 42, resetsAt * 1000, session],
      ['seven_day', 12.5, (resetsAt + 86400 * 3) * 1000, session],
    ])
    expect(rows[0]!.last_observed_at).toBeGreaterThan(rows[0]!.ts)
  })

  it('report limits --json returns the windows seen with their reset times', async () => {
    const r = await runCli(['report', 'limits', '--json', '--no-import'], { home, claudeDir })
    expect(r.exitCode).toBe(0)
    const report = JSON.parse(r.stdout)
    expect(report.fiveHour).toMatchObject({
      usedPercentage: 42,
      resetsAt: new Date(resetsAt * 1000).toISOString(),
      source: 'statusline',
      projection: null,
    })
    expect(report.sevenDay).toMatchObject({
      usedPercentage: 12.5,
      resetsAt: new Date((resetsAt + 86400 * 3) * 1000).toISOString(),
    })
    expect(report.spendLimit).toBeNull()
    expect(report.hits).toEqual([])
  })

  it('export --rate-limits writes the readings, with ISO times', async () => {
    const r = await runCli(['export', '--rate-limits'], { home, claudeDir })
    expect(r.exitCode).toBe(0)
    const rows = JSON.parse(r.stdout)
    expect(rows.map((o: { window: string; resetsAt: string }) => [o.window, o.resetsAt])).toEqual([
      ['five_hour', new Date(resetsAt * 1000).toISOString()],
      ['seven_day', new Date((resetsAt + 86400 * 3) * 1000).toISOString()],
    ])
    const csv = await runCli(['export', '--rate-limits', '--format', 'csv'], { home, claudeDir })
    expect(csv.stdout.split('\n')[0]).toStartWith('window,usedPercentage,resetsAt,')
  })

  it('reads only what was appended to the transcript since the last run', async () => {
    const before = await statusline(payload({ cost: { total_cost_usd: 0 } }), {
      args: ['--budget-ms', '20000'],
    })
    appendFileSync(
      transcript,
      `${assistantLine({ session, request: 'c', timestamp: iso(now - 60_000), input: 100_000, output: 10_000 })}\n`,
    )
    const after = await statusline(payload({ cost: { total_cost_usd: 0 } }), {
      args: ['--budget-ms', '20000'],
    })
    const ours = (line: string) => Number(/ours \$([\d.]+)/.exec(line)?.[1])
    // 100k input and 10k output tokens of Sonnet 4.5: $0.30 + $0.15.
    expect(ours(after.stdout) - ours(before.stdout)).toBeCloseTo(0.45, 2)
  })

  // WAL readers are not blocked by a writer: the figures are still read; the reading waits for a later run.
  it('prints its line when another process holds the write lock', async () => {
    const db = new Database(join(home, '.context-cleaner', 'data', 'context-cleaner.db'))
    db.exec('BEGIN EXCLUSIVE')
    try {
      const r = await statusline(payload({ transcript_path: null }), { args: ['--budget-ms', '20000'] })
      expect(r.exitCode).toBe(0)
      expect(r.stderr).toBe('')
      expect(r.stdout).toStartWith('Sonnet 4.5 │ $0.50 session │ $0.10 today │ $0.10 block $0.20/h')
    } finally {
      db.exec('ROLLBACK')
      db.close()
    }
  })

  it('prints what stdin gives with no store, or a ClickHouse store that cannot be reached', async () => {
    const fresh = await statusline(payload({ transcript_path: null }), {
      env: { CONTEXT_CLEANER_HOME: join(dir.path, 'nowhere') },
    })
    const clickhouse = await statusline(payload({ transcript_path: null }), {
      args: ['--store', 'clickhouse://default:@127.0.0.1:9/cc'],
    })
    for (const r of [fresh, clickhouse]) {
      expect(r.exitCode).toBe(0)
      expect(r.stderr).toBe('')
      expect(r.stdout).toStartWith('Sonnet 4.5 │ $0.50 session │ 5h 42%')
    }
  })

  it.each(['', 'garbage', '{"session_id": "trunc', '[]'])(
    'prints a short fallback line and exits 0 on %j',
    async (stdin) => {
      const r = await statusline(stdin)
      expect(r).toEqual({ exitCode: 0, stderr: '', stdout: 'context-cleaner: no status data\n' })
    },
  )

  it('says so in the line, not on stderr, when an option is wrong', async () => {
    const r = await statusline(payload(), { args: ['--context-low-threshold', '120'] })
    expect(r).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: 'context-cleaner statusline: Expected `--context-low-threshold` to be 0-100, got `120`\n',
    })
  })

  it('names an unknown option in its line', async () => {
    const r = await statusline(payload(), { args: ['--bogus-flag', '1'] })
    expect(r).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: 'context-cleaner statusline: unknown option `--bogus-flag` (see --help)\n',
    })
  })

  it('reuses the last figures while nothing they depend on changed, and reads again when the store moved', async () => {
    expect((await runCli(['import'], { home, claudeDir })).exitCode).toBe(0)
    const stdin = payload({ cost: { total_cost_usd: 0 } })
    // A full run (0: no reuse) leaves the cache the next runs read.
    const first = await statusline(stdin, { args: ['--budget-ms', '20000', '--refresh-interval', '0'] })
    expect(first.stdout).toContain(' today │ ')
    // Another session's request imported: the store changes, today's cost grows by $0.45.
    const other = '5e55a0a1-2222-4aaa-8bbb-000000000002'
    writeFileSync(
      join(claudeDir, 'projects', '-home-dev-app', `${other}.jsonl`),
      `${assistantLine({ session: other, request: 'o', timestamp: iso(now - 5 * 60_000), input: 100_000, output: 10_000 })}\n`,
    )
    expect((await runCli(['import'], { home, claudeDir })).exitCode).toBe(0)
    const tolerated = await statusline(stdin, {
      args: ['--budget-ms', '20000', '--refresh-interval', '3600'],
    })
    expect(tolerated).toEqual(first)
    // The refresh interval (1 s by default) has passed since the cached run: the store is read again.
    await Bun.sleep(1100)
    const again = await statusline(stdin, { args: ['--budget-ms', '20000'] })
    const today = (line: string) => Number(/\$([\d.]+) today/.exec(line)?.[1])
    expect(today(again.stdout) - today(first.stdout)).toBeCloseTo(0.45, 2)
  })

  it('reads the settings again when they change (a cached run kept the store it found)', async () => {
    const stdin = payload({ cost: { total_cost_usd: 0 } })
    const sqlite = await statusline(stdin, { args: ['--budget-ms', '20000', '--refresh-interval', '0'] })
    expect(sqlite.stdout).toContain(' today │ ')
    const clickhouse = await statusline(stdin, {
      args: ['--budget-ms', '20000', '--store', 'clickhouse://default:@127.0.0.1:9/cc'],
    })
    expect(clickhouse.stderr).toBe('')
    expect(clickhouse.stdout).not.toContain('today')
  })

  it('reads everything again when the cache file is garbage', async () => {
    const stdin = payload({ cost: { total_cost_usd: 0 } })
    const full = await statusline(stdin, { args: ['--budget-ms', '20000', '--refresh-interval', '0'] })
    writeFileSync(
      join(home, '.context-cleaner', 'run', 'statusline', `${session}.line.json`),
      '{"version":1,',
    )
    const r = await statusline(stdin, { args: ['--budget-ms', '20000'] })
    expect(r).toEqual(full)
  })

  it('prints what stdin gives when the budget runs out', async () => {
    const r = await statusline(payload(), { args: ['--budget-ms', '1'] })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toStartWith('Sonnet 4.5 │ $0.50 session')
  })

  // The budget is out before stdin is read: the run stops there, with no store figure and no fallback.
  it('prints what stdin gives when stdin arrives after the budget ran out', async () => {
    const proc = Bun.spawn(
      ['bun', join(repoRoot, 'src', 'cli', 'main.ts'), 'statusline', '--budget-ms', '1'],
      {
        env: pinnedEnv({ home, claudeDir, extra: {} }),
        stdin: 'pipe',
        stdout: 'pipe',
        stderr: 'pipe',
      },
    )
    await Bun.sleep(300)
    proc.stdin.write(payload())
    await proc.stdin.end()
    const [stdout, stderr, exitCode] = await Promise.all([
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
      proc.exited,
    ])
    expect({ exitCode, stderr }).toEqual({ exitCode: 0, stderr: '' })
    expect(stdout).toStartWith('Sonnet 4.5 │ $0.50 session │ 5h 42%')
  })
})

// The segment `context clean` would save: a handmade session with files read again after edits.
describe('statusline: what context clean would save', () => {
  const fixture = readFileSync(join(repoRoot, 'test', 'fixtures', 'context', 'reads-and-edits.jsonl'), 'utf8')
  const fixtureSession = '5e55a0a1-1111-4aaa-8bbb-000000000001'
  let cleanDir: TempDir
  let project: string
  const run = (path: string | null, id: string) =>
    statusline(
      JSON.stringify({
        session_id: id,
        transcript_path: path,
        model: { id: 'claude-sonnet-4-5-20250929', display_name: 'Sonnet 4.5' },
        context_window: { context_window_size: 200000, current_usage: null },
      }),
      { args: ['--budget-ms', '20000'], env: { CONTEXT_CLEANER_HOME: join(cleanDir.path, 'cc') } },
    )
  /** The fixture with every timestamp moved so that its last request was `agoMs` before now. */
  const shifted = (agoMs: number) => {
    const last = Date.parse('2026-05-01T10:00:28.000Z')
    return fixture.replace(/"timestamp":"([^"]+)"/g, (_, ts: string) => {
      const moved = Date.parse(ts) - last + Date.now() - agoMs
      return `"timestamp":"${new Date(moved).toISOString()}"`
    })
  }

  beforeAll(() => {
    cleanDir = tempDir('cc-statusline-clean-')
    project = join(cleanDir.path, 'projects', '-home-dev-app')
    mkdirSync(project, { recursive: true })
  })
  afterAll(() => cleanDir.cleanup())

  it('shows the saving when cleaning pays (the prompt cache has expired), read a piece per run', async () => {
    const path = join(project, `${fixtureSession}.jsonl`)
    const lines = fixture.split('\n')
    const cut = Math.floor(lines.length / 3)
    writeFileSync(path, `${lines.slice(0, cut).join('\n')}\n`)
    const early = await run(path, fixtureSession)
    expect(early.exitCode).toBe(0)
    appendFileSync(path, lines.slice(cut).join('\n'))
    const r = await run(path, fixtureSession)
    expect(r.stderr).toBe('')
    // context analyze on the same file: 5,140 tokens out, $0.001542 less per later request.
    expect(r.stdout).toBe('Sonnet 4.5 │ $0.11 session │ ctx 12% │ clean −5.1k tok $0.0015/req\n')
    const state = JSON.parse(
      readFileSync(join(cleanDir.path, 'cc', 'run', 'statusline', `${fixtureSession}.scan.json`), 'utf8'),
    )
    expect(state.offset).toBe(Buffer.byteLength(fixture))
  })

  it('scans a transcript too long for one run in the background, and shows the saving once it is done', async () => {
    const id = '5e55a0a1-1111-4aaa-8bbb-00000000000b'
    const path = join(project, `${id}.jsonl`)
    // 5 MB of queue records ahead of the session: more than one run scans.
    const filler = `{"type":"queue-operation","operation":"enqueue","timestamp":"2026-05-01T09:00:00.000Z","sessionId":"${id}"}\n`
    writeFileSync(path, filler.repeat(Math.ceil(5_000_000 / filler.length)) + fixture)
    const first = await run(path, id)
    expect(first.exitCode).toBe(0)
    expect(first.stdout).not.toContain('clean')
    const answer = join(cleanDir.path, 'cc', 'run', 'statusline', `${id}.savings.json`)
    const lock = join(cleanDir.path, 'cc', 'run', 'statusline', `${id}.scan.lock`)
    for (let i = 0; i < 300 && (!existsSync(answer) || existsSync(lock)); i++) await Bun.sleep(100)
    const after = await run(path, id)
    // The session's cost is still being caught up on (2 MB a run); the saving is whole.
    expect(after.stdout).toEndWith(' │ clean −5.1k tok $0.0015/req\n')
  })

  // Two scans of the same bytes into one state file would race: the run leaves it to the background's.
  it('does not scan while a background scan is under way, and still prints and caches its line', async () => {
    const id = '5e55a0a1-1111-4aaa-8bbb-00000000000c'
    const path = join(project, `${id}.jsonl`)
    writeFileSync(path, fixture)
    const files = join(cleanDir.path, 'cc', 'run', 'statusline')
    mkdirSync(files, { recursive: true })
    writeFileSync(join(files, `${id}.scan.lock`), '')
    const r = await run(path, id)
    expect(r.stdout).toBe('Sonnet 4.5 │ $0.11 session │ ctx 12%\n')
    expect(existsSync(join(files, `${id}.scan.json`))).toBe(false)
    expect(existsSync(join(files, `${id}.line.json`))).toBe(true)
  })

  it('leaves it out when cleaning does not pay (a warm cache would be rewritten for little)', async () => {
    const id = '5e55a0a1-1111-4aaa-8bbb-00000000000a'
    const path = join(project, `${id}.jsonl`)
    writeFileSync(path, shifted(60_000))
    const r = await run(path, id)
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe('Sonnet 4.5 │ $0.11 session │ ctx 12%\n')
  })

  it.each([
    ['missing', null],
    ['garbage', join(repoRoot, 'test', 'fixtures', 'context', 'unparseable.jsonl')],
    ['absent', '/nonexistent/session.jsonl'],
  ])('leaves it out when the transcript is %s', async (what, path) => {
    const r = await run(path, `5e55a0a1-1111-4aaa-8bbb-0000000000${what.length}f`)
    expect(r).toEqual({ exitCode: 0, stderr: '', stdout: 'Sonnet 4.5\n' })
  })
})
