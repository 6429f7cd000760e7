import { describe, expect, it } from 'bun:test'
import {
  cpuWarning,
  current,
  emptyWatch,
  forget,
  historyLength,
  observe,
  type ResourceThresholds,
  type ResourceWatch,
} from './resource-watch.ts'

const MB = 2 ** 20
const thresholds: ResourceThresholds = {
  memoryLimitBytes: 100 * MB,
  overLimitSamples: 2,
  cpuWarnPercent: 90,
  cpuWarnAfterMs: 4000,
}

/** Feeds [at, rss MB, cpu seconds] readings of one pid; returns the watch and each verdict. */
function feed(readings: Array<[number, number, number]>, pid = 7, from: ResourceWatch = emptyWatch) {
  let watch = from
  const verdicts: Array<string | null> = []
  for (const [at, rss, cpu] of readings) {
    const observed = observe(watch, pid, at, { rssBytes: rss * MB, cpuSeconds: cpu }, thresholds)
    watch = observed.watch
    verdicts.push(observed.overLimit)
  }
  return { watch, verdicts }
}

describe('observe', () => {
  it('computes CPU as a share of one core between samples', () => {
    const { watch } = feed([
      [0, 50, 1],
      [2000, 50, 1.5],
      [4000, 50, 3.5],
    ])
    expect(watch.history.map((s) => s.cpuPercent)).toEqual([null, 25, 100])
    expect(current(watch)).toEqual({ rssBytes: 50 * MB, cpuPercent: 100 })
  })

  it('asks for a restart only after two samples in a row above the limit, naming the figures', () => {
    const { verdicts } = feed([
      [0, 150, 0],
      [2000, 90, 0],
      [4000, 150, 0],
      [6000, 120, 0],
    ])
    expect(verdicts).toEqual([null, null, null, 'memory 120 MB above its 100 MB limit for 2 checks in a row'])
  })

  it('has no limit to break when the limit is off', () => {
    let watch = emptyWatch
    for (const at of [0, 1, 2]) {
      const o = observe(
        watch,
        7,
        at,
        { rssBytes: 999 * MB, cpuSeconds: 0 },
        { ...thresholds, memoryLimitBytes: null },
      )
      expect(o.overLimit).toBeNull()
      watch = o.watch
    }
  })

  it('starts counting afresh for a new process but keeps the history for the chart', () => {
    const first = feed([
      [0, 150, 5],
      [2000, 150, 6],
    ]).watch
    const { watch, verdicts } = feed([[4000, 150, 0.1]], 8, first)
    expect(verdicts).toEqual([null])
    expect(watch.history).toHaveLength(3)
    expect(watch.history.at(-1)?.cpuPercent).toBeNull()
  })

  it('keeps a bounded history', () => {
    const readings = Array.from({ length: historyLength + 10 }, (_, i): [number, number, number] => [
      i * 1000,
      10,
      0,
    ])
    expect(feed(readings).watch.history).toHaveLength(historyLength)
  })

  it('shows no current figures for a process that is gone', () => {
    const { watch } = feed([[0, 50, 1]])
    expect(current(forget(watch))).toEqual({ rssBytes: null, cpuPercent: null })
    expect(forget(watch).history).toHaveLength(1)
  })
})

describe('cpuWarning', () => {
  it('warns only once CPU has stayed high for the configured time, and stops when it drops', () => {
    const hot = feed([
      [0, 10, 0],
      [2000, 10, 2],
    ]).watch
    expect(cpuWarning(hot, thresholds)).toBeNull()
    const longer = feed([[4000, 10, 4]], 7, hot).watch
    expect(cpuWarning(longer, thresholds)).toBe('CPU 100% for 4 s (above 90% of a core)')
    const cooled = feed([[6000, 10, 4.1]], 7, longer).watch
    expect(cpuWarning(cooled, thresholds)).toBeNull()
  })
})
