// The WHERE clause of a privacy purge for tables keyed by time (`ts`) and session: the same rule for
// telemetry and plan-limit readings, so a purge by project or date removes the same sessions' rows.

import type { PurgeFilter } from '../store.ts'

export function purgeWhere(filter: PurgeFilter): { where: string; params: Record<string, string | number> } {
  const conditions: string[] = []
  const params: Record<string, string | number> = {}
  if (filter.before !== undefined) {
    conditions.push('ts < $before')
    params.$before = filter.before
  }
  if (filter.project !== undefined) {
    conditions.push(`session_id IN (SELECT session_id FROM api_requests
      WHERE project = $project OR substr(project, -length($suffix)) = $suffix)`)
    params.$project = filter.project
    params.$suffix = `/${filter.project}`
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params }
}
