// What the Services page needs from the supervisor. The dashboard gets an implementation injected:
// the real one talks to the supervisor's socket; `supervisorNotRunning` says so honestly.

export interface ServiceStatusView {
  name: string
  state: string
  pid: number | null
  port: number | null
  restarts: number
  /** ISO 8601. */
  lastHealthCheck: string | null
  lastError: string | null
  /** Resident memory at the supervisor's last sample; null when not running. */
  rssBytes: number | null
  /** Share of one core between the last two samples. */
  cpuPercent: number | null
  memoryLimitBytes: number | null
  /** E.g. CPU high for a while: reported, not acted on. */
  warning: string | null
}

/** A process's recent samples, oldest first (epoch milliseconds). */
export interface ResourceHistoryView {
  name: string
  samples: Array<{ at: number; rssBytes: number; cpuPercent: number | null }>
}

export interface ServiceLog {
  name: string
  lines: string[]
}

export type ServicesSnapshot =
  | { running: false; reason: string }
  | {
      running: true
      supervisor: ServiceStatusView
      services: ServiceStatusView[]
      /** Supervisor first; empty from a supervisor too old to send it. */
      history: ResourceHistoryView[]
      logs: ServiceLog[]
    }

export type RestartOutcome = { ok: true; service: ServiceStatusView } | { ok: false; message: string }

export interface ServicesControl {
  snapshot(logLines: number): Promise<ServicesSnapshot>
  restart(service: string): Promise<RestartOutcome>
}

export function supervisorNotRunning(reason: string): ServicesControl {
  return {
    async snapshot() {
      return { running: false, reason }
    },
    async restart() {
      return { ok: false, message: reason }
    },
  }
}
