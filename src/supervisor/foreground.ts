// The supervisor in this process until it is told to stop (socket `shutdown`, SIGTERM or SIGINT):
// what `run --foreground` does and what the detached daemon runs.

import type { Config } from '../config/load-config.ts'
import type { ProcessStatus } from './protocol.ts'
import { defaultServiceSpecs } from './service-specs.ts'
import { startSupervisor } from './supervisor.ts'
import type { WatchdogLog } from './watchdog.ts'

interface ForegroundOptions {
  config: Config
  version: string
  log: WatchdogLog
  /** Rebuilds the config for `reload-config`. */
  reload: () => Config
  /** Once every service has settled. */
  onStarted: (services: ProcessStatus[]) => Promise<void>
}

/** Resolves when the supervisor has stopped; false if another one already runs for this home. */
export async function superviseInForeground(options: ForegroundOptions): Promise<boolean> {
  const started = await startSupervisor({
    config: options.config,
    specs: defaultServiceSpecs(options.config),
    version: options.version,
    log: options.log,
    reloadSpecs: () => defaultServiceSpecs(options.reload()),
  })
  if ('alreadyRunning' in started) {
    options.log.info(`A supervisor is already running (pid ${started.alreadyRunning})`)
    return false
  }
  const { running } = started
  const stop = () => void running.shutdown((p) => options.log.info(p.message))
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, stop)
  await options.onStarted(await running.started)
  await running.done
  options.log.info('supervisor stopped')
  return true
}
