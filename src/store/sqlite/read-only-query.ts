// One query on a read-only connection. Safety comes from SQLite, not from reading the SQL: the
// connection is opened read-only with `query_only` on, SQLite's own parser must find exactly one
// statement with no parameters, and only statements that return rows are stepped (so ATTACH, VACUUM INTO
// and PRAGMA assignments never run). A write that returns rows (… RETURNING) fails on the connection.

import { Database, type Statement } from 'bun:sqlite'
import type { Cell, QueryOutcome } from '../../model/explorer-results.ts'
import { createExplorerCostView } from './explorer-cost-view.ts'

export function openExplorerConnection(path: string): Database {
  const db = new Database(path, { readonly: true })
  // TEMP objects only (the file is opened read-only); a store too old or damaged for the view still
  // gets its explorer, without `requests`.
  try {
    createExplorerCostView(db)
  } catch {}
  db.exec('PRAGMA query_only = ON')
  db.exec('PRAGMA busy_timeout = 2000')
  return db
}

function invalid(message: string): QueryOutcome {
  return { ok: false, code: 'invalid-query', message }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Prepares exactly one parameterless statement; `toString()` of a statement is the text SQLite consumed. */
function prepareOne(db: Database, text: string): Statement | string {
  let stmt: Statement
  try {
    stmt = db.prepare(text)
  } catch (error) {
    return errorText(error)
  }
  if (stmt.paramsCount > 0) {
    stmt.finalize()
    return 'Parameters (`?`, `$name`) are not supported: write the values into the query'
  }
  if (stmt.toString() !== text) {
    stmt.finalize()
    return 'Run one statement at a time (nothing may follow the first `;`)'
  }
  return stmt
}

function cell(v: unknown): Cell {
  if (v === null || typeof v === 'string' || typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (v instanceof Uint8Array) return `<blob ${v.byteLength} bytes>`
  return String(v)
}

/** Roughly what a cell costs in the JSON answer and the page: its text, or 8 bytes for a number. */
function cellBytes(c: Cell): number {
  return typeof c === 'string' ? c.length + 2 : 8
}

/**
 * Rows are taken one at a time and counted: `SELECT hex(zeroblob(100000000))` or a thousand wide rows
 * must not be built whole in memory. Past `maxOutputBytes` the result is cut off (truncated); a first
 * row alone larger than that is refused.
 */
export function runReadOnlyQuery(
  db: Database,
  sql: string,
  rowLimit: number,
  maxOutputBytes: number,
): QueryOutcome {
  const started = performance.now()
  const text = sql.trim().replace(/[\s;]+$/, '')
  if (text === '') return invalid('Enter a query')
  const stmt = prepareOne(db, text)
  if (typeof stmt === 'string') return invalid(stmt)
  const columns = stmt.columnNames
  if (columns.length === 0) {
    stmt.finalize()
    return invalid('Only statements that return rows run here (SELECT, WITH, VALUES, EXPLAIN, PRAGMA reads)')
  }
  try {
    // A SELECT-like query is wrapped so SQLite stops at the limit and duplicate column names stay apart;
    // PRAGMA and EXPLAIN cannot be wrapped and are stepped row by row instead.
    const wrapped = prepareOne(db, `SELECT * FROM (\n${text}\n) LIMIT ${rowLimit + 1}`)
    const source = typeof wrapped === 'string' ? stmt : wrapped
    const names = source.columnNames
    const rows: Cell[][] = []
    let bytes = 0
    let truncated = false
    try {
      for (const row of source.iterate() as Iterable<Record<string, unknown>>) {
        const cells = names.map((c) => cell(row[c]))
        for (const c of cells) bytes += cellBytes(c)
        if (rows.length === rowLimit || bytes > maxOutputBytes) {
          truncated = true
          break
        }
        rows.push(cells)
      }
    } finally {
      if (source !== stmt) source.finalize()
    }
    if (truncated && rows.length === 0)
      return {
        ok: false,
        code: 'too-large',
        message: `The first row alone is larger than a result may be (${maxOutputBytes.toLocaleString('en-US')} bytes); select fewer or shorter columns (substr, length)`,
      }
    return {
      ok: true,
      result: {
        columns: names,
        rows,
        truncated,
        durationMs: performance.now() - started,
      },
    }
  } catch (error) {
    return { ok: false, code: 'failed', message: errorText(error) }
  } finally {
    stmt.finalize()
  }
}
