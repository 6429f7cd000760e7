// The status of the supervisor and its services: live from the socket when it answers, otherwise
// reconstructed from the registry and what is actually running.

import { existsSync } from 'node:fs'
import type { SupervisorPaths } from './paths.ts'
import { holderAlive, readPidFile } from './pid-lock.ts'
import { runsCommand } from './process-info.ts'
import type { ProcessStatus } from './protocol.ts'
import { Registry, type RegistryRow } from './registry.ts'
import { defaultRestartPolicy } from './restart-policy.ts'
import { callSupervisor } from './socket-client.ts'
import { statusFromRegistry } from './status-view.ts'
import { SupervisorError } from './supervisor-error.ts'

interface CurrentStatus {
  /** A supervisor answered on the socket. */
  answering: boolean
  /** Supervisor first, then the services in start order. */
  processes: ProcessStatus[]
}

export async function currentStatus(paths: SupervisorPaths, timeoutMs = 3000): Promise<CurrentStatus> {
  try {
    const live = await callSupervisor(paths.socket, 'status', {}, { timeoutMs })
    return { answering: true, processes: [live.supervisor, ...live.services] }
  } catch (error) {
    if (!(error instanceof SupervisorError) || (error.code !== 'not-running' && error.code !== 'timeout')) {
      throw error
    }
  }
  return { answering: false, processes: offlineStatus(paths) }
}

/**
 * The port a running service listens on (the supervisor's word, else its registry): `run` moves a
 * service to the next free port when its own is taken, so the configured one may be wrong.
 */
export async function runningPort(paths: SupervisorPaths, name: string): Promise<number | undefined> {
  const { processes } = await currentStatus(paths)
  const service = processes.find((p) => p.name === name && p.state === 'running')
  return service?.port ?? undefined
}

/** Status from the registry alone, for when no supervisor answers. */
export function offlineStatus(paths: SupervisorPaths): ProcessStatus[] {
  const pidFile = readPidFile(paths.pidFile)
  return statusFromRegistry(
    registryRows(paths),
    {
      now: Date.now(),
      supervisorAlive: (pid) => pidFile?.pid === pid && holderAlive(pidFile),
      runs: runsCommand,
    },
    defaultRestartPolicy,
  )
}

export function registryRows(paths: SupervisorPaths): RegistryRow[] {
  if (!existsSync(paths.registry)) return []
  const registry = Registry.open(paths.registry)
  try {
    return registry.all()
  } finally {
    registry.close()
  }
}
