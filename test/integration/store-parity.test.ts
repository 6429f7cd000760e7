// The same history imported into the embedded store and into a real ClickHouse server must give the
// same answer for every report, before and after ClickHouse merges duplicates, and on re-import.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { buildReport, type ReportKind, reportJson, reportKinds } from '../../src/analytics/build-report.ts'
import { defaultCostModel } from '../../src/analytics/pricing/default-cost-model.ts'
import { importHistory } from '../../src/ingest/import-history.ts'
import { ClickHouseConnection } from '../../src/store/clickhouse/clickhouse-connection.ts'
import { ClickHouseStore } from '../../src/store/clickhouse/clickhouse-store.ts'
import { parseClickHouseUrl } from '../../src/store/clickhouse/clickhouse-url.ts'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts'
import type { Store, UsageFilter } from '../../src/store/store.ts'
import { tempDir } from '../helpers/cli.ts'
import { type ClickHouseServer, startClickHouse, uniqueDatabase } from '../helpers/clickhouse-server.ts'
import { assistantLine, userLine } from '../helpers/transcript-lines.ts'

const fixtures = join(import.meta.dir, '..', 'fixtures')
let server: ClickHouseServer
const cleanups: (() => void | Promise<void>)[] = []

beforeAll(async () => {
  server = await startClickHouse()
})
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn()
  await server.stop()
})

interface Pair {
  sqlite: SqliteStore
  clickhouse: ClickHouseStore
  database: string
  claudeDir: string
  importBoth(): Promise<void>
}

/** Both stores fed from one Claude Code dir: the shared fixtures plus whatever a test adds. */
async function pair(): Promise<Pair> {
  const dir = tempDir('cc-parity-')
  const claudeDir = join(dir.path, 'claude')
  cpSync(join(fixtures, 'history', 'projects'), join(claudeDir, 'projects'), { recursive: true })
  cpSync(join(fixtures, 'claude-code', 'projects'), join(claudeDir, 'projects'), { recursive: true })
  const database = uniqueDatabase('parity')
  const sqlite = new SqliteStore(join(dir.path, 'store.db'))
  const clickhouse = new ClickHouseStore({
    target: parseClickHouseUrl(server.storeUrl(database)),
    checkpointPath: join(dir.path, 'ch-checkpoints.db'),
  })
  cleanups.push(
    dir.cleanup,
    () => sqlite.close(),
    () => clickhouse.close(),
  )
  const importBoth = async () => {
    await importHistory({ store: sqlite, claudeDirs: [claudeDir] })
    await importHistory({ store: clickhouse, claudeDirs: [claudeDir] })
  }
  return { sqlite, clickhouse, database, claudeDir, importBoth }
}

interface Variant {
  timezone: string
  order: 'asc' | 'desc'
  filter: UsageFilter
}

const variants: Variant[] = [
  { timezone: 'UTC', order: 'asc', filter: {} },
  { timezone: 'Asia/Tokyo', order: 'desc', filter: {} },
  { timezone: 'America/New_York', order: 'asc', filter: { project: 'shop' } },
  { timezone: 'UTC', order: 'asc', filter: { since: Date.UTC(2026, 10, 2), until: Date.UTC(2026, 10, 3) } },
]

async function reports(store: Store): Promise<unknown[]> {
  const out: unknown[] = []
  for (const v of variants) {
    for (const kind of reportKinds) {
      const report = await buildReport(store, kind satisfies ReportKind, defaultCostModel(), {
        filter: v.filter,
        timezone: v.timezone,
        order: v.order,
        startOfWeek: 'monday',
        now: Date.UTC(2026, 10, 25),
      })
      out.push({ kind, variant: v, json: reportJson(report, v.timezone) })
    }
  }
  return out
}

async function exported(store: Store) {
  const rows = []
  for await (const r of store.exportApiRequests({})) rows.push(r)
  return rows
}

async function optimize(database: string): Promise<void> {
  const conn = new ClickHouseConnection(parseClickHouseUrl(server.storeUrl(database)))
  await conn.command(`OPTIMIZE TABLE \`${database}\`.api_requests FINAL`)
  await conn.command(`OPTIMIZE TABLE \`${database}\`.sessions FINAL`)
  await conn.close()
}

describe('ClickHouse and SQLite stores give identical answers', () => {
  test('every report kind and variant, on the shared fixtures', async () => {
    const p = await pair()
    await p.importBoth()
    expect(await p.clickhouse.countApiRequests()).toBe(await p.sqlite.countApiRequests())
    expect(await p.clickhouse.countApiRequests()).toBeGreaterThan(0)
    expect(await reports(p.clickhouse)).toEqual(await reports(p.sqlite))
    expect(await exported(p.clickhouse)).toEqual(await exported(p.sqlite))
  })

  test('re-importing changes nothing, and neither does a re-import from scratch (lost checkpoints)', async () => {
    const p = await pair()
    await p.importBoth()
    const before = await reports(p.sqlite)
    await p.importBoth()
    expect(await reports(p.clickhouse)).toEqual(before)
    // A crash after the ClickHouse insert but before the checkpoint write re-sends rows: still no doubles.
    const fresh = new ClickHouseStore({
      target: parseClickHouseUrl(server.storeUrl(p.database)),
      checkpointPath: join(p.claudeDir, '..', 'fresh-checkpoints.db'),
    })
    await importHistory({ store: fresh, claudeDirs: [p.claudeDir] })
    await fresh.close()
    expect(await reports(p.clickhouse)).toEqual(before)
    expect(await p.clickhouse.countApiRequests()).toBe(await p.sqlite.countApiRequests())
    await optimize(p.database)
    expect(await reports(p.clickhouse)).toEqual(before)
  })

  test('duplicates keep the most complete copy, across lines, files and imports, before and after merges', async () => {
    const p = await pair()
    const dir = join(p.claudeDir, 'projects', '-home-dev-dups')
    mkdirSync(dir, { recursive: true })
    const T = '2026-11-02T09:00:00.000Z'
    const line = (request: string, output: number, input = 10) =>
      assistantLine({ session: 'dup-1', request, timestamp: T, output, input, cwd: '/home/dev/dups' })
    writeFileSync(
      join(dir, 'dup-1.jsonl'),
      `${[userLine('dup-1', 'hi', T), line('a', 1), line('a', 50), line('a', 50), line('b', 7, 5)].join('\n')}\n`,
    )
    // A resumed session repeats request `a` (smaller) and `b` (larger) in another file.
    writeFileSync(join(dir, 'dup-2.jsonl'), `${[line('a', 3), line('b', 9, 5), line('c', 2)].join('\n')}\n`)
    await p.importBoth()
    // Appending a still larger copy later must replace, not add.
    writeFileSync(join(dir, 'dup-3.jsonl'), `${line('a', 70)}\n`)
    await p.importBoth()
    const expected = await reports(p.sqlite)
    expect(await reports(p.clickhouse)).toEqual(expected)
    expect(await exported(p.clickhouse)).toEqual(await exported(p.sqlite))
    await optimize(p.database)
    expect(await reports(p.clickhouse)).toEqual(expected)
    expect(await exported(p.clickhouse)).toEqual(await exported(p.sqlite))
  })

  test('purge by project and date removes the same rows, and describe agrees on counts', async () => {
    const p = await pair()
    await p.importBoth()
    const filters = [{ project: 'shop' }, { before: Date.UTC(2026, 10, 2) }]
    for (const f of filters) expect(await p.clickhouse.purge(f)).toEqual(await p.sqlite.purge(f))
    expect(await reports(p.clickhouse)).toEqual(await reports(p.sqlite))
    const [ch, lite] = [await p.clickhouse.describe(), await p.sqlite.describe()]
    const pick = (d: typeof ch) => ({
      tables: d.tables.filter((t) => ['api_requests', 'sessions', 'import_checkpoints'].includes(t.name)),
      oldest: d.oldestTimestamp,
      newest: d.newestTimestamp,
    })
    expect(pick(ch)).toEqual(pick(lite))
    expect(ch.location).not.toContain('secret')
    expect(await p.clickhouse.purge({})).toEqual(await p.sqlite.purge({}))
    expect(await p.clickhouse.countApiRequests()).toBe(0)
    expect((await p.clickhouse.getCheckpoints()).size).toBe(0)
  })
})
