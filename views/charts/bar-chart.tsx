/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import { Axes, spreadLabels } from './axes.tsx'
import { defaultFrame, type Frame, niceMax, plotHeight, plotWidth, round } from './chart-scale.ts'

export interface Bar {
  key: string
  value: number
  /** Tooltip text (the browser shows an SVG `<title>` on hover). */
  title: string
}

export interface BarChartProps {
  label: string
  bars: Bar[]
  formatY: (n: number) => string
  /** The smallest step formatY shows exactly (see Axes). @default 0 */
  unit?: number
  frame?: Frame
}

/** A column chart drawn on the server: works without JavaScript and under a strict CSP. */
export function BarChart({ label, bars, formatY, unit, frame = defaultFrame }: BarChartProps) {
  if (bars.length === 0) return <p class="empty">No data in this range.</p>
  const max = niceMax(Math.max(...bars.map((b) => b.value)))
  const w = plotWidth(frame)
  const h = plotHeight(frame)
  const slot = w / bars.length
  const gap = slot > 6 ? slot * 0.2 : 0
  return (
    <svg class="chart bar-chart" viewBox={`0 0 ${frame.width} ${frame.height}`} role="img" aria-label={label}>
      <Axes
        frame={frame}
        max={max}
        formatY={formatY}
        unit={unit ?? 0}
        xLabels={spreadLabels(bars.map((b) => b.key))}
      />
      {bars.map((b, i) => {
        const height = round((Math.max(0, b.value) / max) * h)
        return (
          <rect
            class="bar"
            x={round(frame.left + i * slot + gap / 2)}
            y={round(frame.top + h - height)}
            width={round(Math.max(0.5, slot - gap))}
            height={height}
          >
            <title safe>{b.title}</title>
          </rect>
        )
      })}
    </svg>
  )
}
