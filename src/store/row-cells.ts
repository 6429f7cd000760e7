// Reading one cell of a result row, whichever store sent it: SQLite gives numbers and strings,
// ClickHouse's JSON quotes 64-bit integers, and either may give NULL.

/** A result row, named columns to cells. */
export type Cells = Record<string, unknown>

export const num = (row: Cells, key: string): number => Number(row[key] ?? 0)
export const maybeNum = (row: Cells, key: string): number | null =>
  row[key] === null || row[key] === undefined ? null : Number(row[key])
export const str = (row: Cells, key: string): string => String(row[key] ?? '')
export const maybeStr = (row: Cells, key: string): string | null =>
  row[key] === null || row[key] === undefined ? null : String(row[key])
/** A 0/1 flag (SQLite's booleans, ClickHouse's UInt8). */
export const flag = (row: Cells, key: string): boolean => Number(row[key]) === 1
