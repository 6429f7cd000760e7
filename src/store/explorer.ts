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
