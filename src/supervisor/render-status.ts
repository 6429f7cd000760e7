// `status` as a terminal table. Pure.

import Table from 'cli-table3'
import { formatAgo, formatMegabytes } from '../analytics/format-figures.ts'
import type { ProcessStatus } from './protocol.ts'

export function renderStatus(processes: ProcessStatus[], now: number = Date.now()): string {
  const table = new Table({
    head: ['Name', 'PID', 'Port', 'State', 'Restarts', 'Memory', 'CPU', 'Last check', 'Last error'],
    style: { head: [], border: [] },
  })
  for (const p of processes) {
    table.push([
      p.name,
      p.pid ?? '-',
      p.port ?? '-',
      p.state,
      p.restarts,
      memory(p),
      p.cpuPercent === null ? '-' : `${p.cpuPercent}%`,
      p.lastHealthCheck ? formatAgo(Date.parse(p.lastHealthCheck), now) : '-',
      [p.lastError, p.warning === null ? null : `warning: ${p.warning}`].filter((t) => t !== null).join('\n'),
    ])
  }
  return table.toString()
}

/** `52 MB / 384 MB`: what it uses, and the limit above which it is restarted. */
function memory(p: ProcessStatus): string {
  const limit = p.memoryLimitBytes === null ? '' : ` / ${formatMegabytes(p.memoryLimitBytes)}`
  if (p.rssBytes === null) return limit === '' ? '-' : `-${limit}`
  return `${formatMegabytes(p.rssBytes)}${limit}`
}
