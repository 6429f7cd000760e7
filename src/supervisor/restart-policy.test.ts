import { expect, it } from 'bun:test'
import { backoffDelay, heartbeatStale } from './restart-policy.ts'

it.each([
  [1, 250],
  [2, 500],
  [3, 1000],
  [6, 8000],
  [7, 10_000],
  [30, 10_000],
])('restart %i waits %i ms', (attempt, delay) => {
  expect(backoffDelay(attempt, { backoffBaseMs: 250, backoffMaxMs: 10_000 })).toBe(delay)
})

it.each([
  [1000, 5000, false],
  [1000, 6001, true],
])('a heartbeat at %i seen at %i is stale: %p', (beat, now, stale) => {
  expect(heartbeatStale(beat, now, { heartbeatMs: 1000 })).toBe(stale)
})
