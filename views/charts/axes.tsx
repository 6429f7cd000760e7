/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import { type Frame, plotHeight, plotWidth, round } from './chart-scale.ts'

export interface AxesProps {
  frame: Frame
  max: number
  formatY: (n: number) => string
  /** Up to three labels spread along the x axis (first, middle, last). */
  xLabels: string[]
}

/** Horizontal grid lines at 0, ½ and the maximum, with their values, and a few x labels. */
export function Axes({ frame, max, formatY, xLabels }: AxesProps) {
  const ticks = [0, 0.5, 1]
  const w = plotWidth(frame)
  const h = plotHeight(frame)
  const step = xLabels.length > 1 ? w / (xLabels.length - 1) : 0
  const anchors = ['start', 'middle', 'end']
  return (
    <g class="axes">
      {ticks.map((t) => {
        const y = round(frame.top + h - t * h)
        return (
          <g>
            <line class="grid" x1={frame.left} x2={frame.left + w} y1={y} y2={y} />
            <text class="tick" x={frame.left - 6} y={y + 4} text-anchor="end" safe>
              {formatY(max * t)}
            </text>
          </g>
        )
      })}
      {xLabels.map((label, i) => (
        <text
          class="tick"
          x={round(frame.left + (xLabels.length > 1 ? i * step : w / 2))}
          y={frame.height - 8}
          text-anchor={xLabels.length > 1 ? (anchors[i] ?? 'middle') : 'middle'}
          safe
        >
          {label}
        </text>
      ))}
    </g>
  )
}

export function spreadLabels(keys: readonly string[]): string[] {
  if (keys.length === 0) return []
  if (keys.length <= 2) return [...keys]
  return [keys[0] ?? '', keys[Math.floor((keys.length - 1) / 2)] ?? '', keys[keys.length - 1] ?? '']
}
