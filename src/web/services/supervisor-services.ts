// The Services page's view of the supervisor, over its Unix socket. No supervisor (or one that does not
// answer) is a state to show, not an error.

import type { ServicesSnapshot } from '../../../views/pages/services-page.tsx'
import { unsampled } from '../../supervisor/protocol.ts'
import { callSupervisor } from '../../supervisor/socket-client.ts'
import { errorMessage } from '../../supervisor/supervisor-error.ts'
import type { RestartOutcome, ServicesControl } from './services-control.ts'

/** Restarting waits for the service to come back healthy. */
const RESTART_TIMEOUT_MS = 30_000
/** The dashboard cannot answer a request that restarts itself, so that one is answered first. */
const SELF_RESTART_DELAY_MS = 200

export function supervisorServices(socketPath: string, self = 'dashboard'): ServicesControl {
  return {
    async snapshot(logLines: number): Promise<ServicesSnapshot> {
      try {
        const [status, logs] = await Promise.all([
          callSupervisor(socketPath, 'status', {}, { timeoutMs: 2000 }),
          callSupervisor(socketPath, 'logs', { lines: logLines }, { timeoutMs: 2000 }).catch(() => ({
            files: [],
          })),
        ])
        return {
          running: true,
          supervisor: status.supervisor,
          services: status.services,
          history: status.history ?? [],
          logs: logs.files.map((f) => ({ name: f.name, lines: f.lines })),
        }
      } catch (error) {
        return { running: false, reason: errorMessage(error) }
      }
    },

    async restart(service: string): Promise<RestartOutcome> {
      const call = () =>
        callSupervisor(socketPath, 'restart-service', { service }, { timeoutMs: RESTART_TIMEOUT_MS })
      if (service === self) {
        setTimeout(() => call().catch(() => {}), SELF_RESTART_DELAY_MS)
        return {
          ok: true,
          service: {
            name: service,
            state: 'stopping',
            pid: process.pid,
            port: null,
            restarts: 0,
            lastHealthCheck: null,
            lastError: null,
            ...unsampled,
          },
        }
      }
      try {
        return { ok: true, service: (await call()).service }
      } catch (error) {
        return { ok: false, message: errorMessage(error) }
      }
    },
  }
}
