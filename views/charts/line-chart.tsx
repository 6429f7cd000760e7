/** @jsxRuntime automatic @jsxImportSource @kitajs/html */

import { formatInteger } from '../format.ts'
import { Axes } from './axes.tsx'
import { defaultFrame, type Frame, niceMax, plotHeight, plotWidth, round } from './chart-scale.ts'
import { Legend } from './stacked-bar-chart.tsx'

export interface LineSeries {
  name: string
  points: { x: number; y: number }[]
}

/** A series over calendar days, as the Tools and Telemetry pages draw it. */
export interface DaySeries {
  name: string
  points: { day: string; start: number; value: number }[]
}

/** Counts per calendar day, one line a series, the x axis labelled with the days (Tools, Telemetry). */
export function DailyCountChart({ label, series }: { label: string; series: DaySeries[] }) {
  const dayOf = new Map(series[0]?.points.map((p) => [p.start, p.day]) ?? [])
  return (
    <LineChart
      label={label}
      series={series.map((s) => ({
        name: s.name,
        points: s.points.map((p) => ({ x: p.start, y: p.value })),
      }))}
      formatY={formatInteger}
      unit={1}
      formatX={(x) => dayOf.get(x) ?? ''}
    />
  )
}

export interface LineChartProps {
  label: string
  series: LineSeries[]
  formatY: (n: number) => string
  /** The smallest step formatY shows exactly (see Axes). @default 0 */
  unit?: number
  formatX: (n: number) => string
  frame?: Frame
  /** Draw a dot per point (for short series). */
  dots?: boolean
}

export function LineChart({
  label,
  series,
  formatY,
  unit,
  formatX,
  frame = defaultFrame,
  dots,
}: LineChartProps) {
  const all = series.flatMap((s) => s.points)
  if (all.length === 0) return <p class="empty">No data in this range.</p>
  const xs = all.map((p) => p.x)
  const minX = Math.min(...xs)
  const maxX = Math.max(...xs)
  const max = niceMax(Math.max(...all.map((p) => p.y)))
  const w = plotWidth(frame)
  const h = plotHeight(frame)
  const sx = (x: number) => round(frame.left + (maxX === minX ? w / 2 : ((x - minX) / (maxX - minX)) * w))
  const sy = (y: number) => round(frame.top + h - (Math.max(0, y) / max) * h)
  const xLabels =
    minX === maxX
      ? [{ text: formatX(minX), at: 0.5 }]
      : [0, 0.5, 1].map((at) => ({ text: formatX(minX + at * (maxX - minX)), at }))
  return (
    <figure class="chart-figure">
      <svg
        class="chart line-chart"
        viewBox={`0 0 ${frame.width} ${frame.height}`}
        role="img"
        aria-label={label}
      >
        <Axes frame={frame} max={max} formatY={formatY} unit={unit ?? 0} xLabels={xLabels} />
        {series.map((s, i) => (
          <g class={`series series-${i}`}>
            <title safe>{s.name}</title>
            <polyline class="line" points={s.points.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' ')} />
            {dots || s.points.length === 1
              ? s.points.map((p) => <circle class="dot" cx={sx(p.x)} cy={sy(p.y)} r={2.5} />)
              : ''}
          </g>
        ))}
      </svg>
      {series.length > 1 ? <Legend series={series.map((s) => s.name)} /> : ''}
    </figure>
  )
}
