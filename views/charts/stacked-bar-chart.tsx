/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import { Axes, spreadLabels } from './axes.tsx'
import { defaultFrame, type Frame, niceMax, plotHeight, plotWidth, round } from './chart-scale.ts'

export interface Stack {
  key: string
  /** One value per series, bottom first. */
  values: number[]
  title: string
}

export interface StackedBarChartProps {
  label: string
  series: string[]
  stacks: Stack[]
  formatY: (n: number) => string
  /** The smallest step formatY shows exactly (see Axes). @default 0 */
  unit?: number
  frame?: Frame
}

export function StackedBarChart({
  label,
  series,
  stacks,
  formatY,
  unit,
  frame = defaultFrame,
}: StackedBarChartProps) {
  if (stacks.length === 0) return <p class="empty">No data in this range.</p>
  const max = niceMax(Math.max(...stacks.map((s) => s.values.reduce((a, v) => a + Math.max(0, v), 0))))
  const w = plotWidth(frame)
  const h = plotHeight(frame)
  const slot = w / stacks.length
  const gap = slot > 6 ? slot * 0.2 : 0
  return (
    <figure class="chart-figure">
      <svg
        class="chart stacked-bar-chart"
        viewBox={`0 0 ${frame.width} ${frame.height}`}
        role="img"
        aria-label={label}
      >
        <Axes
          frame={frame}
          max={max}
          formatY={formatY}
          unit={unit ?? 0}
          xLabels={spreadLabels(stacks.map((s) => s.key))}
        />
        {stacks.map((s, i) => {
          let base = frame.top + h
          return (
            <g class="stack">
              <title safe>{s.title}</title>
              {s.values.map((v, j) => {
                const height = (Math.max(0, v) / max) * h
                base -= height
                return (
                  <rect
                    class={`bar series-${j}`}
                    x={round(frame.left + i * slot + gap / 2)}
                    y={round(base)}
                    width={round(Math.max(0.5, slot - gap))}
                    height={round(height)}
                  />
                )
              })}
            </g>
          )
        })}
      </svg>
      <Legend series={series} />
    </figure>
  )
}

export function Legend({ series }: { series: string[] }) {
  return (
    <figcaption class="legend">
      {series.map((name, i) => (
        <span class={`legend-item series-${i}`} safe>
          {name}
        </span>
      ))}
    </figcaption>
  )
}
