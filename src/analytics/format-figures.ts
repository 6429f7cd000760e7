// How costs and token counts read, everywhere (CLI tables, dashboard pages and charts): one rule each,
// so a page never shows $0.01 beside $0.0088, or 8,900 beside 22.9K. Pure, locale-fixed (en-US).

const usd = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
})
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** Cents, always: `$0.29`, `$1,385.90`; a cost under half a cent but not zero reads `<$0.01`, never $0.00. */
export function formatUsd(value: number): string {
  if (value > 0 && value < 0.005) return '<$0.01'
  return usd.format(value)
}

/** Counts under 1,000 as they are; larger ones compact, with one decimal: `950`, `8.9K`, `22.9K`, `1.2M`. */
export function formatTokens(value: number): string {
  return Math.abs(value) < 1000 ? integer.format(value) : compact.format(value)
}
