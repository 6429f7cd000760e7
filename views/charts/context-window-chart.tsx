/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
// The context window per request, stacked by what fills it, with the model's window as a line and
// compactions as markers between bars. Colours come from `kind-<group>` classes in app.css.

import { Axes, spreadLabels } from './axes.tsx'
import { defaultFrame, type Frame, niceMax, plotHeight, plotWidth, round } from './chart-scale.ts'
import type { ContextChart } from './context-chart-model.ts'

export interface ContextWindowChartProps {
  chart: ContextChart
  /** `window`: the axis reaches the model's window; `data`: it reaches the largest request. */
  scale: 'window' | 'data'
  formatY: (n: number) => string
  /** The smallest step formatY shows exactly (see Axes). @default 0 */
  unit?: number
  /** Tooltip text for one bar. */
  describe: (bar: ContextChart['bars'][number]) => string
  /** Tooltip text for one compaction marker. */
  describeMarker: (marker: ContextChart['markers'][number]) => string
  frame?: Frame
}

const frameWithRoom: Frame = { ...defaultFrame, height: 280, top: 22 }

export function ContextWindowChart({
  chart,
  scale,
  formatY,
  unit,
  describe,
  describeMarker,
  frame = frameWithRoom,
}: ContextWindowChartProps) {
  if (chart.bars.length === 0)
    return <p class="empty">No API requests in this transcript yet: nothing to draw.</p>
  const max = niceMax(scale === 'window' ? Math.max(chart.windowTokens, chart.peakTokens) : chart.peakTokens)
  const w = plotWidth(frame)
  const h = plotHeight(frame)
  const slot = w / chart.bars.length
  const gap = slot > 6 ? slot * 0.2 : 0
  const y = (tokens: number) => round(frame.top + h - (Math.max(0, tokens) / max) * h)
  const windowShown = chart.windowTokens <= max
  return (
    <figure class="chart-figure">
      <svg
        class="chart context-chart"
        viewBox={`0 0 ${frame.width} ${frame.height}`}
        role="img"
        aria-label="Context window per request, by kind"
      >
        <Axes
          frame={frame}
          max={max}
          formatY={formatY}
          unit={unit ?? 1}
          xLabels={spreadLabels(chart.bars.map((b) => `#${b.request}`))}
        />
        {chart.bars.map((b, i) => {
          let base = frame.top + h
          return (
            <g class="stack">
              <title safe>{describe(b)}</title>
              {b.values.map((v, j) => {
                const height = (Math.max(0, v) / max) * h
                base -= height
                return (
                  <rect
                    class={`bar kind-${chart.series[j]?.group ?? 'system'}`}
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
        {windowShown ? (
          <g class="window-line">
            <title safe>{`Model context window: ${formatY(chart.windowTokens)} tokens`}</title>
            <line x1={frame.left} x2={frame.left + w} y1={y(chart.windowTokens)} y2={y(chart.windowTokens)} />
            <text x={frame.left + w} y={y(chart.windowTokens) - 5} text-anchor="end" safe>
              {`window ${formatY(chart.windowTokens)}`}
            </text>
          </g>
        ) : (
          ''
        )}
        {chart.markers.map((m) => {
          const x = round(frame.left + m.afterBars * slot)
          return (
            <g class="compaction-marker">
              <title safe>{describeMarker(m)}</title>
              <line x1={x} x2={x} y1={frame.top} y2={frame.top + h} />
              <text x={x + 3} y={frame.top + 10}>
                compacted
              </text>
            </g>
          )
        })}
      </svg>
      <figcaption class="legend">
        {chart.series.map((s) => (
          <span class={`legend-item kind-${s.group}`} safe>
            {s.name}
          </span>
        ))}
        {windowShown ? <span class="legend-item legend-line window">Model window</span> : ''}
        {chart.markers.length > 0 ? <span class="legend-item legend-line compaction">Compaction</span> : ''}
      </figcaption>
    </figure>
  )
}
