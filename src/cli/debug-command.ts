import { defineCommand } from 'citty'
import { cleanupStale } from '../supervisor/cleanup.ts'
import { supervisorPaths } from '../supervisor/paths.ts'
import { holderAlive, readPidFile } from '../supervisor/pid-lock.ts'
import { commandLine, isAlive, runsCommand } from '../supervisor/process-info.ts'
import { registryRows } from '../supervisor/query-status.ts'
import { defaultRestartPolicy } from '../supervisor/restart-policy.ts'
import { configArgs, configFrom } from './common-args.ts'
import { logger, writeJson } from './output.ts'

const registry = defineCommand({
  meta: { name: 'registry', description: 'Print the process registry rows as JSON' },
  args: { ...configArgs },
  run: async ({ args }) => {
    const rows = registryRows(supervisorPaths(configFrom(args)))
    await writeJson(
      rows.map((r) => ({
        ...r,
        startedAt: iso(r.startedAt),
        lastHealthCheck: iso(r.lastHealthCheck),
        heartbeatAt: iso(r.heartbeatAt),
      })),
    )
  },
})

const processes = defineCommand({
  meta: {
    name: 'processes',
    description: 'Check every registered PID against the live process table (JSON)',
  },
  args: { ...configArgs },
  run: async ({ args }) => {
    const paths = supervisorPaths(configFrom(args))
    const pidFile = readPidFile(paths.pidFile)
    await writeJson({
      pidFile: pidFile ? { ...pidFile, alive: holderAlive(pidFile) } : null,
      processes: registryRows(paths).map((r) => ({
        name: r.name,
        pid: r.pid,
        alive: r.pid !== null && isAlive(r.pid),
        // False when the PID now belongs to some other program.
        matchesRecordedCommand: r.pid !== null && runsCommand(r.pid, r.command),
        recordedCommand: r.command,
        actualCommand: r.pid === null ? null : commandLine(r.pid),
      })),
    })
  },
})

const cleanup = defineCommand({
  meta: {
    name: 'cleanup',
    description:
      'Stop orphaned services and remove a stale socket, PID file and registry rows (not while a supervisor runs)',
  },
  args: { ...configArgs },
  run: async ({ args }) => {
    const report = await cleanupStale(supervisorPaths(configFrom(args)), {
      graceMs: defaultRestartPolicy.stopGraceMs,
    })
    if (report.supervisorAlive !== null) {
      logger('debug').warn(
        `A supervisor is running (pid ${report.supervisorAlive}); use \`context-cleaner stop\``,
      )
      process.exitCode = 1
    }
    await writeJson(report)
  },
})

export const debugCommandGroup = defineCommand({
  meta: { name: 'debug', description: 'Inspect and repair the supervisor’s state' },
  subCommands: { registry, processes, cleanup },
})

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString()
}
