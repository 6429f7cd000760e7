import { Database } from 'bun:sqlite'
import { describe, expect, it } from 'bun:test'
import {
  clickhouseDialect,
  type FilterColumns,
  filterConditions,
  purgeAsFilter,
  sqliteDialect,
  where,
} from './filter-sql.ts'
import { telemetryColumns as telemetry } from './sqlite/filter-columns.ts'

const requests = {
  since: 'ts',
  until: 'ts',
  project: 'project',
  session: 'session_id',
  model: 'model',
  user: ['user_email', 'user_id'],
  team: 'team',
  searchable: true,
} as const satisfies FilterColumns

describe('filterConditions on SQLite', () => {
  it('writes every field as a condition on its column, values as $-parameters', () => {
    const { conditions, params } = filterConditions(
      {
        since: 1000,
        until: 2000,
        project: 'shop',
        sessionId: 's-1',
        model: 'claude-sonnet-4-5',
        user: 'a@b.c',
        team: 'red',
        search: 'SHO',
      },
      requests,
      sqliteDialect,
    )
    expect(conditions).toEqual([
      'ts >= $since',
      'ts < $until',
      '(project = $project OR substr(project, -length($projectSuffix)) = $projectSuffix)',
      '(instr(lower(project), lower($search)) > 0 OR substr(session_id, 1, length($search)) = $search)',
      'session_id = $sessionId',
      'model = $model',
      '(user_email = $user OR user_id = $user)',
      'team = $team',
    ])
    expect(params).toEqual({
      $since: 1000,
      $until: 2000,
      $project: 'shop',
      $projectSuffix: '/shop',
      $search: 'SHO',
      $sessionId: 's-1',
      $model: 'claude-sonnet-4-5',
      $user: 'a@b.c',
      $team: 'red',
    })
  })

  it('filters nothing for an empty filter, and skips fields the rows have no column for', () => {
    expect(filterConditions({}, requests, sqliteDialect)).toEqual({ conditions: [], params: {} })
    expect(where([])).toBe('')
    const limits = filterConditions(
      { since: 5, until: 9, project: 'shop', model: 'm' },
      { since: 'last_observed_at', until: 'ts' },
      sqliteDialect,
    )
    expect(limits).toEqual({
      conditions: ['last_observed_at >= $since', 'ts < $until'],
      params: { $since: 5, $until: 9 },
    })
  })

  it('applies search only to rows that say they are searchable (reports take none)', () => {
    const { searchable: _, ...reportColumns } = requests
    expect(filterConditions({ search: 'x' }, reportColumns, sqliteDialect).conditions).toEqual([])
    expect(filterConditions({ search: '' }, requests, sqliteDialect).conditions).toEqual([])
  })

  it('takes project and search through the sessions of rows without a project', () => {
    const { conditions } = filterConditions(
      { project: 'shop', search: 'ab', sessionId: 's-1' },
      telemetry,
      sqliteDialect,
    )
    expect(conditions).toEqual([
      `session_id IN (SELECT session_id FROM sessions WHERE (project = $project OR substr(project, -length($projectSuffix)) = $projectSuffix) AND (instr(lower(project), lower($search)) > 0 OR substr(session_id, 1, length($search)) = $search))`,
      'session_id = $sessionId',
    ])
  })

  it('refuses a time that is not whole epoch milliseconds', () => {
    expect(() => filterConditions({ since: Number.NaN }, requests, sqliteDialect)).toThrow(
      'Expected `since` to be whole epoch milliseconds, got NaN',
    )
    expect(() => filterConditions({ until: 1.5 }, requests, clickhouseDialect)).toThrow(
      'Expected `until` to be whole epoch milliseconds, got 1.5',
    )
  })
})

describe('filterConditions on ClickHouse', () => {
  it('writes typed {name:Type} placeholders with the same rules', () => {
    const columns = {
      ...requests,
      since: 'r_ts',
      until: 'r_ts',
      project: 'r_project',
      session: 'r_session_id',
    }
    const { conditions, params } = filterConditions(
      { since: 1000, until: 2000, project: 'shop', search: 'ab', user: 'u' },
      columns,
      clickhouseDialect,
    )
    expect(conditions).toEqual([
      'r_ts >= {since:Int64}',
      'r_ts < {until:Int64}',
      '(r_project = {project:String} OR endsWith(r_project, {projectSuffix:String}))',
      '(positionCaseInsensitive(r_project, {search:String}) > 0 OR startsWith(r_session_id, {search:String}))',
      '(user_email = {user:String} OR user_id = {user:String})',
    ])
    expect(params).toEqual({
      since: 1000,
      until: 2000,
      project: 'shop',
      projectSuffix: '/shop',
      search: 'ab',
      user: 'u',
    })
  })

  it('takes project through a session lookup, as on SQLite', () => {
    const { conditions } = filterConditions({ project: 'shop' }, telemetry, clickhouseDialect)
    expect(conditions).toEqual([
      'session_id IN (SELECT session_id FROM sessions WHERE (project = {project:String} OR endsWith(project, {projectSuffix:String})))',
    ])
  })
})

const hostile = [
  "x'; DROP TABLE api_requests; --",
  'x" OR 1=1 --',
  "\\'; SELECT 1; --",
  '$project',
  '{project:String}',
  '%_*',
  'proj\u0000ect',
  'ünïcödé/😀',
]

// A path cannot hold NUL (SQLite's length() stops there too), so no project to match has one.
const pathLike = hostile.filter((v) => !v.includes('\u0000'))

describe('hostile values stay bound parameters', () => {
  const everyField = (value: string) => ({
    project: value,
    sessionId: value,
    model: value,
    user: value,
    team: value,
    search: value,
  })

  it.each(hostile)('%p leaves the SQL text as it is for a plain value, on either dialect', (value) => {
    for (const dialect of [sqliteDialect, clickhouseDialect]) {
      const { conditions, params } = filterConditions(everyField(value), telemetry, dialect)
      expect(conditions).toEqual(filterConditions(everyField('plain'), telemetry, dialect).conditions)
      const plain = filterConditions(everyField('plain'), requests, dialect)
      const bound = filterConditions(everyField(value), requests, dialect)
      expect(bound.conditions).toEqual(plain.conditions)
      expect(Object.values(bound.params)).toContain(value)
      expect(Object.keys(bound.params)).toEqual(Object.keys(plain.params))
      expect(Object.keys(params).length).toBeGreaterThan(0)
    }
  })

  it.each(pathLike)('%p matches exactly its own project in a real SQLite table', (value) => {
    const db = new Database(':memory:')
    db.run(
      'CREATE TABLE api_requests (ts INTEGER, project TEXT, session_id TEXT, model TEXT, user_email TEXT, user_id TEXT, team TEXT)',
    )
    const insert = db.prepare('INSERT INTO api_requests VALUES (1, ?, ?, ?, NULL, NULL, NULL)')
    insert.run(`/home/me/${value}`, 'a', 'm')
    insert.run('/home/me/other', 'b', 'm')
    const { conditions, params } = filterConditions({ project: value }, requests, sqliteDialect)
    const rows = db
      .query<{ session_id: string }, typeof params>(
        `SELECT session_id FROM api_requests ${where(conditions)}`,
      )
      .all(params)
    expect(rows).toEqual([{ session_id: 'a' }])
    expect(db.query<{ n: number }, []>('SELECT count(*) AS n FROM api_requests').get()?.n).toBe(2)
    db.close()
  })
})

describe('purgeAsFilter', () => {
  it.each([
    [{}, {}],
    [{ before: 10 }, { until: 10 }],
    [{ project: 'p' }, { project: 'p' }],
    [
      { before: 10, project: 'p' },
      { until: 10, project: 'p' },
    ],
  ])('%p reads as %p', (purge, filter) => {
    expect(purgeAsFilter(purge)).toEqual(filter)
  })
})
