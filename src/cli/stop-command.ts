import { defineCommand } from 'citty'
import { type CleanupReport, cleanupStale } from '../supervisor/cleanup.ts'
import { supervisorPaths } from '../supervisor/paths.ts'
import { readPidFile } from '../supervisor/pid-lock.ts'
import { gone, terminate } from '../supervisor/process-info.ts'
import { defaultRestartPolicy } from '../supervisor/restart-policy.ts'
import { callSupervisor, pingSupervisor } from '../supervisor/socket-client.ts'
import { configArgs, configFrom } from './common-args.ts'
import { logger } from './output.ts'

const log = logger('stop')
const graceMs = defaultRestartPolicy.stopGraceMs

export const stopCommand = defineCommand({
  meta: {
    name: 'stop',
    description:
      'Stop the services (dashboard, collector, ingest) and the supervisor, leaving nothing behind',
  },
  args: {
    ...configArgs,
    service: {
      type: 'string',
      description: 'Stop only this service; the supervisor keeps running',
      valueHint: 'NAME',
    },
  },
  run: async ({ args }) => {
    const paths = supervisorPaths(configFrom(args))
    const ping = await pingSupervisor(paths.socket)
    if (!ping) {
      const report = await cleanupStale(paths, {
        graceMs,
        killUnresponsiveSupervisor: true,
        ...(args.service ? { only: args.service } : {}),
      })
      const found = report.killed.length + report.removedRows.length + report.removedFiles.length > 0
      if (!found) return log.info('Nothing was running')
      log.warn('No supervisor answered; stopped what the registry listed')
      return describe(report)
    }
    const result = await callSupervisor(
      paths.socket,
      'shutdown',
      args.service ? { service: args.service } : {},
      { onProgress: (p) => log.info(p.message), timeoutMs: graceMs * 4 + 10_000 },
    )
    if (args.service) {
      if (result.stopped.length === 0) log.info(`${args.service} was not running`)
      return
    }
    // The reply comes just before the supervisor removes its files and exits; wait for that too.
    const pid = readPidFile(paths.pidFile)?.pid ?? ping.pid
    if (!(await gone(pid, graceMs))) await terminate(pid, graceMs)
    describe(await cleanupStale(paths, { graceMs }))
    log.success('stopped')
  },
})

function describe(report: CleanupReport): void {
  for (const k of report.killed) {
    log.info(`stopped ${k.name} (pid ${k.pid})${k.forced ? ' with SIGKILL; it ignored SIGTERM' : ''}`)
  }
  if (report.removedRows.length > 0) log.info(`removed registry rows: ${report.removedRows.join(', ')}`)
  for (const file of report.removedFiles) log.info(`removed ${file}`)
  for (const file of report.refused) log.warn(`left ${file} alone`)
}
