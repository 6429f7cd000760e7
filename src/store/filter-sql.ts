// The one place a filter (since/until/project/session/model/user/team/search) becomes SQL, for every
// store: the rules (what `--project myapp` matches, how search reads, who a user is) are written once
// here; a backend describes only its dialect (placeholders, string functions) and where the filtered
// columns live. Values only ever travel as bound parameters, never in the SQL text.

import type { PurgeFilter } from './store.ts'
import type { DashboardFilter } from './usage-reads.ts'

/** Every filter a store read or purge takes (reports', the dashboard's, plan limits', purges'). */
export type SqlFilter = DashboardFilter

export type FilterParams = Record<string, string | number>

type ParamKind = 'time' | 'text'

export interface SqlDialect {
  /** The text that stands for parameter `name` in SQL. */
  placeholder(name: string, kind: ParamKind): string
  /** The key the driver takes the value of parameter `name` under. */
  key(name: string): string
  endsWith(column: string, suffix: string): string
  startsWith(column: string, prefix: string): string
  /** ASCII case folding, the same on both stores. */
  containsIgnoringCase(column: string, part: string): string
}

/** bun:sqlite: `$name` placeholders, bound under the same `$name`. */
export const sqliteDialect: SqlDialect = {
  placeholder: (name) => `$${name}`,
  key: (name) => `$${name}`,
  endsWith: (column, suffix) => `substr(${column}, -length(${suffix})) = ${suffix}`,
  startsWith: (column, prefix) => `substr(${column}, 1, length(${prefix})) = ${prefix}`,
  containsIgnoringCase: (column, part) => `instr(lower(${column}), lower(${part})) > 0`,
}

/** ClickHouse: typed `{name:Type}` placeholders (query_params); times are epoch ms as Int64. */
export const clickhouseDialect: SqlDialect = {
  placeholder: (name, kind) => `{${name}:${kind === 'time' ? 'Int64' : 'String'}}`,
  key: (name) => name,
  endsWith: (column, suffix) => `endsWith(${column}, ${suffix})`,
  startsWith: (column, prefix) => `startsWith(${column}, ${prefix})`,
  containsIgnoringCase: (column, part) => `positionCaseInsensitive(${column}, ${part}) > 0`,
}

/** Where a filter's fields live in the rows being filtered; a field with no column does not apply. */
export interface FilterColumns {
  /** Compared `>= since`. */
  since?: string
  /** Compared `< until`. */
  until?: string
  project?: string
  session?: string
  model?: string
  /** A user is matched by email or by id. */
  user?: readonly [email: string, id: string]
  team?: string
  /** Whether `search` applies (on the project and session columns): the dashboard's reads, not reports'. */
  searchable?: boolean
  /**
   * Rows with no project of their own (telemetry, plan limits) take project and search through the
   * sessions they belong to: `session IN (select(WHERE …))`, the conditions on `columns`.
   */
  sessions?: SessionLookup
}

interface SessionLookup {
  /** The sub-select naming sessions, given a WHERE clause on `columns`. */
  select: (where: string) => string
  columns: { project: string; session: string }
}

export interface SqlConditions {
  conditions: string[]
  params: FilterParams
}

/** `filter` as conditions on `columns` (to be joined with AND) and the parameters they bind. */
export function filterConditions(
  filter: SqlFilter,
  columns: FilterColumns,
  dialect: SqlDialect,
): SqlConditions {
  const params: FilterParams = {}
  const bind = (name: string, value: string | number, kind: ParamKind) => {
    params[dialect.key(name)] = value
    return dialect.placeholder(name, kind)
  }
  const time = (name: 'since' | 'until', value: number) => {
    if (!Number.isSafeInteger(value))
      throw new RangeError(`Expected \`${name}\` to be whole epoch milliseconds, got ${value}`)
    return bind(name, value, 'time')
  }
  const conditions: string[] = []
  if (filter.since !== undefined && columns.since)
    conditions.push(`${columns.since} >= ${time('since', filter.since)}`)
  if (filter.until !== undefined && columns.until)
    conditions.push(`${columns.until} < ${time('until', filter.until)}`)
  const lookup = columns.sessions
  const search = columns.searchable ? filter.search : undefined
  const on = lookup ? lookup.columns : columns
  const byProject = projectConditions(filter.project, search, on, dialect, bind)
  if (lookup && byProject.length > 0) {
    if (!columns.session) throw new Error('A session lookup needs the rows’ session column')
    conditions.push(`${columns.session} IN (${lookup.select(where(byProject))})`)
  } else conditions.push(...byProject)
  if (filter.sessionId !== undefined && columns.session)
    conditions.push(`${columns.session} = ${bind('sessionId', filter.sessionId, 'text')}`)
  if (filter.model !== undefined && columns.model)
    conditions.push(`${columns.model} = ${bind('model', filter.model, 'text')}`)
  if (filter.user !== undefined && columns.user) {
    const user = bind('user', filter.user, 'text')
    conditions.push(`(${columns.user[0]} = ${user} OR ${columns.user[1]} = ${user})`)
  }
  if (filter.team !== undefined && columns.team)
    conditions.push(`${columns.team} = ${bind('team', filter.team, 'text')}`)
  return { conditions, params }
}

/** Project and search, on the rows' own columns or on those of the sessions they belong to. */
function projectConditions(
  projectFilter: string | undefined,
  searchFilter: string | undefined,
  { project, session }: { project?: string | undefined; session?: string | undefined },
  dialect: SqlDialect,
  bind: (name: string, value: string, kind: ParamKind) => string,
): string[] {
  const conditions: string[] = []
  if (projectFilter !== undefined && project) {
    // Exact path, or a trailing part of it (`--project myapp` matches /home/me/src/myapp).
    const exact = bind('project', projectFilter, 'text')
    const suffix = bind('projectSuffix', `/${projectFilter}`, 'text')
    conditions.push(`(${project} = ${exact} OR ${dialect.endsWith(project, suffix)})`)
  }
  if (searchFilter !== undefined && searchFilter !== '' && project && session) {
    // Any part of the project path, or the start of a session id.
    const search = bind('search', searchFilter, 'text')
    conditions.push(
      `(${dialect.containsIgnoringCase(project, search)} OR ${dialect.startsWith(session, search)})`,
    )
  }
  return conditions
}

/** `filter` as a WHERE clause on `columns` (nothing when it filters nothing), with its parameters. */
export function filterWhere(
  filter: SqlFilter,
  columns: FilterColumns,
  dialect: SqlDialect,
): { where: string; params: FilterParams } {
  const { conditions, params } = filterConditions(filter, columns, dialect)
  return { where: where(conditions), params }
}

/** `WHERE a AND b …`, or nothing for no conditions. */
export function where(conditions: readonly string[]): string {
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''
}

/** A purge's filter in the readers' terms: everything before `before`, of the project's sessions. */
export function purgeAsFilter(filter: PurgeFilter): SqlFilter {
  return {
    ...(filter.before === undefined ? {} : { until: filter.before }),
    ...(filter.project === undefined ? {} : { project: filter.project }),
  }
}
