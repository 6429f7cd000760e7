import { addDays, parseDate, startOfDay } from '../analytics/calendar.ts'
import type { UsageFilter } from '../store/usage-types.ts'
import { UsageError } from './cli-error.ts'

/** `--since` / `--until` (YYYYMMDD or YYYY-MM-DD, both inclusive days in `timezone`) to a filter. */
export function dateRange(
  since: string | undefined,
  until: string | undefined,
  timezone: string,
): UsageFilter {
  const filter: UsageFilter = {}
  if (since) {
    const d = parseDate(since)
    if (!d) throw new UsageError(`Expected \`--since\` to be YYYYMMDD or YYYY-MM-DD, got \`${since}\``)
    filter.since = startOfDay(d.year, d.month, d.day, timezone)
  }
  if (until) {
    const d = parseDate(until)
    if (!d) throw new UsageError(`Expected \`--until\` to be YYYYMMDD or YYYY-MM-DD, got \`${until}\``)
    const next = addDays(d, 1)
    filter.until = startOfDay(next.year, next.month, next.day, timezone)
  }
  if (filter.since !== undefined && filter.until !== undefined && filter.since >= filter.until) {
    throw new UsageError(`\`--since\` ${since} is after \`--until\` ${until}`)
  }
  return filter
}
