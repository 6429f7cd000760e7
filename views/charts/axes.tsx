/** @jsxRuntime automatic @jsxImportSource @kitajs/html */
import { type Frame, plotHeight, plotWidth, round } from './chart-scale.ts'

export interface XLabel {
  text: string
  /** Where along the plot, 0 (left edge) to 1 (right edge). */
  at: number
}

export interface AxesProps {
  frame: Frame
  max: number
  formatY: (n: number) => string
  /** The smallest step formatY shows exactly (1 for counts, 0.01 for dollars); 0 for any. @default 0 */
  unit?: number
  /** Up to three labels, each under the bar or point it names. */
  xLabels: XLabel[]
}

/** Whether `value` is a whole number of `unit`s, so its label is the value and not a rounding of it. */
function exact(value: number, unit: number): boolean {
  return unit <= 0 || Math.abs(Math.round(value / unit) * unit - value) < unit * 1e-6
}

/**
 * Horizontal grid lines at 0, ½ and the maximum, with their values, and a few x labels. The middle
 * line is left out when its value cannot be shown exactly (½ of a count of 1 would read "1").
 */
export function Axes({ frame, max, formatY, unit = 0, xLabels }: AxesProps) {
  const ticks = exact(max / 2, unit) ? [0, 0.5, 1] : [0, 1]
  const w = plotWidth(frame)
  const h = plotHeight(frame)
  const anchor = (at: number) => (at < 0.05 ? 'start' : at > 0.95 ? 'end' : 'middle')
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
      {xLabels.map((label) => (
        <text
          class="tick"
          x={round(frame.left + label.at * w)}
          y={frame.height - 8}
          text-anchor={anchor(label.at)}
          safe
        >
          {label.text}
        </text>
      ))}
    </g>
  )
}

/**
 * The first, middle and last of `keys` as x labels, each under its own bar (the centre of its slot)
 * or, for points, at its own position.
 */
export function spreadLabels(keys: readonly string[], layout: 'bars' | 'points' = 'bars'): XLabel[] {
  const n = keys.length
  const picked = n <= 2 ? keys.map((_, i) => i) : [0, Math.floor((n - 1) / 2), n - 1]
  const at = (i: number) => (layout === 'bars' ? (i + 0.5) / n : n === 1 ? 0.5 : i / (n - 1))
  return picked.map((i) => ({ text: keys[i] ?? '', at: at(i) }))
}
