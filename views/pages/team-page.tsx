/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import type { SummaryRow } from '../../src/analytics/usage-report.ts'
import type { FilteredContentProps, FilteredView } from '../components/filtered-page.tsx'
import { UsageTable } from '../components/usage-table.tsx'
import { filterQuery } from '../contract/filter-state.ts'

export interface TeamData {
  users: SummaryRow[]
  teams: SummaryRow[]
  /** Whether any request in range names a user or team (else the page explains team mode). */
  attributed: boolean
}

const UNATTRIBUTED = '(unattributed)'

/** Rows keyed '' (requests no telemetry attributed) read as "(unattributed)" and link nowhere. */
function named(rows: SummaryRow[]): SummaryRow[] {
  return rows.map((r) => (r.key === '' ? { ...r, key: UNATTRIBUTED } : r))
}

export const teamView: FilteredView<TeamData> = { path: '/team', title: 'Team', Content: TeamContent }

function TeamContent({ data, state }: FilteredContentProps<TeamData>) {
  const overview = (name: 'user' | 'team') => (row: SummaryRow) =>
    row.key === UNATTRIBUTED ? '/team' : `/${filterQuery({ ...state, [name]: row.key })}`
  return (
    <div class="stack">
      {data.attributed ? (
        ''
      ) : (
        <p class="notice">
          No request in this range names a user or team. Team mode attributes usage from Claude Code's
          telemetry: point each developer's Claude Code at this collector (
          <code>context-cleaner setup claude --endpoint URL --token T</code>) and set{' '}
          <code>OTEL_RESOURCE_ATTRIBUTES=team=NAME</code> in their environment.
        </p>
      )}
      <div class="columns">
        <section class="card">
          <UsageTable
            caption="By team"
            keyLabel="Team"
            rows={named(data.teams)}
            href={overview('team')}
            id="teams"
          />
        </section>
        <section class="card">
          <UsageTable
            caption="By user"
            keyLabel="User"
            rows={named(data.users)}
            href={overview('user')}
            id="users"
          />
        </section>
      </div>
    </div>
  )
}
