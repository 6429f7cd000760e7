import { describe, expect, it } from 'bun:test'
import { busyCores, othersRunnable, runnableTasks } from './busy-cores.ts'

describe('runnableTasks', () => {
  it('reads the runnable count of a /proc/loadavg line', () => {
    expect(runnableTasks('0.08 0.02 0.01 1/90 25485\n')).toBe(1)
    expect(runnableTasks('12.50 11.02 9.80 14/1203 99\n')).toBe(14)
  })

  it('gives null for anything else', () => {
    expect(runnableTasks('')).toBeNull()
    expect(runnableTasks('0.08 0.02 0.01\n')).toBeNull()
    expect(runnableTasks('a b c d/e f')).toBeNull()
  })
})

describe('othersRunnable', () => {
  it('takes the median and leaves out the sampling task', () => {
    expect(othersRunnable([1, 1, 1, 3, 1, 1, 2])).toBe(0)
    expect(othersRunnable([3, 3, 2, 3, 1, 3, 3])).toBe(2)
  })

  it('never goes below zero', () => {
    expect(othersRunnable([0, 0, 0])).toBe(0)
    expect(othersRunnable([])).toBe(0)
  })
})

describe('busyCores', () => {
  it.skipIf(process.platform !== 'linux')('sees a busy loop in another process', async () => {
    const spinner = Bun.spawn(['bun', '-e', 'for (;;) {}'])
    try {
      await Bun.sleep(300)
      // The spinner wants a core for the whole sampling, whatever else the machine does.
      expect(busyCores()).toBeGreaterThanOrEqual(1)
    } finally {
      spinner.kill()
    }
  })
})
