import { describe, expect, it } from 'bun:test'
import { useWorker } from './read-planned-files.ts'

const MB = 1024 * 1024

describe('useWorker', () => {
  it('adds a parse worker to a large import only when a core is idle for it', () => {
    expect(useWorker('auto', 200 * MB, () => ({ cores: 2, busy: 0 }))).toBe(true)
    expect(useWorker('auto', 200 * MB, () => ({ cores: 2, busy: 1 }))).toBe(false)
    expect(useWorker('auto', 200 * MB, () => ({ cores: 8, busy: 6 }))).toBe(true)
    expect(useWorker('auto', 200 * MB, () => ({ cores: 8, busy: 7 }))).toBe(false)
    expect(useWorker('auto', 200 * MB, () => ({ cores: 1, busy: 0 }))).toBe(false)
  })

  it('never for a small import, whatever the machine, and without sampling it', () => {
    let sampled = false
    const machine = () => {
      sampled = true
      return { cores: 8, busy: 0 }
    }
    expect(useWorker('auto', 31 * MB, machine)).toBe(false)
    expect(sampled).toBe(false)
  })

  it('does as told when the thread count is given', () => {
    expect(useWorker(2, 1, () => ({ cores: 1, busy: 50 }))).toBe(true)
    expect(useWorker(1, 1024 * MB, () => ({ cores: 8, busy: 0 }))).toBe(false)
  })
})
