// The explorer for the ClickHouse store. Read-only is the server's `readonly = 1` on every request:
// writes, DDL, SET (and a SETTINGS clause) and table functions fail on the server, whatever the SQL
// says. The query is run as a subquery with a LIMIT, so ClickHouse's parser accepts only one SELECT
// (a write or a second statement is a syntax error there) and stops at the row limit; the time limit is
// `max_execution_time` on the server and an abort on the client.

import type { Cell, QueryLimits, QueryOutcome, SchemaTable } from '../../model/explorer-results.ts'
import { type Explorer, outputTooLarge, queryMemoryExceeded } from '../explorer.ts'
import { str } from '../row-cells.ts'
import { StoreError } from '../store-error.ts'
import type { ClickHouseConnection } from './clickhouse-connection.ts'
import { keepModelRates } from './explorer-cost-view.ts'
import { hasStatementSeparator } from './statement-separator.ts'

const OPEN = 'SELECT * FROM (\n'

/** Only 64-bit integers arrive quoted (to keep their precision); they become numbers when that is exact. */
function cell(v: unknown, type: string): Cell {
  if (v === null || v === undefined) return null
  if (typeof v === 'number') return v
  if (typeof v === 'string') {
    const n = Number(v)
    return /Int64/.test(type) && Number.isSafeInteger(n) ? n : v
  }
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}

/** The server's code and message, from both the old (18.x) and the current error format. */
function serverError(error: unknown): { code: string; message: string } {
  const text = error instanceof Error ? error.message : String(error)
  const own = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
  const code = /^\d+$/.test(own) ? own : (/Code: (\d+)/.exec(text)?.[1] ?? '')
  const message = (/DB::Exception: ([\s\S]*?)(?:, e\.what\(\) = DB::Exception)?\s*$/.exec(text)?.[1] ?? text)
    .replace(/\s*FORMAT JSONCompact/, '')
    .trim()
  return { code, message }
}

/** The outcome of a query the server refused, told in terms of what the user wrote (`wrapped` is `wrap(text)`). */
export function failure(error: unknown, wrapped: string, limits: QueryLimits): QueryOutcome {
  if (error instanceof StoreError && error.code === 'store-timeout') return timedOut(limits.timeoutMs)
  if (error instanceof StoreError) return { ok: false, code: 'failed', message: error.message }
  const { code, message } = serverError(error)
  // 62 is a syntax error: where the parser stopped tells a write or a second statement from a typo.
  if (code === '62') {
    const at = Number(/failed at position (\d+)/.exec(message)?.[1] ?? 0)
    // 18.16 usually stops at the `;`, but once (in CI) reported our wrapper's `(` as unmatched
    // instead: a separator in the user's text settles it either way.
    if (
      /Multi-statements/.test(message) ||
      wrapped[at - 1] === ';' ||
      hasStatementSeparator(userText(wrapped))
    )
      return {
        ok: false,
        code: 'invalid-query',
        message: 'Run one statement at a time (nothing may follow the first `;`)',
      }
    // The same 18.16 anomaly (it follows an aborted query, seen in CI and in the dashboard's tests)
    // hides where a write stopped the parser: the user's first word settles that.
    if (at === OPEN.length + 1 || (at <= OPEN.length && !startsWithSelect(userText(wrapped))))
      return {
        ok: false,
        code: 'invalid-query',
        message:
          'Only SELECT queries run here (SELECT, WITH … SELECT); the data explorer cannot change data or settings',
      }
    return { ok: false, code: 'invalid-query', message: syntaxError(message, wrapped, at) }
  }
  // 396 is TOO_MANY_ROWS_OR_BYTES: the answer passed max_result_bytes.
  if (code === '396') return outputTooLarge(limits.maxOutputBytes, `ClickHouse: ${message}`)
  // 241 is MEMORY_LIMIT_EXCEEDED: the query passed max_memory_usage.
  if (code === '241') return queryMemoryExceeded(MAX_QUERY_MEMORY_BYTES, `ClickHouse: ${message}`)
  // 164 is READONLY: the server refused to change anything.
  if (code === '164')
    return { ok: false, code: 'failed', message: `Refused, the explorer is read-only: ${message}` }
  return { ok: false, code: 'failed', message }
}

/** The user's query as a subquery (see the top of the file). Newlines around it end a trailing `--` comment. */
export function wrap(text: string, limit: number): string {
  return `${OPEN}${text}\n) LIMIT ${limit}`
}

/** Whether the query names the `requests` view (its rates are brought up to date first). */
const READS_REQUESTS_VIEW = /\brequests\b/i

/** Whether the text, past leading comments and parentheses, begins with SELECT or WITH. */
function startsWithSelect(text: string): boolean {
  return /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/|\()*(?:SELECT|WITH)\b/i.test(text)
}

/** The user's query inside the wrapper. */
function userText(wrapped: string): string {
  return wrapped.slice(OPEN.length, wrapped.lastIndexOf('\n)'))
}

/** The server's syntax error told in terms of the user's text rather than the wrapper around it. */
function syntaxError(message: string, wrapped: string, at: number): string {
  const expected = /Expected [\s\S]*$/.exec(message)?.[0]
  const text = userText(wrapped)
  const offset = at - 1 - OPEN.length
  // 18.16 sometimes (two CI runs in a row) points at our wrapper's `(` as unmatched instead of at
  // the place in the user's text; its message then quotes the wrapper, which would only confuse.
  if (at === 0 || offset < 0) return 'Syntax error: the query does not parse (ClickHouse did not say where)'
  const before = text.slice(0, offset).split('\n')
  const where =
    offset >= text.length
      ? 'the query ends too early'
      : `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}, at \`${text.slice(offset, offset + 30).trim()}\``
  return `Syntax error: ${where}${expected ? `. ${expected}` : ''}`
}

function timedOut(timeoutMs: number): QueryOutcome {
  return { ok: false, code: 'timeout', message: `The query ran longer than ${timeoutMs} ms and was stopped` }
}

/** What one explorer query may use on the server. */
const MAX_QUERY_MEMORY_BYTES = 512 * 1024 * 1024

/** `conn` should name `database` as its default, so the schema's table names work unqualified. */
export function createClickHouseExplorer(conn: ClickHouseConnection, database: string): Explorer {
  const syncRates = keepModelRates(conn, database)
  return {
    dialect: 'ClickHouse',
    async schema(): Promise<SchemaTable[]> {
      const db = { db: database }
      const tables = await conn.rows(
        'SELECT name, engine FROM system.tables WHERE database = {db:String} ORDER BY name',
        db,
      )
      const columns = await conn.rows(
        'SELECT table, name, type FROM system.columns WHERE database = {db:String}',
        db,
      )
      return tables.map((t) => ({
        name: str(t, 'name'),
        kind: /View$/.test(str(t, 'engine')) ? 'view' : 'table',
        columns: columns
          .filter((c) => str(c, 'table') === str(t, 'name'))
          .map((c) => ({ name: str(c, 'name'), type: str(c, 'type') })),
      }))
    },

    async run(sql: string, limits: QueryLimits): Promise<QueryOutcome> {
      const started = performance.now()
      const text = sql.trim().replace(/[\s;]+$/, '')
      if (text === '') return { ok: false, code: 'invalid-query', message: 'Enter a query' }
      const wrapped = wrap(text, limits.rowLimit + 1)
      const abort = new AbortController()
      const timer = setTimeout(() => abort.abort(), limits.timeoutMs)
      try {
        // Before the read-only query: the `requests` view needs a price for every model it will see.
        if (READS_REQUESTS_VIEW.test(text)) await syncRates()
        const result = await conn.readOnlyQuery(wrapped, {
          settings: {
            readonly: 1,
            max_execution_time: Math.max(1, Math.ceil(limits.timeoutMs / 1000)),
            // The dashboard reads the whole answer into memory: the server refuses a larger one (and a
            // query that needs more memory) instead of sending it.
            max_result_bytes: String(limits.maxOutputBytes),
            max_memory_usage: String(MAX_QUERY_MEMORY_BYTES),
          },
          signal: abort.signal,
        })
        const types = result.meta.map((m) => m.type)
        const rows = result.data
          .slice(0, limits.rowLimit)
          .map((r) => r.map((v, i) => cell(v, types[i] ?? '')))
        return {
          ok: true,
          result: {
            columns: result.meta.map((m) => m.name),
            rows,
            truncated: result.data.length > limits.rowLimit,
            durationMs: performance.now() - started,
          },
        }
      } catch (error) {
        return abort.signal.aborted ? timedOut(limits.timeoutMs) : failure(error, wrapped, limits)
      } finally {
        clearTimeout(timer)
      }
    },
  }
}
