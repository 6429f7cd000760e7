// Where the ClickHouse store's merged rows keep what a filter names, for the one condition builder
// (../filter-sql.ts). Merged requests and rollup-shaped rows name their columns `r_…`.

import {
  clickhouseDialect,
  type FilterColumns,
  filterConditions,
  filterWhere,
  type SqlConditions,
  type SqlFilter,
} from '../filter-sql.ts'
import type { QueryParams } from './bind-params.ts'

/** Merged requests and rollup-shaped rows, as reports read them (no model, no search). */
export const requestColumns = {
  since: 'r_ts',
  until: 'r_ts',
  project: 'r_project',
  session: 'r_session_id',
  user: ['r_user_email', 'r_user_id'],
  team: 'r_team',
} as const satisfies FilterColumns

/** The same rows as the dashboard reads them: model and search too. */
export const dashboardRequestColumns = {
  ...requestColumns,
  model: 'r_model',
  searchable: true,
} as const satisfies FilterColumns

export function clickhouseConditions(filter: SqlFilter, columns: FilterColumns): SqlConditions {
  return filterConditions(filter, columns, clickhouseDialect)
}

/** `filter` as a WHERE clause on `columns` (nothing when it filters nothing), with its parameters. */
export function clickhouseWhere(
  filter: SqlFilter,
  columns: FilterColumns,
): { where: string; params: QueryParams } {
  return filterWhere(filter, columns, clickhouseDialect)
}
