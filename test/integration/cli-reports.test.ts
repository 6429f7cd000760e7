// The CLI as a user runs it, with a pinned environment, against a small fixed history.

import { afterAll, describe, expect, test } from 'bun:test'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { runCli, runCliJson, tempDir } from '../helpers/cli.ts'

const home = tempDir('cc-cli-')
afterAll(() => home.cleanup())
const env = { home: home.path, claudeDir: join(import.meta.dir, '..', 'fixtures', 'history') }

describe('report tables', () => {
  test.each([
    'daily',
    'daily --breakdown',
    'weekly',
    'monthly',
    'session',
    'project',
    'model',
    'blocks',
    'daily --since 20261102 --until 2026-11-02',
    'daily --timezone Asia/Tokyo --order desc',
    'daily --project shop',
  ])('report %s', async (args) => {
    const r = await runCli(['report', ...args.split(' ')], env)
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toMatchSnapshot()
  })
})

describe('report --json', () => {
  test.each([['daily'], ['weekly'], ['monthly'], ['session'], ['project'], ['model'], ['blocks']])(
    'report %s --json',
    async (kind) => {
      expect(await runCliJson(['report', kind, '--json'], env)).toMatchSnapshot()
    },
  )

  test('ccusage field names, totals that add up, and unpriced models named', async () => {
    const r = await runCliJson<{
      daily: {
        date: string
        totalTokens: number
        totalCost: number
        modelBreakdowns: { modelName: string; cost: number }[]
      }[]
      totals: { totalTokens: number; totalCost: number; unpricedModels: string[] }
    }>(['report', 'daily', '--json'], env)
    expect(r.daily.map((d) => d.date)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03'])
    expect(r.totals.totalTokens).toBe(r.daily.reduce((n, d) => n + d.totalTokens, 0))
    expect(r.totals.totalCost).toBeCloseTo(
      r.daily.reduce((n, d) => n + d.totalCost, 0),
      12,
    )
    expect(r.totals.unpricedModels).toEqual(['claude-future-9'])
  })
})

describe('bad options get a clear message and a non-zero exit', () => {
  test.each([
    [
      ['report', 'daily', '--since', 'yesterday'],
      'Expected `--since` to be YYYYMMDD or YYYY-MM-DD, got `yesterday`',
    ],
    [
      ['report', 'daily', '--since', '20261105', '--until', '20261101'],
      '`--since` 20261105 is after `--until` 20261101',
    ],
    [
      ['report', 'daily', '--timezone', 'Mars/Olympus'],
      'Expected `--timezone` to be an IANA time zone, got `Mars/Olympus`',
    ],
    [['privacy', 'purge', '--all'], 'Refusing to delete ALL stored records without confirmation: pass --yes'],
    [['privacy', 'purge'], 'Say what to purge: `--before DATE`, `--project P`, or `--all`'],
  ])('%p', async (args, message) => {
    const r = await runCli(args, env)
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain(message)
    expect(r.stdout).toBe('')
  })
})

describe('your data', () => {
  test('export csv escapes fields and has one row per request', async () => {
    const r = await runCli(['export', '--format', 'csv'], env)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toStartWith('key,messageId,requestId,sessionId,project,model,timestamp,')
    expect(lines).toHaveLength(7)
    expect(r.stdout).toContain('/home/dev/<script>alert(1)</script>')
  })

  test('export json is the normalized records, filtered by date', async () => {
    const rows = await runCliJson<{ key: string }[]>(
      ['export', '--since', '20261102', '--until', '20261102'],
      env,
    )
    expect(rows.map((r) => r.key)).toEqual(['req:req_e1', 'req:req_e2'])
  })

  test('export gives each request the cost the reports give it, and says where it comes from', async () => {
    const rows = await runCliJson<
      { model: string; costUsd: number | null; cost: number | null; costSource: string }[]
    >(['export'], env)
    const daily = await runCliJson<{ totals: { totalCost: number } }>(['report', 'daily', '--json'], env)
    const sum = rows.reduce((n, r) => n + (r.cost ?? 0), 0)
    expect(sum).toBeCloseTo(daily.totals.totalCost, 10)
    expect(rows.find((r) => r.model === 'claude-future-9')).toMatchObject({
      cost: null,
      costSource: 'unpriced',
    })
    for (const r of rows.filter((r) => r.model !== 'claude-future-9')) {
      expect(r.costSource).toBe(r.costUsd === null ? 'computed' : 'claude-code')
      expect(r.cost).toBeGreaterThan(0)
    }
    const csv = await runCli(['export', '--format', 'csv'], env)
    expect(csv.stdout.split('\n')[0]).toContain(',costUsd,cost,costSource,')
  })

  test('privacy show says what is stored and what never is', async () => {
    const doc = await runCliJson<{ tables: { name: string; rows: number }[]; neverStored: string[] }>(
      ['privacy', 'show', '--json'],
      env,
    )
    expect(doc.tables).toContainEqual({ name: 'api_requests', rows: 6 })
    expect(doc.neverStored).toContain('prompt text and assistant replies')
  })

  test('privacy purge removes what it says, and a purged project stays gone', async () => {
    const scratch = tempDir('cc-purge-')
    const e = { home: scratch.path, claudeDir: env.claudeDir }
    await runCliJson(['import', '--json'], e)
    expect(existsSync(join(scratch.path, '.context-cleaner', 'data', 'transcript-dirs.json'))).toBe(true)
    const purged = await runCliJson<{ removed: { apiRequests: number; sessions: number } }>(
      ['privacy', 'purge', '--project', 'shop', '--yes', '--json'],
      e,
    )
    expect(purged.removed).toEqual({ apiRequests: 4, sessions: 1 })
    const after = await runCliJson<{ projects: { project: string }[] }>(['report', 'project', '--json'], e)
    expect(after.projects.map((p) => p.project)).toEqual(['/home/dev/<script>alert(1)</script>'])
    const all = await runCliJson<{ removed: { apiRequests: number } }>(
      ['privacy', 'purge', '--all', '--yes', '--json'],
      e,
    )
    expect(all.removed.apiRequests).toBe(2)
    // The import's folder listings name every transcript: --all takes them too.
    expect(existsSync(join(scratch.path, '.context-cleaner', 'data', 'transcript-dirs.json'))).toBe(false)
    scratch.cleanup()
  })
})
