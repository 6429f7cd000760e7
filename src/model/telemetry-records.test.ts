import { describe, expect, test } from 'bun:test'
import { metricIncrement, type SeriesState } from './telemetry-records.ts'

const point = (
  temporality: 'delta' | 'cumulative' | null,
  startTimestamp: number,
  timestamp: number,
  value: number,
) => ({
  kind: temporality === null ? ('gauge' as const) : ('sum' as const),
  temporality,
  startTimestamp,
  timestamp,
  value,
  monotonic: true,
})

describe('metricIncrement', () => {
  const prev: SeriesState = { startTimestamp: 100, timestamp: 200, value: 10 }

  test.each([
    ['a delta point adds its value', point('delta', 100, 300, 4), prev, 4],
    ['the first cumulative point adds all of it', point('cumulative', 100, 300, 12), undefined, 12],
    ['a cumulative point adds its growth', point('cumulative', 100, 300, 12), prev, 2],
    ['a replayed cumulative point adds nothing', point('cumulative', 100, 200, 10), prev, 0],
    ['a restarted series (new start) adds all of it', point('cumulative', 250, 300, 3), prev, 3],
    ['a reset (value drops) adds all of it', point('cumulative', 100, 300, 4), prev, 4],
    ['a gauge adds nothing', point(null, 100, 300, 4), prev, null],
  ])('%s', (_name, p, previous, increment) => {
    expect(metricIncrement(p, previous).increment).toBe(increment)
  })

  test('a cumulative series summed through its increments equals its last value', () => {
    let state: SeriesState | undefined
    let total = 0
    for (const [t, v] of [
      [1, 5],
      [2, 5],
      [3, 9],
      [3, 9],
      [4, 20],
    ] as const) {
      const step = metricIncrement(point('cumulative', 0, t, v), state)
      total += step.increment ?? 0
      state = step.next
    }
    expect(total).toBe(20)
  })
})
