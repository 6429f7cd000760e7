// Where the embedded store's tables keep what a filter names, for the one condition builder
// (../filter-sql.ts). Each read or purge picks the description of the rows it filters.

import {
  type FilterColumns,
  type FilterParams,
  filterConditions,
  filterWhere,
  purgeAsFilter,
  type SqlConditions,
  type SqlFilter,
  sqliteDialect,
} from '../filter-sql.ts'
import type { PurgeFilter } from '../store.ts'

export type SqlParams = FilterParams

/** Request attributes, no time: what both api_requests and usage_rollup rows filter on (the rollup has no user or team). */
const requestAttributes = {
  project: 'project',
  session: 'session_id',
  user: ['user_email', 'user_id'],
  team: 'team',
} as const satisfies FilterColumns

/** api_requests as reports read it (no model, no search). */
export const requestColumns = {
  ...requestAttributes,
  since: 'ts',
  until: 'ts',
} as const satisfies FilterColumns

/** The dashboard's attributes of requests and rollup rows: model and search too. */
export const dashboardAttributes = {
  ...requestAttributes,
  model: 'model',
  searchable: true,
} as const satisfies FilterColumns

/** Telemetry tables have no project: they take it, and search, through the sessions they belong to. */
export const telemetryColumns = {
  since: 'ts',
  until: 'ts',
  session: 'session_id',
  searchable: true,
  sessions: {
    select: (w: string) => `SELECT session_id FROM sessions ${w}`,
    columns: { project: 'project', session: 'session_id' },
  },
} as const satisfies FilterColumns

/**
 * A privacy purge of rows keyed by time (`ts`) and session: the same rule for telemetry and plan-limit
 * readings, so a purge by project or date removes the same sessions' rows as the requests' purge.
 */
const purgedColumns = {
  until: 'ts',
  session: 'session_id',
  sessions: {
    select: (w: string) => `SELECT session_id FROM api_requests ${w}`,
    columns: { project: 'project', session: 'session_id' },
  },
} as const satisfies FilterColumns

export function sqliteConditions(filter: SqlFilter, columns: FilterColumns): SqlConditions {
  return filterConditions(filter, columns, sqliteDialect)
}

/** `filter` as a WHERE clause on `columns` (nothing when it filters nothing), with its parameters. */
export function sqliteWhere(filter: SqlFilter, columns: FilterColumns): { where: string; params: SqlParams } {
  return filterWhere(filter, columns, sqliteDialect)
}

export function purgeWhere(filter: PurgeFilter): { where: string; params: SqlParams } {
  return sqliteWhere(purgeAsFilter(filter), purgedColumns)
}
