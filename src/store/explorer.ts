// The data explorer's contract: list the schema, run one read-only query with a row limit and a
// time limit. Each implementation enforces read-only with the store (a read-only SQLite connection,
// ClickHouse's `readonly` setting), not by reading the SQL.

import type { ExplorerDialect, QueryLimits, QueryOutcome, SchemaTable } from '../model/explorer-results.ts'

export interface Explorer {
  /** The SQL the queries are written in, shown beside the editor. */
  readonly dialect: ExplorerDialect
  schema(): Promise<SchemaTable[]>
  run(sql: string, limits: QueryLimits): Promise<QueryOutcome>
}

/** Queries one dashboard runs at once; more are refused, so a flood of requests cannot pile up children. */
const MAX_CONCURRENT_QUERIES = 2

/** The same explorer, answering `busy` while `max` of its queries are still running. */
export function limitConcurrentQueries<E extends Explorer>(explorer: E, max = MAX_CONCURRENT_QUERIES): E {
  let running = 0
  const run = async (sql: string, limits: QueryLimits): Promise<QueryOutcome> => {
    if (running >= max)
      return {
        ok: false,
        code: 'busy',
        message: `${max} queries are already running; try again when they have finished`,
      }
    running++
    try {
      return await explorer.run(sql, limits)
    } finally {
      running--
    }
  }
  return Object.assign(Object.create(explorer) as E, { run })
}

/** A query that needed more memory than the explorer lets one use, told the same way by every store. */
export function queryMemoryExceeded(maxBytes: number, detail?: string): QueryOutcome {
  return {
    ok: false,
    code: 'too-large',
    message: `The query needed more than ${Math.round(maxBytes / 2 ** 20)} MB of memory and was stopped${detail ? ` (${detail})` : ''}; select fewer or shorter values`,
  }
}

/** A query whose answer is past the result's byte budget, told the same way by every store (`detail` is the store's own figures). */
export function outputTooLarge(maxOutputBytes: number, detail?: string): QueryOutcome {
  return {
    ok: false,
    code: 'too-large',
    message: `The answer is larger than a result may be (${maxOutputBytes.toLocaleString('en-US')} bytes${detail ? `; ${detail}` : ''}); select fewer rows or shorter columns (substr, length)`,
  }
}
