import { expect, it } from 'bun:test'
import { runWhenChanged } from './explorer-cost-view.ts'

/** A version the test moves, and a count of the runs of the work. */
function fixture(work: () => Promise<void> = async () => {}) {
  const state = { version: 'v1', runs: 0 }
  const run = runWhenChanged(
    async () => state.version,
    async () => {
      state.runs++
      await work()
    },
  )
  return { state, run }
}

it('runs the work once per version: a second query on unchanged data reads no models', async () => {
  const { state, run } = fixture()
  await run()
  await run()
  expect(state.runs).toBe(1)
  state.version = 'v2'
  await run()
  await run()
  expect(state.runs).toBe(2)
})

it('runs again after a failed run, even when the version did not move', async () => {
  let fail = true
  const { state, run } = fixture(async () => {
    if (fail) throw new Error('server gone')
  })
  await expect(run()).rejects.toThrow('server gone')
  fail = false
  await run()
  await run()
  expect(state.runs).toBe(2)
})

it('keeps the version read before the work: a change during the work is caught next time', async () => {
  const { state, run } = fixture(async () => {
    state.version = 'v2'
  })
  await run()
  await run()
  await run()
  expect(state.runs).toBe(2)
})
