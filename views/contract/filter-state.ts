// The filters every dashboard page shares, as the URL carries them: routes parse a query into this
// state (src/web/filters) and views write it back into links. Pure, and the one shape both sides use.

export const rangeKeys = ['today', '7d', '30d', '90d', 'all', 'custom'] as const
export type RangeKey = (typeof rangeKeys)[number]

export const rangeLabels = {
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  all: 'All time',
  custom: 'Custom',
} as const satisfies Record<RangeKey, string>

export const DEFAULT_RANGE: RangeKey = '30d'

/** @default range `30d` */
export interface FilterState {
  range: RangeKey
  /** `YYYY-MM-DD`, inclusive; only with `custom`. */
  from?: string
  to?: string
  project?: string
  model?: string
  /** Team mode: a user's email or id, and a team, as telemetry names them. */
  user?: string
  team?: string
}

/** `?range=…&project=…` for links that keep the filters; extra parameters are appended. */
export function filterQuery(
  state: FilterState,
  extra: Record<string, string | number | undefined> = {},
): string {
  const params = new URLSearchParams()
  if (state.range !== DEFAULT_RANGE) params.set('range', state.range)
  if (state.from !== undefined) params.set('from', state.from)
  if (state.to !== undefined) params.set('to', state.to)
  if (state.project !== undefined) params.set('project', state.project)
  if (state.model !== undefined) params.set('model', state.model)
  if (state.user !== undefined) params.set('user', state.user)
  if (state.team !== undefined) params.set('team', state.team)
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') params.set(k, String(v))
  const s = params.toString()
  return s ? `?${s}` : ''
}
