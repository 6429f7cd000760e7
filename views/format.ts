// Number and time formatting for views: pure, locale-fixed (en-US) so pages and tests agree.

import { formatBytes as bytes } from '../src/analytics/format-figures.ts'

// Costs, tokens and times ago follow the one rule the CLI uses too.
export { formatAgo, formatTokens, formatUsd } from '../src/analytics/format-figures.ts'

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

export function formatInteger(value: number): string {
  return integer.format(value)
}

export function formatPercent(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(1)}%`
}

export function formatBytes(value: number | null): string {
  return value === null ? '—' : bytes(value)
}

export function formatDurationMs(value: number | null): string {
  if (value === null) return '—'
  if (value < 1000) return `${Math.round(value)} ms`
  if (value < 60_000) return `${(value / 1000).toFixed(1)} s`
  const minutes = Math.floor(value / 60_000)
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()
const timeFormats = new Map<string, Intl.DateTimeFormat>()

function cached(
  map: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let f = map.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', ...options })
    map.set(timeZone, f)
  }
  return f
}

/** `2026-11-24 15:04` in the zone. */
export function formatDateTime(ms: number, timeZone: string): string {
  const f = cached(dateTimeFormats, timeZone, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
  return f.format(ms).replace(',', '')
}

const clockFormats = new Map<string, Intl.DateTimeFormat>()

/** `15:04` in the zone. */
export function formatClock(ms: number, timeZone: string): string {
  return cached(clockFormats, timeZone, { hour: '2-digit', minute: '2-digit' }).format(ms)
}

/** `15:04:05` in the zone. */
export function formatTime(ms: number, timeZone: string): string {
  return cached(timeFormats, timeZone, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(ms)
}

/** The last path segments of a project, for tight spaces; the full path goes in a title. */
export function shortProject(path: string): string {
  const parts = path.split('/').filter((p) => p.length > 0)
  return parts.length <= 2 ? path : parts.slice(-2).join('/')
}

export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id
}

/** Lines left out of an analysis, by reason: `3 not json, 1 too long`. */
export function skippedText(skipped: Readonly<Record<string, number>>): string {
  const parts = Object.entries(skipped)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${reason.replaceAll('-', ' ')}`)
  return parts.length === 0 ? 'none skipped' : parts.join(', ')
}

/** `1 row`, `2 rows`, `1,000 rows`. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${integer.format(n)} ${n === 1 ? singular : plural}`
}
