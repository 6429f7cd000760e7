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

it('reports a failed run and keeps going', async () => {
  let failing = true
  const { store, state } = fakeStore(5, () => failing)
  const errors: string[] = []
  const stop = keepStoreFresh(store, (m) => errors.push(m), 20)
  await Bun.sleep(50)
  failing = false
  await Bun.sleep(50)
  stop()
  expect(errors.length).toBeGreaterThanOrEqual(1)
  expect(new Set(errors)).toEqual(new Set(['server went away']))
  expect(state.runs).toBeGreaterThan(errors.length)
})

it('does not wait for a run under way when stopped, and does not report its failure', async () => {
  let fail: (error: Error) => void = () => {}
  let runs = 0
  const store = {
    maintain: () => {
      runs++
      return new Promise<void>((_, reject) => {
        fail = reject
      })
    },
  } as Pick<Store, 'maintain'> as Store
  const errors: string[] = []
  const stop = keepStoreFresh(store, (m) => errors.push(m), 10)
  await Bun.sleep(40)
  stop()
  fail(new Error('store closed under it'))
  await Bun.sleep(20)
  expect([runs, errors]).toEqual([1, []])
})
