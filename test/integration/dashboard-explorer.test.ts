// The explorer is read-only because of how its connection is opened, not because it reads the SQL:
// every attempt below reaches SQLite and fails there, and the data is intact afterwards.

import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { existsSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openExplorerConnection, runReadOnlyQuery } from '../../src/store/sqlite/read-only-query.ts'
import { createSqliteExplorer } from '../../src/store/sqlite/sqlite-explorer.ts'
import { apiRequest, createTestDashboard, get, seedSample, type TestDashboard } from '../helpers/dashboard.ts'

let dash: TestDashboard
let explorer: ReturnType<typeof createSqliteExplorer>
const limits = { rowLimit: 100, timeoutMs: 5000, maxOutputBytes: 1_000_000 }
const sideFile = join(tmpdir(), `cc-explorer-side-${process.pid}.db`)

async function counts() {
  const outcome = await explorer.run(
    'SELECT (SELECT count(*) FROM api_requests), (SELECT count(*) FROM sessions)',
    limits,
  )
  return outcome.ok ? outcome.result.rows : outcome
}

beforeAll(async () => {
  dash = createTestDashboard()
  await seedSample(dash.store)
  explorer = createSqliteExplorer(dash.dbPath)
})

afterAll(async () => {
  explorer.close()
  rmSync(sideFile, { force: true })
  await dash.close()
})

describe('explorer read-only rule', () => {
  it.each([
    ['DELETE', 'DELETE FROM api_requests'],
    ['DELETE … RETURNING (reaches the connection)', 'DELETE FROM api_requests RETURNING key'],
    [
      'INSERT … RETURNING',
      "INSERT INTO sessions (session_id, project, first_ts, last_ts) VALUES ('x', 'y', 1, 2) RETURNING *",
    ],
    ['UPDATE … RETURNING', "UPDATE api_requests SET model = 'x' RETURNING key"],
    ['DROP', 'DROP TABLE api_requests'],
    ['ATTACH', `ATTACH '${sideFile}' AS side`],
    ['ATTACH memory', "ATTACH ':memory:' AS m"],
    ['PRAGMA writable_schema', 'PRAGMA writable_schema = ON'],
    ['PRAGMA query_only off', 'PRAGMA query_only = OFF'],
    ['VACUUM INTO', `VACUUM INTO '${sideFile}'`],
    ['multiple statements', 'SELECT 1; DELETE FROM api_requests'],
    ['a statement hidden after a comment', 'SELECT 1 /* harmless */; DROP TABLE sessions'],
    ['a line comment hiding the separator', 'SELECT 1 -- ; \n; DELETE FROM api_requests'],
    ['a comment before a write', '/* SELECT */ DELETE FROM api_requests'],
    ['closing the wrapper subquery', 'SELECT 1) ; DELETE FROM api_requests; SELECT (1'],
    ['a transaction', 'BEGIN IMMEDIATE'],
    ['loading an extension', "SELECT load_extension('/tmp/nothing')"],
    ['a parameter', 'SELECT * FROM api_requests WHERE key = ?'],
  ])('refuses %s, and the data is intact', async (_, sql) => {
    const before = await counts()
    const outcome = await explorer.run(sql, limits)
    expect(outcome.ok).toBe(false)
    expect(await counts()).toEqual(before)
    expect(existsSync(sideFile)).toBe(false)
  })

  it('is enforced by the connection itself: a raw write on it fails', () => {
    const db = openExplorerConnection(dash.dbPath)
    expect(() => db.run('DELETE FROM api_requests')).toThrow('attempt to write a readonly database')
    expect(() =>
      db.run("INSERT INTO sessions (session_id, project, first_ts, last_ts) VALUES ('x', 'y', 1, 2)"),
    ).toThrow('attempt to write a readonly database')
    db.close()
  })

  it('says why a write was refused', async () => {
    expect(await explorer.run('DELETE FROM api_requests RETURNING key', limits)).toEqual({
      ok: false,
      code: 'failed',
      message: 'attempt to write a readonly database',
    })
    expect(await explorer.run('SELECT 1; SELECT 2', limits)).toEqual({
      ok: false,
      code: 'invalid-query',
      message: 'Run one statement at a time (nothing may follow the first `;`)',
    })
  })
})

describe('explorer queries', () => {
  it('runs a query, keeping duplicate column names apart', async () => {
    const outcome = await explorer.run(
      "SELECT model, count(*) AS n, 1 AS n FROM api_requests WHERE project LIKE '%beta' GROUP BY model;",
      limits,
    )
    expect(outcome.ok && { columns: outcome.result.columns, rows: outcome.result.rows }).toEqual({
      columns: ['model', 'n', 'n:1'],
      rows: [['claude-opus-4-1-20250805', 4, 1]],
    })
  })

  it('runs PRAGMA reads and EXPLAIN, which cannot be wrapped', async () => {
    const pragma = await explorer.run('PRAGMA table_info(sessions)', limits)
    expect(pragma.ok && pragma.result.rows.map((r) => r[1])).toContain('project')
    const plan = await explorer.run('EXPLAIN QUERY PLAN SELECT * FROM api_requests WHERE ts > 0', limits)
    expect(plan.ok).toBe(true)
  })

  it('stops at the row limit and says so', async () => {
    const outcome = await explorer.run(
      'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n',
      {
        rowLimit: 5,
        timeoutMs: 5000,
        maxOutputBytes: 1_000_000,
      },
    )
    expect(outcome.ok && [outcome.result.rows, outcome.result.truncated]).toEqual([
      [[1], [2], [3], [4], [5]],
      true,
    ])
  })

  it('stops a query that runs past the time limit', async () => {
    const outcome = await explorer.run(
      'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n',
      { rowLimit: 5, timeoutMs: 300, maxOutputBytes: 1_000_000 },
    )
    expect(outcome).toEqual({
      ok: false,
      code: 'timeout',
      message: 'The query ran longer than 300 ms and was stopped',
    })
  })

  it('cuts a result off at its byte budget, and refuses a first row larger than it', async () => {
    const rows = 'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 100)'
    const budget = { rowLimit: 1000, timeoutMs: 5000, maxOutputBytes: 10_000 }
    const wide = await explorer.run(`${rows} SELECT x, hex(zeroblob(500)) FROM n`, budget)
    const huge = await explorer.run('SELECT hex(zeroblob(100000))', budget)
    expect(wide.ok && [wide.result.rows.length, wide.result.truncated]).toEqual([9, true])
    expect(huge).toEqual({
      ok: false,
      code: 'too-large',
      message:
        'The first row alone is larger than a result may be (10,000 bytes); select fewer or shorter columns (substr, length)',
    })
  })

  it('refuses an answer whose JSON runs far past its budget as too large, not as out of memory', async () => {
    // Each control character is counted as one byte of the budget but written as six (`\u0001`).
    const outcome = await explorer.run("SELECT replace(hex(zeroblob(450000)), '0', char(1))", {
      rowLimit: 10,
      timeoutMs: 10_000,
      maxOutputBytes: 1_000_000,
    })
    expect(outcome).toEqual({
      ok: false,
      code: 'too-large',
      message:
        'The answer is larger than a result may be (1,000,000 bytes); select fewer rows or shorter columns (substr, length)',
    })
  })

  it('lists the schema', async () => {
    const schema = await explorer.schema()
    expect(schema.map((t) => t.name)).toContain('api_requests')
    expect(schema.find((t) => t.name === 'sessions')?.columns.map((c) => c.name)).toEqual([
      'session_id',
      'project',
      'transcript_path',
      'first_ts',
      'last_ts',
      'version',
      'git_branch',
    ])
  })

  it('reports a syntax error from SQLite', () => {
    const db = openExplorerConnection(dash.dbPath)
    expect(runReadOnlyQuery(db, 'SELEC 1', 10, 1_000_000)).toEqual({
      ok: false,
      code: 'invalid-query',
      message: 'near "SELEC": syntax error',
    })
    db.close()
  })
})

describe('explorer pages', () => {
  it('shows results as a table beside the schema', async () => {
    const html = await (
      await get(dash.app, `/explorer?sql=${encodeURIComponent('SELECT session_id FROM sessions ORDER BY 1')}`)
    ).text()
    expect(html).toContain('<td>session-a</td>')
    expect(html).toContain('aria-label="Schema"')
    expect(html).toContain('href="/explorer.csv?sql=SELECT%20session_id%20FROM%20sessions%20ORDER%20BY%201"')
  })

  it('shows a refused query as an error, not a crash', async () => {
    const res = await get(dash.app, `/explorer?sql=${encodeURIComponent('DROP TABLE sessions')}`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Only statements that return rows run here')
  })

  it('offers no CSV after a failed query, and a failed CSV is a short text, not an HTML page', async () => {
    const html = await (await get(dash.app, `/explorer?sql=${encodeURIComponent('SELEC 1')}`)).text()
    expect(html).toContain('id="query-error"')
    expect(html).not.toContain('Download CSV')
    const res = await get(dash.app, `/explorer.csv?sql=${encodeURIComponent('SELEC 1')}`)
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await res.text()).toBe('Query failed: near "SELEC": syntax error\n')
  })

  it('has the example in the box, and Run with an empty box says so and leaves the example to run', async () => {
    const first = await (await get(dash.app, '/explorer')).text()
    // The example reads the view with the cost the reports show (api_requests.cost_usd is telemetry's only).
    expect(first).toContain('FROM requests')
    expect(first).not.toContain('id="query-empty"')
    const empty = await (await get(dash.app, '/explorer?sql=+%0A')).text()
    expect(empty).toContain('id="query-empty"')
    expect(empty).not.toContain('id="query-results"')
    const example = /<textarea[^>]*>([^<]*)<\/textarea>/.exec(empty)?.[1] ?? ''
    expect(example).toContain('SELECT model')
    const run = await (await get(dash.app, `/explorer?sql=${encodeURIComponent(example)}`)).text()
    expect(run).toContain('id="query-results"')
    expect(run).not.toContain('id="query-error"')
  })

  it('downloads results as CSV', async () => {
    await dash.store.ingest({
      requests: [apiRequest(99, { project: '=cmd|calc', sessionId: 'session-z' })],
      sessions: [],
    })
    const res = await get(
      dash.app,
      `/explorer.csv?sql=${encodeURIComponent("SELECT project, 1.5 AS x FROM api_requests WHERE session_id = 'session-z'")}`,
    )
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="context-cleaner-query.csv"')
    expect(await res.text()).toBe("project,x\r\n'=cmd|calc,1.5\r\n")
  })
})
