/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import type { SummaryRow } from '../../src/analytics/usage-report.ts'
import { FilterBar } from '../components/filter-bar.tsx'
import { UsageTable } from '../components/usage-table.tsx'
import { type FilterState, filterQuery } from '../contract/filter-state.ts'
import { Layout, LiveRegion } from '../layout.tsx'

export interface TeamData {
  users: SummaryRow[]
  teams: SummaryRow[]
  /** Whether any request in range names a user or team (else the page explains team mode). */
  attributed: boolean
}

export interface TeamPageProps {
  data: TeamData
  state: FilterState
  projects: string[]
  models: string[]
  liveVersion: number
  liveUrl: string
  navQuery: string
}

export function TeamPage(props: TeamPageProps) {
  return (
    <Layout title="Team" active="team" liveVersion={props.liveVersion} navQuery={props.navQuery}>
      <h1>Team</h1>
      <FilterBar action="/team" state={props.state} projects={props.projects} models={props.models} />
      <LiveRegion url={props.liveUrl}>
        <TeamContent data={props.data} state={props.state} />
      </LiveRegion>
    </Layout>
  )
}

const UNATTRIBUTED = '(unattributed)'

/** Rows keyed '' (requests no telemetry attributed) read as "(unattributed)" and link nowhere. */
function named(rows: SummaryRow[]): SummaryRow[] {
  return rows.map((r) => (r.key === '' ? { ...r, key: UNATTRIBUTED } : r))
}

export function TeamContent({ data, state }: { data: TeamData; state: FilterState }) {
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
