// The contract between the supervisor and the services it spawns. Each service runs in the
// foreground as `context-cleaner serve <name>`, prints one JSON "ready" line on stdout once it can
// serve, answers `GET /healthz` on its port, and stops cleanly on SIGTERM.

import type { Config } from '../config/load-config.ts'
import { type ServiceName, serviceNames } from './service-names.ts'

export interface RunningService {
  /** Port serving `/healthz` (and the service's own API). */
  port: number
  stop(): Promise<void>
}

export interface ServeOptions {
  host?: string
  port?: number
}

export type StartService = (config: Config, options: ServeOptions) => Promise<RunningService>

/** The line a service prints on stdout when ready: `{"event":"ready","service":"ingest","port":1234,"pid":42}` */
export interface ReadyLine {
  event: 'ready'
  service: ServiceName
  port: number
  pid: number
}

export function readyLine(service: ServiceName, port: number): string {
  const line: ReadyLine = { event: 'ready', service, port, pid: process.pid }
  return JSON.stringify(line)
}

export function parseReadyLine(text: string): ReadyLine | undefined {
  try {
    const v: unknown = JSON.parse(text)
    if (typeof v !== 'object' || v === null) return undefined
    const r = v as Record<string, unknown>
    if (r.event !== 'ready' || typeof r.port !== 'number' || typeof r.pid !== 'number') return undefined
    const service = serviceNames.find((s) => s === r.service)
    return service ? { event: 'ready', service, port: r.port, pid: r.pid } : undefined
  } catch {
    return undefined
  }
}
