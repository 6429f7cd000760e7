// Turns a UsageFilter into a parameterized WHERE clause; values never enter the SQL text.

import type { UsageFilter } from '../usage-types.ts'

export type SqlParams = Record<string, string | number>

export function filterClause(filter: UsageFilter): { where: string; params: SqlParams } {
  const conditions: string[] = []
  const params: SqlParams = {}
  if (filter.since !== undefined) {
    conditions.push('ts >= $since')
    params.$since = filter.since
  }
  if (filter.until !== undefined) {
    conditions.push('ts < $until')
    params.$until = filter.until
  }
  if (filter.project !== undefined) {
    // Exact path, or a trailing part of it (`--project myapp` matches /home/me/src/myapp).
    conditions.push('(project = $project OR substr(project, -length($projectSuffix)) = $projectSuffix)')
    params.$project = filter.project
    params.$projectSuffix = `/${filter.project}`
  }
  if (filter.sessionId !== undefined) {
    conditions.push('session_id = $sessionId')
    params.$sessionId = filter.sessionId
  }
  conditions.push(...attributionConditions(filter, params))
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params }
}

/** Team-mode conditions (user, team); only api_requests has these columns. Adds their parameters. */
export function attributionConditions(
  filter: Pick<UsageFilter, 'user' | 'team'>,
  params: SqlParams,
): string[] {
  const conditions: string[] = []
  if (filter.user !== undefined) {
    conditions.push('(user_email = $user OR user_id = $user)')
    params.$user = filter.user
  }
  if (filter.team !== undefined) {
    conditions.push('team = $team')
    params.$team = filter.team
  }
  return conditions
}
