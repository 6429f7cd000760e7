// The filters every page shares (date range, project, model; user and team in team mode) live in the URL so a view can be
// bookmarked. Pure: query parameters in, a validated state (its shape in views/contract) and a store filter out.

import { DEFAULT_RANGE, type FilterState, rangeKeys } from '../../../views/contract/filter-state.ts'
import { addDays, dayKey, parseDate, startOfDay } from '../../analytics/calendar.ts'
import type { DashboardFilter } from '../../store/usage-reads.ts'
import { DashboardInputError } from '../dashboard-input-error.ts'

/** Query parameters as Elysia parses them (a repeated name becomes an array). */
export type Query = Record<string, string | string[] | undefined>

const MAX_TEXT = 500

export function text(query: Query, name: string): string | undefined {
  const raw = query[name]
  if (Array.isArray(raw))
    throw new DashboardInputError('invalid-input', `Expected one \`${name}\`, got ${raw.length}`)
  const v = raw?.trim()
  if (v === undefined || v === '') return undefined
  if (v.length > MAX_TEXT)
    throw new DashboardInputError('invalid-input', `Expected \`${name}\` to be shorter`)
  return v
}

export function parseFilters(query: Query): FilterState {
  const rangeText = text(query, 'range') ?? DEFAULT_RANGE
  const range = rangeKeys.find((r) => r === rangeText)
  if (!range) {
    throw new DashboardInputError(
      'invalid-input',
      `Expected \`range\` to be one of ${rangeKeys.join(', ')}, got \`${rangeText}\``,
    )
  }
  const state: FilterState = { range }
  if (range === 'custom') {
    const from = text(query, 'from')
    const to = text(query, 'to')
    for (const [name, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (value !== undefined && !parseDate(value))
        throw new DashboardInputError(
          'invalid-input',
          `Expected \`${name}\` to be a date (YYYY-MM-DD), got \`${value}\``,
        )
    }
    if (from !== undefined) state.from = from
    if (to !== undefined) state.to = to
  }
  const project = text(query, 'project')
  const model = text(query, 'model')
  if (project !== undefined) state.project = project
  if (model !== undefined) state.model = model
  const user = text(query, 'user')
  const team = text(query, 'team')
  if (user !== undefined) state.user = user
  if (team !== undefined) state.team = team
  return state
}

function dayStart(key: string, timezone: string, offsetDays = 0): number {
  const parts = parseDate(key)
  if (!parts) throw new DashboardInputError('invalid-input', `Expected a date, got \`${key}\``)
  const d = addDays(parts, offsetDays)
  return startOfDay(d.year, d.month, d.day, timezone)
}

/** Start of the calendar day `offsetDays` from today in the zone. */
export function startOfToday(now: number, timezone: string, offsetDays = 0): number {
  return dayStart(dayKey(now, timezone), timezone, offsetDays)
}

const rangeDays = { today: 0, '7d': 6, '30d': 29, '90d': 89 } as const

export function toDashboardFilter(state: FilterState, timezone: string, now: number): DashboardFilter {
  const filter: DashboardFilter = {}
  switch (state.range) {
    case 'today':
    case '7d':
    case '30d':
    case '90d':
      filter.since = startOfToday(now, timezone, -rangeDays[state.range])
      break
    case 'all':
      break
    case 'custom':
      if (state.from !== undefined) filter.since = dayStart(state.from, timezone)
      if (state.to !== undefined) filter.until = dayStart(state.to, timezone, 1)
      break
    default:
      return state.range satisfies never
  }
  if (state.project !== undefined) filter.project = state.project
  if (state.model !== undefined) filter.model = state.model
  if (state.user !== undefined) filter.user = state.user
  if (state.team !== undefined) filter.team = state.team
  return filter
}

/** Calendar days from `since` (or the first data) to `now`, as keys and start instants, for charts. */
export function daysBetween(
  since: number,
  until: number,
  timezone: string,
): { key: string; start: number }[] {
  const days: { key: string; start: number }[] = []
  let key = dayKey(since, timezone)
  const last = dayKey(until, timezone)
  // Bounded: a year of days at most per chart, newest kept.
  for (let i = 0; i < 3660 && key <= last; i++) {
    days.push({ key, start: dayStart(key, timezone) })
    const next = parseDate(key)
    if (!next) break
    const d = addDays(next, 1)
    key = `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`
  }
  return days.slice(-366)
}
