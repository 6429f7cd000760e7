// How many other tasks want a CPU at this moment, to decide whether a parse worker would get a core
// of its own. The 1-minute load average lags: for a minute after a burst (a test run, another tool's
// report) it calls an idle machine busy, so an import started right after one ran on one thread. Linux's
// /proc/loadavg also counts the tasks runnable at this instant; a few samples, a millisecond apart, and
// their median, see through one task that happens to be running when a sample is taken.

import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'

const SAMPLES = 7

/** The runnable-task count of a /proc/loadavg line ("0.08 0.02 0.01 2/231 5678" gives 2), or null. */
export function runnableTasks(procLoadavg: string): number | null {
  const match = /^\S+ \S+ \S+ (\d+)\/\d+ /.exec(procLoadavg)
  return match ? Number(match[1]) : null
}

/** The median of the counts, less the sampling task itself. */
export function othersRunnable(counts: readonly number[]): number {
  const sorted = counts.toSorted((a, b) => a - b)
  return Math.max(0, (sorted[Math.floor(sorted.length / 2)] ?? 1) - 1)
}

/** Other tasks that want a core now: /proc/loadavg where there is one, else the 1-minute load average. */
export function busyCores(): number {
  const counts: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    if (i > 0) Bun.sleepSync(1)
    let text: string
    try {
      text = readFileSync('/proc/loadavg', 'utf8')
    } catch {
      break
    }
    const n = runnableTasks(text)
    if (n === null) break
    counts.push(n)
  }
  return counts.length === SAMPLES ? othersRunnable(counts) : Math.floor(loadavg()[0] ?? 0)
}
