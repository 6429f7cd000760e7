// Where the supervisor keeps its state. Everything here lives under the run directory (mode 0700) so
// that only the owner can reach the socket; logs live under logs/.

import { join } from 'node:path'
import type { Config } from '../config/load-config.ts'

export interface SupervisorPaths {
  runDir: string
  logsDir: string
  socket: string
  pidFile: string
  registry: string
  supervisorLog: string
}

export function supervisorPaths(config: Pick<Config, 'runDir' | 'logsDir'>): SupervisorPaths {
  return {
    runDir: config.runDir,
    logsDir: config.logsDir,
    socket: join(config.runDir, 'supervisor.sock'),
    pidFile: join(config.runDir, 'supervisor.pid'),
    registry: join(config.runDir, 'registry.db'),
    supervisorLog: join(config.logsDir, 'supervisor.log'),
  }
}

export function serviceLogPath(logsDir: string, name: string): string {
  return join(logsDir, `${name}.log`)
}
