// `status` as a terminal table. Pure.

import Table from 'cli-table3'
import type { ProcessStatus } from './protocol.ts'

export function renderStatus(processes: ProcessStatus[], now: number = Date.now()): string {
  const table = new Table({
    head: ['Name', 'PID', 'Port', 'State', 'Restarts', 'Last check', 'Last error'],
    style: { head: [], border: [] },
  })
  for (const p of processes) {
    table.push([
      p.name,
      p.pid ?? '-',
      p.port ?? '-',
      p.state,
      p.restarts,
      p.lastHealthCheck ? ago(Date.parse(p.lastHealthCheck), now) : '-',
      p.lastError ?? '',
    ])
  }
  return table.toString()
}

function ago(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000))
  if (s < 60) return `${s}s ago`
  if (s < 3600) return `${Math.floor(s / 60)}m ago`
  return `${Math.floor(s / 3600)}h ago`
}
