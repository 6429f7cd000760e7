// The supervisor daemon: takes the one-per-home lock, stops whatever a killed predecessor left running,
// opens its socket, starts the services through the watchdog, keeps the registry and its heartbeat
// current, and on shutdown stops everything and removes its socket, PID file and registry rows.

import { rmSync } from 'node:fs'
import type { Config } from '../config/load-config.ts'
import { killOrphans, supervisorRow } from './cleanup.ts'
import { readLastLines } from './log-files.ts'
import { serviceLogPath, supervisorPaths } from './paths.ts'
import { acquirePidLock } from './pid-lock.ts'
import type { ProcessStatus, Progress, Result } from './protocol.ts'
import { protocolVersion } from './protocol.ts'
import { Registry } from './registry.ts'
import { defaultRestartPolicy, type RestartPolicy } from './restart-policy.ts'
import type { RotationOptions } from './rotating-log.ts'
import { assertSafeSocket, checkSocketPath, prepareRunDir, socketStat } from './run-dir.ts'
import type { ServiceSpec } from './service-specs.ts'
import { listenOnSocket } from './socket-server.ts'
import { SupervisorError } from './supervisor-error.ts'
import { type SlotInfo, Watchdog, type WatchdogLog } from './watchdog.ts'

interface SupervisorOptions {
  config: Pick<Config, 'runDir' | 'logsDir' | 'host'>
  specs: ServiceSpec[]
  version: string
  log: WatchdogLog
  policy?: Partial<RestartPolicy>
  rotation?: RotationOptions
  /** Rebuilds the specs from the current config, for `reload-config`. */
  reloadSpecs?: () => ServiceSpec[]
}

type SupervisorState = 'starting' | 'running' | 'stopping'

interface RunningSupervisor {
  /** Resolves once the first start of every service has settled. */
  started: Promise<ProcessStatus[]>
  /** Resolves once the supervisor has stopped everything and removed its files. */
  done: Promise<void>
  shutdown(onProgress?: (p: Progress) => void): Promise<void>
}

type SupervisorStart = { running: RunningSupervisor } | { alreadyRunning: number }

export async function startSupervisor(options: SupervisorOptions): Promise<SupervisorStart> {
  const paths = supervisorPaths(options.config)
  const policy = { ...defaultRestartPolicy, ...options.policy }
  checkSocketPath(paths.socket)
  prepareRunDir(paths.runDir)
  const lock = await acquirePidLock(paths.pidFile)
  if (!lock.acquired) return { alreadyRunning: lock.holder }

  // We hold the lock, so a socket file here is stale, unless it is someone else's.
  const stale = socketStat(paths.socket)
  if (stale) {
    if (!stale.isSocket() || stale.uid !== (process.getuid?.() ?? stale.uid)) {
      lock.release()
      assertSafeSocket(paths.socket, stale)
    }
    rmSync(paths.socket, { force: true })
  }

  const registry = Registry.open(paths.registry)
  const orphans = await killOrphans(registry.all(), policy.stopGraceMs)
  for (const o of orphans)
    options.log.warn(`stopped ${o.name} (pid ${o.pid}) left running by a previous supervisor`)
  registry.clear()

  const startedAt = Date.now()
  let state: SupervisorState = 'starting'
  const recordSelf = () =>
    registry.upsert({
      name: supervisorRow,
      pid: process.pid,
      port: null,
      command: process.argv,
      startedAt,
      state,
      restarts: 0,
      lastHealthCheck: null,
      lastError: null,
      logFile: paths.supervisorLog,
      heartbeatAt: Date.now(),
    })
  recordSelf()

  const watchdog = new Watchdog({
    specs: options.specs,
    host: options.config.host,
    logsDir: paths.logsDir,
    policy,
    ...(options.rotation ? { rotation: options.rotation } : {}),
    log: options.log,
    onChange: (info: SlotInfo) => {
      if (!finished) registry.upsert(rowFor(info))
    },
  })
  const heartbeat = setInterval(() => registry.heartbeat(supervisorRow, Date.now()), policy.heartbeatMs)
  const selfStatus = (): ProcessStatus => ({
    name: supervisorRow,
    pid: process.pid,
    port: null,
    state,
    restarts: 0,
    lastHealthCheck: new Date().toISOString(),
    lastError: null,
    ...watchdog.selfResources(),
    memoryLimitBytes: null,
    warning: null,
  })

  let resolveDone: () => void = () => {}
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve
  })
  let stopping: Promise<Result<'shutdown'>> | null = null
  const stopAll = (onProgress: (p: Progress) => void) => {
    if (stopping) return stopping
    state = 'stopping'
    recordSelf()
    stopping = watchdog.stopAll(onProgress).then((stopped) => {
      onProgress({
        service: supervisorRow,
        state: 'stopping',
        message: `stopping supervisor (pid ${process.pid})`,
      })
      return { stopped }
    })
    return stopping
  }
  let finished = false
  const finish = () => {
    if (finished) return
    finished = true
    clearInterval(heartbeat)
    server.stop(true)
    rmSync(paths.socket, { force: true })
    registry.clear()
    registry.close()
    lock.release()
    resolveDone()
  }

  const server = listenOnSocket(paths.socket, {
    ping: () => ({
      pid: process.pid,
      version: options.version,
      protocol: protocolVersion,
      state,
      startedAt: new Date(startedAt).toISOString(),
    }),
    status: () => ({
      supervisor: selfStatus(),
      services: watchdog.status(),
      history: watchdog.history(supervisorRow),
    }),
    shutdown: async ({ service }, onProgress) => {
      if (service === undefined) return stopAll(onProgress)
      if (state === 'stopping') throw new SupervisorError('shutting-down', 'The supervisor is shutting down')
      return { stopped: await watchdog.stopService(service, onProgress) }
    },
    restartService: async ({ service }, onProgress) => {
      if (state === 'stopping') throw new SupervisorError('shutting-down', 'The supervisor is shutting down')
      return { service: await watchdog.restartService(service, onProgress) }
    },
    reloadConfig: async (onProgress) => {
      const specs = options.reloadSpecs?.() ?? options.specs
      return { restarted: await watchdog.replaceSpecs(specs, onProgress) }
    },
    logs: async ({ service, lines }) => {
      const files = options.specs
        .filter((spec) => service === undefined || spec.name === service)
        .map((spec) => ({ name: spec.name, path: serviceLogPath(paths.logsDir, spec.name) }))
      if (files.length === 0) throw new SupervisorError('unknown-service', `No service named \`${service}\``)
      return {
        files: await Promise.all(
          files.map(async (f) => ({ ...f, lines: await readLastLines(f.path, lines ?? 50) })),
        ),
      }
    },
    afterShutdown: finish,
  })

  const started = watchdog.start().then(() => {
    if (state === 'starting') state = 'running'
    recordSelf()
    return watchdog.status()
  })
  return {
    running: {
      started,
      done,
      async shutdown(onProgress = () => {}) {
        await stopAll(onProgress)
        finish()
      },
    },
  }
}

function rowFor(info: SlotInfo) {
  const r = info.record
  return {
    name: r.name,
    pid: r.pid,
    port: r.port,
    command: info.command,
    startedAt: info.startedAt,
    state: r.state,
    restarts: r.restarts,
    lastHealthCheck: r.lastHealthCheck,
    lastError: r.lastError,
    logFile: info.logFile,
    heartbeatAt: null,
  }
}
