// What `status` shows when no supervisor answers on the socket: the registry's last word, judged
// against what is actually running now. Pure: the liveness facts are passed in.

import { supervisorRow } from './cleanup.ts'
import { type ProcessStatus, unsampled } from './protocol.ts'
import type { RegistryRow } from './registry.ts'
import { heartbeatStale, type RestartPolicy } from './restart-policy.ts'

interface LivenessFacts {
  now: number
  /** The PID is alive and is still the supervisor that wrote the PID file. */
  supervisorAlive: (pid: number) => boolean
  /** The PID is alive and still runs the recorded command. */
  runs: (pid: number, command: string[]) => boolean
}

/**
 * Supervisor states: `unresponsive` (alive, fresh heartbeat, no answer yet), `hung` (alive, heartbeat
 * stale), `dead` (the registry says it ran; the process is gone), `stopped` (nothing recorded).
 * Services of a supervisor that does not answer are `orphaned` (still running) or `dead`.
 */
export function statusFromRegistry(
  rows: RegistryRow[],
  facts: LivenessFacts,
  policy: Pick<RestartPolicy, 'heartbeatMs'>,
): ProcessStatus[] {
  const self = rows.find((r) => r.name === supervisorRow)
  const services = rows.filter((r) => r.name !== supervisorRow)
  const state = supervisorState(self, facts, policy)
  const supervisor: ProcessStatus = {
    name: supervisorRow,
    pid: self?.pid ?? null,
    port: null,
    state,
    restarts: 0,
    lastHealthCheck: iso(self?.heartbeatAt ?? null),
    lastError: supervisorErrors[state] ?? null,
    ...unsampled,
  }
  return [
    supervisor,
    ...services.map((row) => {
      const running = row.pid !== null && facts.runs(row.pid, row.command)
      return {
        name: row.name,
        pid: row.pid,
        port: row.port,
        state: running ? 'orphaned' : row.pid === null ? row.state : 'dead',
        restarts: row.restarts,
        lastHealthCheck: iso(row.lastHealthCheck),
        lastError: row.lastError,
        ...unsampled,
      }
    }),
  ]
}

const supervisorErrors: Record<string, string> = {
  dead: 'the supervisor is gone (killed or crashed); `run` cleans up and starts again',
  hung: 'the supervisor is alive but its heartbeat stopped; `stop` kills it',
  unresponsive: 'the supervisor does not answer on its socket',
}

function supervisorState(
  self: RegistryRow | undefined,
  facts: LivenessFacts,
  policy: Pick<RestartPolicy, 'heartbeatMs'>,
): string {
  if (!self) return 'stopped'
  if (self.pid === null || !facts.supervisorAlive(self.pid)) return 'dead'
  const beat = self.heartbeatAt ?? 0
  return heartbeatStale(beat, facts.now, policy) ? 'hung' : 'unresponsive'
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}
