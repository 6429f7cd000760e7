// Geometry shared by the SVG charts: a "nice" axis maximum and coordinate rounding. Pure.

/** The smallest 1, 2 or 5 × 10^k at or above `value` (1 for empty data, so scales never divide by 0). */
export function niceMax(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1
  const power = 10 ** Math.floor(Math.log10(value))
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power
  return 10 * power
}

/** One decimal is plenty for a 1000-wide viewBox and keeps the markup small. */
export function round(n: number): number {
  return Math.round(n * 10) / 10
}

export interface Frame {
  width: number
  height: number
  left: number
  right: number
  top: number
  bottom: number
}

export const defaultFrame: Frame = { width: 1000, height: 240, left: 64, right: 12, top: 12, bottom: 28 }

export function plotWidth(f: Frame): number {
  return f.width - f.left - f.right
}

export function plotHeight(f: Frame): number {
  return f.height - f.top - f.bottom
}
