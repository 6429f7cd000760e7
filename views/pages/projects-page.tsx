/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import type { SummaryRow } from '../../src/analytics/usage-report.ts'
import { LineChart } from '../charts/line-chart.tsx'
import type { FilteredContentProps, FilteredView } from '../components/filtered-page.tsx'
import { UsageTable } from '../components/usage-table.tsx'
import { filterQuery } from '../contract/filter-state.ts'
import { formatUsd, shortProject } from '../format.ts'

export interface TrendSeries {
  name: string
  points: { day: string; start: number; cost: number }[]
}

export interface ProjectsData {
  projects: SummaryRow[]
  models: SummaryRow[]
  projectTrends: TrendSeries[]
  modelTrends: TrendSeries[]
}

function Trend({ label, series, shorten }: { label: string; series: TrendSeries[]; shorten: boolean }) {
  const byStart = new Map(series[0]?.points.map((p) => [p.start, p.day]) ?? [])
  return (
    <LineChart
      label={label}
      series={series.map((s) => ({
        name: shorten ? shortProject(s.name) : s.name,
        points: s.points.map((p) => ({ x: p.start, y: p.cost })),
      }))}
      formatY={formatUsd}
      unit={0.01}
      formatX={(x) => byStart.get(x) ?? ''}
    />
  )
}

export const projectsView: FilteredView<ProjectsData> = {
  path: '/projects',
  title: 'Projects & models',
  Content: ProjectsContent,
}

function ProjectsContent({ data, state }: FilteredContentProps<ProjectsData>) {
  return (
    <div class="stack">
      <section class="card">
        <h2>Daily cost of the top projects</h2>
        <Trend label="Daily cost per project" series={data.projectTrends} shorten />
      </section>
      <section class="card">
        <UsageTable
          caption="Projects"
          keyLabel="Project"
          rows={data.projects}
          showCacheRate
          id="projects-table"
          href={(r) => `/sessions${filterQuery({ ...state, project: r.key })}`}
        />
      </section>
      <section class="card">
        <h2>Daily cost per model</h2>
        <Trend label="Daily cost per model" series={data.modelTrends} shorten={false} />
      </section>
      <section class="card">
        <UsageTable caption="Models" keyLabel="Model" rows={data.models} showCacheRate id="models-table" />
      </section>
    </div>
  )
}
