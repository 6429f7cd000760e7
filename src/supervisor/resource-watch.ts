// Each supervised process's memory and CPU over time, and what they call for: a restart when a service
// stays above its memory limit, a warning (nothing more) when its CPU stays high. Pure: readings in,
// a new watch and a verdict out; the watchdog samples and acts.

import { formatMegabytes } from '../analytics/format-figures.ts'
import type { ProcessReading } from './resource-readings.ts'

export interface ResourceSample {
  /** Epoch milliseconds. */
  at: number
  rssBytes: number
  /** Share of one core since the previous sample; null for a process's first sample. */
  cpuPercent: number | null
}

export interface ResourceThresholds {
  memoryLimitBytes: number | null
  /** Consecutive samples above the limit before a restart, so one spike is forgiven. @default 2 */
  overLimitSamples: number
  /** CPU share of one core above which CPU counts as high. @default 90 */
  cpuWarnPercent: number
  /** High CPU for this long is reported. @default 30000 */
  cpuWarnAfterMs: number
}

export interface ResourceWatch {
  pid: number | null
  last: { at: number; cpuSeconds: number } | null
  /** Oldest first, at most `historyLength` samples, across restarts. */
  history: ResourceSample[]
  overLimit: number
  /** When the current run of high-CPU samples began. */
  hotSince: number | null
}

/** About three minutes at the default two-second health check. */
export const historyLength = 90

export const emptyWatch: ResourceWatch = { pid: null, last: null, history: [], overLimit: 0, hotSince: null }

interface Observed {
  watch: ResourceWatch
  /** Set when the process has been above its limit long enough to be restarted. */
  overLimit: string | null
}

export function observe(
  before: ResourceWatch,
  pid: number,
  at: number,
  reading: ProcessReading,
  thresholds: ResourceThresholds,
): Observed {
  // A new process (a restart) starts its CPU and limit counts afresh; the chart keeps its history.
  const same = before.pid === pid ? before : { ...before, pid, last: null, overLimit: 0, hotSince: null }
  const elapsed = same.last === null ? 0 : (at - same.last.at) / 1000
  const cpuPercent =
    same.last === null || elapsed <= 0
      ? null
      : round1((Math.max(0, reading.cpuSeconds - same.last.cpuSeconds) / elapsed) * 100)
  const sample = { at, rssBytes: reading.rssBytes, cpuPercent }
  const limit = thresholds.memoryLimitBytes
  const overLimit = limit !== null && reading.rssBytes > limit ? same.overLimit + 1 : 0
  const hot = cpuPercent !== null && cpuPercent > thresholds.cpuWarnPercent
  const watch: ResourceWatch = {
    pid,
    last: { at, cpuSeconds: reading.cpuSeconds },
    history: [...same.history, sample].slice(-historyLength),
    overLimit,
    hotSince: hot ? (same.hotSince ?? same.last?.at ?? at) : null,
  }
  const restart =
    limit !== null && overLimit >= thresholds.overLimitSamples
      ? `memory ${formatMegabytes(reading.rssBytes)} above its ${formatMegabytes(limit)} limit for ${overLimit} checks in a row`
      : null
  return { watch, overLimit: restart }
}

/** The process is gone (exited or stopped): keep the history, forget the process. */
export function forget(watch: ResourceWatch): ResourceWatch {
  return { ...watch, pid: null, last: null, overLimit: 0, hotSince: null }
}

/** The latest figures, or nulls when the process is not running. */
export function current(watch: ResourceWatch): { rssBytes: number | null; cpuPercent: number | null } {
  const latest = watch.pid === null ? undefined : watch.history.at(-1)
  return { rssBytes: latest?.rssBytes ?? null, cpuPercent: latest?.cpuPercent ?? null }
}

/** A warning while CPU has stayed above the threshold for the configured time. */
export function cpuWarning(watch: ResourceWatch, thresholds: ResourceThresholds): string | null {
  const latest = watch.history.at(-1)
  if (watch.hotSince === null || !latest || latest.cpuPercent === null) return null
  const forMs = latest.at - watch.hotSince
  if (forMs < thresholds.cpuWarnAfterMs) return null
  return `CPU ${Math.round(latest.cpuPercent)}% for ${Math.round(forMs / 1000)} s (above ${thresholds.cpuWarnPercent}% of a core)`
}

function round1(n: number): number {
  return Math.round(n * 10) / 10
}
