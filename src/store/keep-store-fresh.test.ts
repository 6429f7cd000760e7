import { expect, it } from 'bun:test'
import { keepStoreFresh } from './keep-store-fresh.ts'
import type { Store } from './store.ts'

/** A store whose upkeep takes `ms` and fails when told to; counts runs and overlaps. */
function fakeStore(ms: number, fail: () => boolean) {
  const state = { runs: 0, active: 0, maxActive: 0 }
  const store = {
    async maintain() {
      state.runs++
      state.active++
      state.maxActive = Math.max(state.maxActive, state.active)
      await Bun.sleep(ms)
      state.active--
      if (fail()) throw new Error('server went away')
    },
  } as Pick<Store, 'maintain'> as Store
  return { store, state }
}

it('runs upkeep at once and then on every tick, never two at once', async () => {
  const { store, state } = fakeStore(25, () => false)
  const errors: string[] = []
  const stop = keepStoreFresh(store, (m) => errors.push(m), 10)
  await Bun.sleep(120)
  stop()
  const runs = state.runs
  await Bun.sleep(60)
  expect(state.maxActive).toBe(1)
  expect(runs).toBeGreaterThanOrEqual(3)
  expect(state.runs).toBe(runs)
  expect(errors).toEqual([])
})

it('reports a failed run and keeps going; a run failing after stop is not reported', async () => {
  let failing = true
  const { store, state } = fakeStore(5, () => failing)
  const errors: string[] = []
  const stop = keepStoreFresh(store, (m) => errors.push(m), 20)
  await Bun.sleep(50)
  failing = false
  await Bun.sleep(50)
  expect(errors.length).toBeGreaterThanOrEqual(1)
  expect(new Set(errors)).toEqual(new Set(['server went away']))
  const reported = errors.length
  failing = true
  stop()
  await Bun.sleep(30)
  expect(errors.length).toBe(reported)
  expect(state.runs).toBeGreaterThanOrEqual(3)
})
