// What `run` tells the person once the services have settled: one line per service, a warning when a
// port had to move, and the dashboard URL. Pure.

import type { ProcessStatus } from './protocol.ts'

interface SummaryLine {
  level: 'info' | 'warn' | 'error'
  text: string
}

interface StartSummary {
  lines: SummaryLine[]
  /** The dashboard's address when it is running. */
  url: string | null
  /** Some service gave up. */
  failed: boolean
}

/**
 * `expectedPorts`: the ports asked for, so a service that had to move is pointed out; `accessToken`:
 * the dashboard's, which its URL carries so that one click opens it.
 */
export function summarizeStart(
  services: ProcessStatus[],
  host: string,
  expectedPorts: Partial<Record<string, number>>,
  accessToken: string | null = null,
): StartSummary {
  const lines: SummaryLine[] = []
  for (const s of services) {
    const wanted = expectedPorts[s.name]
    if (s.state === 'running' && wanted !== undefined && s.port !== wanted) {
      lines.push({
        level: 'warn',
        text: `${s.name}: port ${wanted} is taken by another program; using ${s.port}`,
      })
    }
    if (s.state === 'running')
      lines.push({ level: 'info', text: `${s.name} running on port ${s.port} (pid ${s.pid})` })
    else if (s.state === 'skipped') lines.push({ level: 'warn', text: `${s.name} skipped: ${s.lastError}` })
    else if (s.state === 'failed') lines.push({ level: 'error', text: `${s.name} failed: ${s.lastError}` })
    else lines.push({ level: 'warn', text: `${s.name} ${s.state}${s.lastError ? `: ${s.lastError}` : ''}` })
  }
  const dashboard = services.find((s) => s.name === 'dashboard' && s.state === 'running')
  const url = dashboard?.port ? dashboardUrl(host, dashboard.port, accessToken) : null
  return { lines, url, failed: services.some((s) => s.state === 'failed') }
}

/** The address to open: with the token, the dashboard swaps it for its cookie (Jupyter's token URL). */
export function dashboardUrl(host: string, port: number, accessToken: string | null): string {
  const base = `http://${urlHost(host)}:${port}/`
  return accessToken === null ? base : `${base}?token=${accessToken}`
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1'
  return host.includes(':') ? `[${host}]` : host
}
