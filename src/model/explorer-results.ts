// What the data explorer shows: a store's schema and the outcome of one read-only query, with the
// limits it ran under. The runners that produce them belong to the stores (see Explorer).

export interface SchemaColumn {
  name: string
  type: string
}

export interface SchemaTable {
  name: string
  kind: 'table' | 'view'
  columns: SchemaColumn[]
}

export type Cell = string | number | null

export interface QueryResult {
  columns: string[]
  rows: Cell[][]
  /** More rows existed than the limit allowed. */
  truncated: boolean
  durationMs: number
}

export const explorerErrorCodes = ['invalid-query', 'timeout', 'failed', 'too-large', 'busy'] as const
export type ExplorerErrorCode = (typeof explorerErrorCodes)[number]

export type QueryOutcome =
  | { ok: true; result: QueryResult }
  | { ok: false; code: ExplorerErrorCode; message: string }

export interface QueryLimits {
  /** @default 1000 */
  rowLimit: number
  /** @default 5000 */
  timeoutMs: number
  /** Bytes of cell text a result may hold; rows past it are cut off (`truncated`). @default 8 MB */
  maxOutputBytes: number
}

export const defaultQueryLimits: QueryLimits = {
  rowLimit: 1000,
  timeoutMs: 5000,
  maxOutputBytes: 8 * 1024 * 1024,
}

export const explorerDialects = ['SQLite', 'ClickHouse'] as const
export type ExplorerDialect = (typeof explorerDialects)[number]
