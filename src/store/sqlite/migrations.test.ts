import { Database } from 'bun:sqlite'
import { afterEach, describe, expect, it } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrations } from './migrations.ts'
import { SCHEMA_VERSION } from './schema-version.ts'
import { SqliteStore } from './sqlite-store.ts'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A database as version `version` of the schema left it. */
function databaseAt(version: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'cc-migrate-'))
  dirs.push(dir)
  const path = join(dir, 'store.db')
  const db = new Database(path, { create: true })
  for (const sql of migrations.slice(0, version)) db.exec(sql)
  db.exec(`PRAGMA user_version = ${version}`)
  db.close()
  return path
}

const row = (i: number) =>
  `('req:${i}', 'msg_${i}', '${i}', 's${i % 2}', '/p', 'claude-sonnet-4-5', ${1_767_225_600_000 + i * 900_000},
    ${i}, ${10 * i}, 100, 100, NULL, 1000, ${1110 + 11 * i}, ${i % 3 === 0 ? 0.25 : 'NULL'}, 'transcript')`

describe('migration 4 (api_requests with a rowid)', () => {
  it('keeps every row and the rollup, and the triggers that remain keep the rollup in step', async () => {
    const path = databaseAt(3)
    const old = new Database(path)
    old.exec(`INSERT INTO api_requests (key, message_id, request_id, session_id, project, model, ts, input_tokens,
      output_tokens, cache_creation_tokens, cache_creation_5m_tokens, cache_creation_1h_tokens, cache_read_tokens,
      total_tokens, cost_usd, source) VALUES ${Array.from({ length: 12 }, (_, i) => row(i)).join(',')}`)
    const columns = old
      .query<{ name: string }, []>("SELECT name FROM pragma_table_info('api_requests')")
      .all()
      .map((c) => c.name)
      .join(', ')
    const before = old.query(`SELECT ${columns} FROM api_requests ORDER BY key`).all()
    const rollupBefore = old.query('SELECT * FROM usage_rollup ORDER BY bucket, session_id').all()
    old.close()

    const store = new SqliteStore(path)
    const db = new Database(path)
    expect(db.query('PRAGMA user_version').get()).toEqual({ user_version: migrations.length })
    expect(db.query(`SELECT ${columns} FROM api_requests ORDER BY key`).all()).toEqual(before)
    expect(db.query('SELECT * FROM usage_rollup ORDER BY bucket, session_id').all()).toEqual(rollupBefore)
    const triggers = db.query("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all()
    expect(triggers).toEqual([{ name: 'api_requests_rollup_delete' }, { name: 'api_requests_rollup_update' }])

    db.exec("UPDATE api_requests SET output_tokens = output_tokens + 5 WHERE key = 'req:4'")
    db.exec("DELETE FROM api_requests WHERE key = 'req:7'")
    const sums = `SELECT count(*) AS n, sum(output_tokens) AS output FROM api_requests`
    const rollupSums = `SELECT sum(requests) AS n, sum(output_tokens) AS output FROM usage_rollup`
    expect(db.query(rollupSums).get()).toEqual(db.query(sums).get())
    db.close()
    await store.close()
  })
})

it('SCHEMA_VERSION counts the migrations (opening a current database skips loading them)', () => {
  expect(SCHEMA_VERSION).toBe(migrations.length)
})

describe('a store from a newer version', () => {
  it('is refused as too new (not as unavailable), naming the file and saying to upgrade', () => {
    const path = databaseAt(SCHEMA_VERSION)
    const db = new Database(path)
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    let caught: unknown
    try {
      new SqliteStore(path)
    } catch (error) {
      caught = error
    }
    expect(caught).toMatchObject({ code: 'store-too-new' })
    expect(String((caught as Error).message)).toContain(path)
    expect(String((caught as Error).message)).toContain('upgrade Context Cleaner')
  })
})
