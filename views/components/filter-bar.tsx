/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import type { PropsWithChildren } from '@kitajs/html'
import { type FilterState, type RangeKey, rangeKeys, rangeLabels } from '../contract/filter-state.ts'

export interface FilterBarProps {
  action: string
  state: FilterState
  projects: string[]
  models: string[]
}

/** A plain GET form: filters end up in the URL and work without JavaScript. */
/** Children: extra fields a page keeps (search, sort). */
export function FilterBar({ action, state, projects, models, children }: PropsWithChildren<FilterBarProps>) {
  return (
    <form class="filters" method="get" action={action}>
      <label>
        Range
        <select name="range">
          {rangeKeys.map((r: RangeKey) => (
            <option value={r} selected={state.range === r}>
              {rangeLabels[r]}
            </option>
          ))}
        </select>
      </label>
      <label>
        From
        <input type="date" name="from" value={state.from ?? ''} />
      </label>
      <label>
        To
        <input type="date" name="to" value={state.to ?? ''} />
      </label>
      <OneOf name="project" values={projects} selected={state.project} />
      <OneOf name="model" values={models} selected={state.model} />
      {state.user === undefined ? '' : <AttributionChip name="user" label="User" value={state.user} />}
      {state.team === undefined ? '' : <AttributionChip name="team" label="Team" value={state.team} />}
      {children ?? ''}
      <button type="submit">Apply</button>
    </form>
  )
}

const oneOfLabels = {
  project: ['Project', 'All projects'],
  model: ['Model', 'All models'],
} as const

/** A filter that takes one of the values in the data, or none ("all"). */
function OneOf({
  name,
  values,
  selected,
}: {
  name: keyof typeof oneOfLabels
  values: string[]
  selected: string | undefined
}) {
  const [label, all] = oneOfLabels[name]
  return (
    <label>
      {label}
      <select name={name}>
        <option value="">{all}</option>
        {values.map((v) => (
          <option value={v} selected={selected === v} safe>
            {v}
          </option>
        ))}
      </select>
    </label>
  )
}

/** A team-mode filter set from the Team page: kept on Apply, dropped by unticking it. */
function AttributionChip({
  name,
  label,
  value,
}: {
  name: 'user' | 'team'
  label: 'User' | 'Team'
  value: string
}) {
  return (
    <label class="chip">
      <input type="checkbox" name={name} value={value} checked />
      {label}: <span safe>{value}</span>
    </label>
  )
}
