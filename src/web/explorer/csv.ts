// RFC 4180 CSV. Text that a spreadsheet would run as a formula (= + - @ at the start) is prefixed with
// a quote, so a project path or tool name cannot become a formula when the file is opened.

import type { Cell } from '../../model/explorer-results.ts'

function field(v: Cell): string {
  if (v === null) return ''
  if (typeof v === 'number') return String(v)
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function toCsv(columns: readonly string[], rows: readonly Cell[][]): string {
  const lines = [columns.map(field).join(',')]
  for (const row of rows) lines.push(row.map(field).join(','))
  return `${lines.join('\r\n')}\r\n`
}
