// The calendar days a chart spans: from the filter's start (or the oldest data) to the filter's end
// (or now), in the person's time zone.

import type { Day } from '../../analytics/daily-usage.ts'
import type { DashboardFilter } from '../../store/usage-reads.ts'
import { daysBetween } from '../filters/dashboard-filters.ts'
import type { PageContext } from './page-context.ts'

export async function chartDays(
  ctx: PageContext,
  filter: Pick<DashboardFilter, 'since' | 'until'>,
): Promise<Day[]> {
  const now = ctx.now()
  const start = filter.since ?? (await ctx.reads.firstTimestamp()) ?? now
  const end = filter.until === undefined ? now : Math.min(now, filter.until - 1)
  return daysBetween(start, Math.max(start, end), ctx.timezone)
}
