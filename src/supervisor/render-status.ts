// `status` as a terminal table. Pure.

import Table from 'cli-table3'
import type { ProcessStatus } from './protocol.ts'
import { formatMegabytes } from './resource-watch.ts'

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
      p.lastHealthCheck ? ago(Date.parse(p.lastHealthCheck), now) : '-',
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

function ago(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000))
  if (s < 60) return `${s}s ago`
  if (s < 3600) return `${Math.floor(s / 60)}m ago`
  return `${Math.floor(s / 3600)}h ago`
}
