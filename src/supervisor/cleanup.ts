// What a killed supervisor leaves behind: services still running (orphans), registry rows, the socket
// and the PID file. Used by the next supervisor at start, by `stop` when no supervisor answers, and by
// `debug cleanup`. A PID is only signalled while it still runs the command we recorded.

import { existsSync, rmSync } from 'node:fs'
import type { SupervisorPaths } from './paths.ts'
import { holderAlive, readPidFile } from './pid-lock.ts'
import { runsCommand, terminate } from './process-info.ts'
import { Registry, type RegistryRow } from './registry.ts'
import { socketStat } from './run-dir.ts'

export const supervisorRow = 'supervisor'

interface KilledProcess {
  name: string
  pid: number
  /** It ignored SIGTERM and was killed. */
  forced: boolean
}

export interface CleanupReport {
  /** A live supervisor's PID; when set, nothing was touched. */
  supervisorAlive: number | null
  killed: KilledProcess[]
  removedRows: string[]
  removedFiles: string[]
  /** Files left alone because they are not ours, with the reason. */
  refused: string[]
}

export async function killOrphans(rows: RegistryRow[], graceMs: number): Promise<KilledProcess[]> {
  const killed: KilledProcess[] = []
  // Reverse start order, as a graceful stop would.
  for (const row of [...rows].reverse()) {
    if (row.name === supervisorRow || row.pid === null || !runsCommand(row.pid, row.command)) continue
    killed.push({ name: row.name, pid: row.pid, forced: await terminate(row.pid, graceMs) })
  }
  return killed
}

interface CleanupOptions {
  graceMs: number
  /** Clean up one service only, leaving the supervisor's files alone. */
  only?: string
  /** Also stop a supervisor that is alive but does not answer on its socket. */
  killUnresponsiveSupervisor?: boolean
}

export async function cleanupStale(paths: SupervisorPaths, options: CleanupOptions): Promise<CleanupReport> {
  const report: CleanupReport = {
    supervisorAlive: null,
    killed: [],
    removedRows: [],
    removedFiles: [],
    refused: [],
  }
  const holder = readPidFile(paths.pidFile)
  if (holder && holderAlive(holder) && options.only === undefined) {
    if (!options.killUnresponsiveSupervisor) {
      report.supervisorAlive = holder.pid
      return report
    }
    report.killed.push({
      name: supervisorRow,
      pid: holder.pid,
      forced: await terminate(holder.pid, options.graceMs),
    })
  }
  if (existsSync(paths.registry)) {
    const registry = Registry.open(paths.registry)
    try {
      const rows = registry.all().filter((r) => options.only === undefined || r.name === options.only)
      report.killed.push(...(await killOrphans(rows, options.graceMs)))
      for (const row of rows) {
        registry.remove(row.name)
        report.removedRows.push(row.name)
      }
    } finally {
      registry.close()
    }
  }
  if (options.only !== undefined) return report
  const socket = socketStat(paths.socket)
  if (socket && socket.uid !== (process.getuid?.() ?? socket.uid)) {
    report.refused.push(`${paths.socket} (owned by uid ${socket.uid})`)
  } else if (socket) {
    rmSync(paths.socket, { force: true })
    report.removedFiles.push(paths.socket)
  }
  for (const file of [paths.pidFile, `${paths.pidFile}.takeover`]) {
    if (!existsSync(file)) continue
    rmSync(file, { force: true })
    report.removedFiles.push(file)
  }
  return report
}
