// The life of one supervised service as a pure state machine: events in, a new record and at most one
// effect out. The watchdog performs the effect (kill, restart timer); this module decides it, so every
// restart and give-up rule is unit-tested without processes.

import { type ProcessResources, type ProcessStatus, unsampled } from './protocol.ts'
import { backoffDelay, type RestartPolicy } from './restart-policy.ts'

const serviceStates = [
  'starting',
  'running',
  'unhealthy',
  'backoff',
  'stopping',
  'stopped',
  'failed',
  'skipped',
] as const
export type ServiceState = (typeof serviceStates)[number]

/** States the start sequence waits for before it moves on to the next service. */
export const settledStates: readonly ServiceState[] = ['running', 'failed', 'skipped', 'stopped']

export interface ServiceRecord {
  name: string
  state: ServiceState
  pid: number | null
  port: number | null
  /** Restarts performed since the supervisor started. */
  restarts: number
  /** Consecutive failures; reset once the service has been healthy for `stableAfterMs`. */
  attempts: number
  healthFailures: number
  lastHealthCheck: number | null
  lastError: string | null
  healthySince: number | null
  /** Why the watchdog killed the process, so the exit is reported by its cause, not as SIGKILL. */
  killReason: string | null
}

export type ServiceEvent =
  | { type: 'spawned'; pid: number; at: number; restart: boolean }
  | { type: 'ready'; port: number; at: number }
  | { type: 'health-ok'; at: number }
  | { type: 'health-failed'; at: number; error: string }
  | { type: 'ready-timeout'; at: number; error: string }
  | { type: 'exited'; at: number; reason: string; unavailable: string | null }
  | { type: 'stop-requested'; at: number }
  /** A person asked for a restart: earlier failures no longer count towards giving up. */
  | { type: 'forgive' }
  /** The resource watch found the service above its memory limit; `error` says by how much. */
  | { type: 'over-memory-limit'; at: number; error: string }

type Effect =
  | { type: 'none' }
  | { type: 'kill'; signal: 'SIGTERM' | 'SIGKILL' }
  | { type: 'restart-after'; delayMs: number }
  /** Too many failures in a row: marked failed, and tried again only after the slow interval. */
  | { type: 'retry-slowly'; delayMs: number }

interface Transition {
  record: ServiceRecord
  effect: Effect
}

export function initialRecord(name: string): ServiceRecord {
  return {
    name,
    state: 'starting',
    pid: null,
    port: null,
    restarts: 0,
    attempts: 0,
    healthFailures: 0,
    lastHealthCheck: null,
    lastError: null,
    healthySince: null,
    killReason: null,
  }
}

const none: Effect = { type: 'none' }
const alive = (s: ServiceState) => s === 'starting' || s === 'running' || s === 'unhealthy'

export function transition(r: ServiceRecord, event: ServiceEvent, policy: RestartPolicy): Transition {
  switch (event.type) {
    case 'spawned':
      return {
        record: {
          ...r,
          state: 'starting',
          pid: event.pid,
          // Known again from the ready line; until then the service is not reachable.
          port: null,
          restarts: r.restarts + (event.restart ? 1 : 0),
          healthFailures: 0,
          healthySince: null,
          killReason: null,
        },
        effect: none,
      }
    case 'ready':
      return { record: { ...r, port: event.port }, effect: none }
    case 'health-ok': {
      if (!alive(r.state)) return { record: { ...r, lastHealthCheck: event.at }, effect: none }
      const healthySince = r.healthySince ?? event.at
      const stable = event.at - healthySince >= policy.stableAfterMs
      return {
        record: {
          ...r,
          state: 'running',
          healthFailures: 0,
          lastHealthCheck: event.at,
          healthySince,
          attempts: stable ? 0 : r.attempts,
          // Recovered: an error from before would read as a current problem.
          lastError: stable ? null : r.lastError,
        },
        effect: none,
      }
    }
    case 'health-failed': {
      if (!alive(r.state) || r.killReason)
        return { record: { ...r, lastHealthCheck: event.at }, effect: none }
      const healthFailures = r.healthFailures + 1
      const kill = healthFailures >= policy.healthFailuresBeforeKill
      return {
        record: {
          ...r,
          state: r.state === 'starting' ? 'starting' : 'unhealthy',
          healthFailures,
          lastHealthCheck: event.at,
          lastError: event.error,
          healthySince: null,
          killReason: kill ? event.error : null,
        },
        effect: kill ? { type: 'kill', signal: 'SIGKILL' } : none,
      }
    }
    case 'ready-timeout':
      if (r.state !== 'starting' || r.killReason) return { record: r, effect: none }
      return {
        record: { ...r, lastError: event.error, killReason: event.error },
        effect: { type: 'kill', signal: 'SIGKILL' },
      }
    case 'exited':
      return exited(r, event, policy)
    case 'stop-requested':
      if (r.pid === null) return { record: { ...r, state: 'stopped' }, effect: none }
      return { record: { ...r, state: 'stopping' }, effect: { type: 'kill', signal: 'SIGTERM' } }
    case 'forgive':
      return { record: { ...r, attempts: 0 }, effect: none }
    case 'over-memory-limit':
      if (!alive(r.state) || r.killReason) return { record: r, effect: none }
      // SIGTERM first: a service over its limit still flushes what it has acknowledged.
      return {
        record: { ...r, lastError: event.error, killReason: event.error },
        effect: { type: 'kill', signal: 'SIGTERM' },
      }
    default:
      return event satisfies never
  }
}

function exited(
  r: ServiceRecord,
  event: Extract<ServiceEvent, { type: 'exited' }>,
  policy: RestartPolicy,
): Transition {
  const base = { ...r, pid: null, healthySince: null, killReason: null }
  if (r.state === 'stopping' || r.state === 'stopped') {
    return { record: { ...base, state: 'stopped' }, effect: none }
  }
  if (event.unavailable !== null) {
    return { record: { ...base, state: 'skipped', lastError: event.unavailable }, effect: none }
  }
  const attempts = r.attempts + 1
  const lastError = r.killReason ?? event.reason
  if (attempts >= policy.maxAttempts) {
    const every = Math.round(policy.slowRetryMs / 1000)
    return {
      record: {
        ...base,
        state: 'failed',
        attempts,
        lastError: `${lastError} (${attempts} failures in a row; trying again every ${every} s)`,
      },
      effect: { type: 'retry-slowly', delayMs: policy.slowRetryMs },
    }
  }
  return {
    record: { ...base, state: 'backoff', attempts, lastError },
    effect: { type: 'restart-after', delayMs: backoffDelay(attempts, policy) },
  }
}

export function toProcessStatus(r: ServiceRecord, resources: ProcessResources = unsampled): ProcessStatus {
  return {
    name: r.name,
    pid: r.pid,
    port: r.port,
    state: r.state,
    restarts: r.restarts,
    lastHealthCheck: r.lastHealthCheck === null ? null : new Date(r.lastHealthCheck).toISOString(),
    lastError: r.lastError,
    ...resources,
  }
}
