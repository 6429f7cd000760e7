// What the Services page needs from the supervisor. The dashboard gets an implementation injected:
// the real one talks to the supervisor's socket; `supervisorNotRunning` says so honestly.

import type { ServiceStatusView, ServicesSnapshot } from '../../../views/pages/services-page.tsx'

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
