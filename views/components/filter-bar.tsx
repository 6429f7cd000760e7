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
      <label>
        Project
        <select name="project">
          <option value="">All projects</option>
          {projects.map((p) => (
            <option value={p} selected={state.project === p} safe>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        Model
        <select name="model">
          <option value="">All models</option>
          {models.map((m) => (
            <option value={m} selected={state.model === m} safe>
              {m}
            </option>
          ))}
        </select>
      </label>
      {state.user === undefined ? '' : <AttributionChip name="user" label="User" value={state.user} />}
      {state.team === undefined ? '' : <AttributionChip name="team" label="Team" value={state.team} />}
      {children ?? ''}
      <button type="submit">Apply</button>
    </form>
  )
}

/** A team-mode filter set from the Team page: kept on Apply, dropped by unticking it. */
function AttributionChip({ name, label, value }: { name: string; label: string; value: string }) {
  return (
    <label class="chip">
      <input type="checkbox" name={name} value={value} checked />
      {label}: <span safe>{value}</span>
    </label>
  )
}
