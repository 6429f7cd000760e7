import { describe, expect, test } from 'bun:test'
import { formatInteger } from '../format.ts'
import { Axes, spreadLabels } from './axes.tsx'
import { defaultFrame } from './chart-scale.ts'

const ticks = async (max: number, unit: number) =>
  [
    ...String(await Axes({ frame: defaultFrame, max, formatY: formatInteger, unit, xLabels: [] })).matchAll(
      />([^<]+)<\/text>/g,
    ),
  ].map((m) => m[1])

describe('y axis', () => {
  test('a count of at most 1 has no half tick that would read "1, 1, 0"', async () => {
    expect(await ticks(1, 1)).toEqual(['0', '1'])
  })
  test('a half that is a whole count keeps its tick', async () => {
    expect(await ticks(2, 1)).toEqual(['0', '1', '2'])
  })
})

describe('x labels sit under the bar they name', () => {
  test('four bars: #1, #2 and #4 at the centres of slots 1, 2 and 4', () => {
    expect(spreadLabels(['#1', '#2', '#3', '#4'])).toEqual([
      { text: '#1', at: 0.125 },
      { text: '#2', at: 0.375 },
      { text: '#4', at: 0.875 },
    ])
  })
  test('points are placed at their own positions', () => {
    expect(spreadLabels(['a', 'b', 'c', 'd', 'e'], 'points').map((l) => l.at)).toEqual([0, 0.5, 1])
  })
})
