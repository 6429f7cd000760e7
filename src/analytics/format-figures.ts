// How costs, token counts, sizes and spans of time read, everywhere (CLI tables, dashboard pages and
// charts, the statusline, the supervisor's status and log): one rule each, so a page never shows $0.01
// beside $0.0088, or 8,900 beside 22.9K.
// Pure, locale-fixed (en-US).

// Made on first use: building them costs about 5 ms, which the statusline (it formats durations
// only) must not pay at start-up.
let usd: Intl.NumberFormat | undefined
let compact: Intl.NumberFormat | undefined
let integer: Intl.NumberFormat | undefined

/** `950`, `1,020`: rounded, with thousands separators. */
function whole(value: number): string {
  integer ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })
  return integer.format(value)
}

/** Cents, always: `$0.29`, `$1,385.90`; a cost under half a cent but not zero reads `<$0.01`, never $0.00. */
export function formatUsd(value: number): string {
  if (value > 0 && value < 0.005) return '<$0.01'
  usd ??= new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })
  return usd.format(value)
}

/** Counts under 1,000 as they are; larger ones compact, with one decimal: `950`, `8.9K`, `22.9K`, `1.2M`. */
export function formatTokens(value: number): string {
  if (Math.abs(value) < 1000) return whole(value)
  compact ??= new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })
  return compact.format(value)
}

/** A span of time at a glance, to or since a moment: `45s`, `12m`, `2h05m`, `3d4h`; `now` at or below zero. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return 'now'
  const s = Math.floor(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}m`
  return `${Math.floor(h / 24)}d${h % 24}h`
}

/** How long ago, for a status that refreshes: `4s ago`, `3m ago`, `2h ago`. */
export function formatAgo(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000))
  if (s < 60) return `${s}s ago`
  if (s < 3600) return `${Math.floor(s / 60)}m ago`
  return `${Math.floor(s / 3600)}h ago`
}

const byteUnits = ['KB', 'MB', 'GB', 'TB'] as const

/** A size of data with one decimal from a kilobyte on (binary units): `512 B`, `1.5 KB`, `53.2 MB`, `3.0 GB`. */
export function formatBytes(value: number): string {
  if (value < 1024) return `${whole(value)} B`
  let scaled = value / 1024
  let unit = 0
  while (scaled >= 1024 && unit < byteUnits.length - 1) {
    scaled /= 1024
    unit++
  }
  return `${scaled.toFixed(1)} ${byteUnits[unit]}`
}

/**
 * A process's memory or memory limit in mebibytes, which is what people mean by the MB of a limit:
 * `5 MB`, `38.3 MB`, whole from 100 on (`512 MB`).
 */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / 2 ** 20
  return `${mb >= 100 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB`
}
