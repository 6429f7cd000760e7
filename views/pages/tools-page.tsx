/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import type { ToolStats } from '../../src/model/usage-rows.ts'
import { DailyCountChart, type DaySeries } from '../charts/line-chart.tsx'
import type { FilteredContentProps, FilteredView } from '../components/filtered-page.tsx'
import { NoTelemetry } from '../components/no-telemetry.tsx'
import { formatBytes, formatDurationMs, formatInteger, formatPercent } from '../format.ts'

export interface ToolsData {
  tools: ToolStats[]
  trends: DaySeries[]
}

export const toolsView: FilteredView<ToolsData | null> = {
  path: '/tools',
  title: 'Tools',
  Content: ToolsContent,
}

function ToolsContent({ data }: FilteredContentProps<ToolsData | null>) {
  if (!data) return <NoTelemetry />
  if (data.tools.length === 0) return <p class="empty">No tool calls in this range.</p>
  return (
    <div class="stack">
      <section class="card">
        <h2>Calls per day</h2>
        <DailyCountChart label="Tool calls per day" series={data.trends} />
      </section>
      <section class="card">
        <table class="data" id="tools-table">
          <caption>Tools</caption>
          <thead>
            <tr>
              <th scope="col">Tool</th>
              <th scope="col" class="num">
                Calls
              </th>
              <th scope="col" class="num">
                Success rate
              </th>
              <th scope="col" class="num">
                Avg duration
              </th>
              <th scope="col" class="num">
                Avg result
              </th>
              <th scope="col" class="num">
                Total results
              </th>
            </tr>
          </thead>
          <tbody>
            {data.tools.map((t) => (
              <tr>
                <td class="key" safe>
                  {t.toolName}
                </td>
                <td class="num" safe>
                  {formatInteger(t.calls)}
                </td>
                <td class="num" safe>
                  {formatPercent(
                    t.successes + t.failures > 0 ? t.successes / (t.successes + t.failures) : null,
                  )}
                </td>
                <td class="num" safe>
                  {formatDurationMs(t.avgDurationMs)}
                </td>
                <td class="num" safe>
                  {formatBytes(t.avgResultBytes === null ? null : Math.round(t.avgResultBytes))}
                </td>
                <td class="num" safe>
                  {formatBytes(t.totalResultBytes)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  )
}
