// Runs the services: starts each once the services it depends on are up, checks their health and samples
// their memory and CPU on an interval, and carries out what the state machine in service-state.ts
// decides (kill, restart after backoff, retry slowly). Stops them in reverse start order.

import { mkdirSync } from 'node:fs'
import { formatMegabytes } from '../analytics/format-figures.ts'
import { serviceLogPath } from './paths.ts'
import { pickEnvPorts, pickPort, probeHost } from './ports.ts'
import type { ProcessStatus, Progress, ResourceHistory } from './protocol.ts'
import { readProcesses } from './resource-sampler.ts'
import {
  cpuWarning,
  current,
  emptyWatch,
  forget,
  observe,
  type ResourceThresholds,
  type ResourceWatch,
} from './resource-watch.ts'
import type { RestartPolicy } from './restart-policy.ts'
import { defaultRotation, RotatingLog, type RotationOptions } from './rotating-log.ts'
import { checkHealth, describeExit, type SpawnedService, spawnService } from './service-process.ts'
import { type ServiceSpec, unavailableReason } from './service-specs.ts'
import {
  initialRecord,
  type ServiceEvent,
  type ServiceRecord,
  type ServiceState,
  settledStates,
  toProcessStatus,
  transition,
} from './service-state.ts'
import { errorMessage, SupervisorError } from './supervisor-error.ts'

export interface WatchdogLog {
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

export interface SlotInfo {
  record: ServiceRecord
  command: string[]
  startedAt: number | null
  logFile: string
}

interface WatchdogOptions {
  specs: ServiceSpec[]
  host: string
  logsDir: string
  policy: RestartPolicy
  rotation?: RotationOptions
  log: WatchdogLog
  /** Called after every state change, to keep the registry current. */
  onChange(info: SlotInfo): void
}

type OnProgress = (progress: Progress) => void

interface Slot {
  spec: ServiceSpec
  record: ServiceRecord
  log: RotatingLog
  logFile: string
  child: SpawnedService | null
  command: string[]
  startedAt: number | null
  restartTimer: ReturnType<typeof setTimeout> | null
  checking: boolean
  resources: ResourceWatch
  warning: string | null
  waiters: Array<{ until: (s: ServiceState) => boolean; resolve: () => void }>
}

export class Watchdog {
  readonly #slots: Slot[]
  readonly #host: string
  #healthTimer: ReturnType<typeof setInterval> | null = null
  #closing = false
  /** The supervisor's own memory and CPU, sampled with the services'. */
  #self: ResourceWatch = emptyWatch
  #sampling = false
  #resourcesLoggedAt = 0

  constructor(private readonly options: WatchdogOptions) {
    mkdirSync(options.logsDir, { recursive: true, mode: 0o700 })
    this.#host = probeHost(options.host)
    this.#slots = options.specs.map((spec) => {
      const logFile = serviceLogPath(options.logsDir, spec.name)
      return {
        spec,
        record: initialRecord(spec.name),
        log: new RotatingLog(logFile, options.rotation ?? defaultRotation),
        logFile,
        child: null,
        command: [],
        startedAt: null,
        restartTimer: null,
        checking: false,
        resources: emptyWatch,
        warning: null,
        waiters: [],
      }
    })
  }

  /**
   * Starts each service once the services it depends on have settled (running, skipped or failed:
   * a broken dependency must not hold the others back forever); resolves when all have settled.
   */
  async start(): Promise<void> {
    this.#healthTimer = setInterval(() => this.#checkAll(), this.options.policy.healthIntervalMs)
    const settled = new Map<string, Promise<void>>()
    for (const slot of this.#slots) {
      const deps = slot.spec.dependsOn.flatMap((d) => settled.get(d) ?? [])
      const done = Promise.all(deps).then(() => {
        if (this.#closing) return
        this.#spawn(slot)
        return this.#until(slot, (s) => settledStates.includes(s))
      })
      settled.set(slot.spec.name, done)
    }
    await Promise.all(settled.values())
  }

  status(): ProcessStatus[] {
    return this.#slots.map((slot) =>
      toProcessStatus(slot.record, {
        ...current(slot.resources),
        memoryLimitBytes: slot.spec.memoryLimitBytes,
        warning: slot.warning,
      }),
    )
  }

  /** The supervisor's own latest memory and CPU figures. */
  selfResources(): { rssBytes: number | null; cpuPercent: number | null } {
    return current(this.#self)
  }

  /** The last few minutes of samples, the supervisor's first. */
  history(supervisorName: string): ResourceHistory[] {
    return [
      { name: supervisorName, samples: this.#self.history },
      ...this.#slots.map((slot) => ({ name: slot.spec.name, samples: slot.resources.history })),
    ]
  }

  /** Stops every service, last started first. */
  async stopAll(onProgress: OnProgress): Promise<string[]> {
    this.#closing = true
    if (this.#healthTimer) clearInterval(this.#healthTimer)
    const stopped: string[] = []
    for (const slot of [...this.#slots].reverse()) {
      if (await this.#stop(slot, onProgress)) stopped.push(slot.spec.name)
      slot.log.close()
    }
    return stopped
  }

  async stopService(name: string, onProgress: OnProgress): Promise<string[]> {
    const slot = this.#slot(name)
    return (await this.#stop(slot, onProgress)) ? [name] : []
  }

  /** Stops (if running) and starts one service again, forgiving earlier failures. */
  async restartService(name: string, onProgress: OnProgress): Promise<ProcessStatus> {
    const slot = this.#slot(name)
    await this.#stop(slot, onProgress)
    this.#dispatch(slot, { type: 'forgive' })
    onProgress({ service: name, state: 'starting', message: `starting ${name}` })
    this.#spawn(slot)
    await this.#until(slot, (s) => settledStates.includes(s))
    const status = toProcessStatus(slot.record)
    onProgress({ service: name, state: status.state, message: `${name} ${status.state}` })
    return status
  }

  /** Swaps in new specs; services whose spec changed are restarted. */
  async replaceSpecs(specs: ServiceSpec[], onProgress: OnProgress): Promise<string[]> {
    const restarted: string[] = []
    for (const slot of this.#slots) {
      const next = specs.find((s) => s.name === slot.spec.name)
      if (!next || JSON.stringify(next) === JSON.stringify(slot.spec)) continue
      slot.spec = next
      await this.restartService(slot.spec.name, onProgress)
      restarted.push(slot.spec.name)
    }
    return restarted
  }

  #slot(name: string): Slot {
    const slot = this.#slots.find((s) => s.spec.name === name)
    if (!slot) {
      const known = this.#slots.map((s) => s.spec.name).join(', ')
      throw new SupervisorError('unknown-service', `Expected a service (${known}), got \`${name}\``)
    }
    return slot
  }

  #spawn(slot: Slot): void {
    slot.restartTimer = null
    if (this.#closing) return
    const restart = slot.startedAt !== null
    const startedAt = Date.now()
    let child: SpawnedService
    try {
      const { port, moved } = pickPort(this.#host, slot.spec.port)
      if (moved) this.#say(slot, 'warn', `port ${slot.spec.port} is taken by another program; using ${port}`)
      const extra = pickEnvPorts(this.#host, slot.spec.envPorts ?? {}, port)
      for (const m of extra.moved)
        this.#say(
          slot,
          'warn',
          `port ${m.preferred} (${m.name}) is taken by another program; using ${m.port}`,
        )
      child = spawnService(
        slot.spec,
        port,
        slot.log,
        (ready) => {
          if (slot.child !== child) return
          this.#dispatch(slot, { type: 'ready', port: ready.port, at: Date.now() })
          void this.#awaitHealthy(slot, child, startedAt)
        },
        extra.env,
      )
    } catch (error) {
      // A program that cannot even be spawned counts as a failed attempt, like a crash.
      slot.startedAt = startedAt
      const reason = `cannot start: ${errorMessage(error)}`
      this.#dispatch(slot, { type: 'exited', at: startedAt, reason, unavailable: null })
      return
    }
    slot.child = child
    slot.command = child.command
    slot.startedAt = startedAt
    this.#dispatch(slot, { type: 'spawned', pid: child.pid, at: startedAt, restart })
    const readyTimer = setTimeout(() => {
      if (slot.child !== child || slot.record.port !== null) return
      const error = `no ready line within ${this.options.policy.readyTimeoutMs} ms`
      this.#dispatch(slot, { type: 'ready-timeout', at: Date.now(), error })
    }, this.options.policy.readyTimeoutMs)
    void child.ended.then((exit) => {
      clearTimeout(readyTimer)
      if (slot.child !== child) return
      slot.child = null
      // Only a service that never got going can be "not available"; later exits are crashes.
      const unavailable = slot.record.port === null ? unavailableReason(exit.stderrTail) : null
      this.#dispatch(slot, { type: 'exited', at: Date.now(), reason: describeExit(exit), unavailable })
    })
  }

  /** Right after the ready line, poll quickly so start-up is not held back by the check interval. */
  async #awaitHealthy(slot: Slot, child: SpawnedService, startedAt: number): Promise<void> {
    const { healthTimeoutMs, readyTimeoutMs } = this.options.policy
    while (slot.child === child && slot.record.state === 'starting' && slot.record.port !== null) {
      const error = await checkHealth(this.#host, slot.record.port, healthTimeoutMs)
      if (slot.child !== child || slot.record.state !== 'starting') return
      if (error === null) {
        this.#dispatch(slot, { type: 'health-ok', at: Date.now() })
        return
      }
      if (Date.now() - startedAt > readyTimeoutMs) {
        this.#dispatch(slot, { type: 'ready-timeout', at: Date.now(), error })
        return
      }
      await Bun.sleep(25)
    }
  }

  #checkAll(): void {
    // Sampling is a report; a failure of it must never take the supervisor down.
    this.#sampleResources().catch((error) =>
      this.options.log.warn(`resource sample failed: ${errorMessage(error)}`),
    )
    for (const slot of this.#slots) {
      const { state, port } = slot.record
      if (slot.checking || port === null || (state !== 'running' && state !== 'unhealthy')) continue
      slot.checking = true
      const child = slot.child
      void checkHealth(this.#host, port, this.options.policy.healthTimeoutMs).then((error) => {
        slot.checking = false
        if (slot.child !== child) return
        const at = Date.now()
        this.#dispatch(
          slot,
          error === null ? { type: 'health-ok', at } : { type: 'health-failed', at, error },
        )
      })
    }
  }

  /** One memory and CPU sample of every running process; acts on a service over its limit. */
  async #sampleResources(): Promise<void> {
    if (this.#sampling) return
    this.#sampling = true
    try {
      const running = this.#slots.flatMap((slot) => (slot.child ? [{ slot, child: slot.child }] : []))
      const readings = await readProcesses([process.pid, ...running.map((r) => r.child.pid)])
      const at = Date.now()
      const own = readings.get(process.pid)
      if (own) this.#self = observe(this.#self, process.pid, at, own, this.#thresholds(null)).watch
      for (const slot of this.#slots) {
        const reading = slot.child ? readings.get(slot.child.pid) : undefined
        if (!slot.child || !reading) {
          if (slot.resources.pid !== null && !slot.child) slot.resources = forget(slot.resources)
          this.#noteWarning(slot, null)
          continue
        }
        const thresholds = this.#thresholds(slot.spec.memoryLimitBytes)
        const observed = observe(slot.resources, slot.child.pid, at, reading, thresholds)
        slot.resources = observed.watch
        this.#noteWarning(slot, cpuWarning(observed.watch, thresholds))
        if (observed.overLimit !== null)
          this.#dispatch(slot, { type: 'over-memory-limit', at, error: observed.overLimit })
      }
      if (at - this.#resourcesLoggedAt >= this.options.policy.resourceLogMs) {
        this.#resourcesLoggedAt = at
        this.options.log.info(`resources: ${this.#resourceLine()}`)
      }
    } finally {
      this.#sampling = false
    }
  }

  #thresholds(memoryLimitBytes: number | null): ResourceThresholds {
    const { memoryChecksBeforeRestart, cpuWarnPercent, cpuWarnAfterMs } = this.options.policy
    return { memoryLimitBytes, overLimitSamples: memoryChecksBeforeRestart, cpuWarnPercent, cpuWarnAfterMs }
  }

  /** Logs a CPU warning when it begins and when it ends, not on every sample in between. */
  #noteWarning(slot: Slot, warning: string | null): void {
    const before = slot.warning
    slot.warning = warning
    if (warning !== null && before === null) this.#say(slot, 'warn', warning)
    if (warning === null && before !== null) this.#say(slot, 'info', 'CPU back below the warning level')
  }

  /** `supervisor 41 MB 0.5% CPU, ingest 52 MB of 384 MB 0.1% CPU, …` */
  #resourceLine(): string {
    const figures = (name: string, watch: ResourceWatch, limit: number | null) => {
      const { rssBytes, cpuPercent } = current(watch)
      if (rssBytes === null) return `${name} not running`
      const of = limit === null ? '' : ` of ${formatMegabytes(limit)}`
      const cpu = cpuPercent === null ? '' : ` ${cpuPercent}% CPU`
      return `${name} ${formatMegabytes(rssBytes)}${of}${cpu}`
    }
    return [
      figures('supervisor', this.#self, null),
      ...this.#slots.map((slot) => figures(slot.spec.name, slot.resources, slot.spec.memoryLimitBytes)),
    ].join(', ')
  }

  async #stop(slot: Slot, onProgress: OnProgress): Promise<boolean> {
    const name = slot.spec.name
    const say = (state: string, message: string) => onProgress({ service: name, state, message })
    if (slot.restartTimer) clearTimeout(slot.restartTimer)
    slot.restartTimer = null
    const child = slot.child
    if (!child) {
      // Waiting for a restart (quick or slow): nothing to kill, but no restart either.
      if (slot.record.state === 'backoff' || slot.record.state === 'failed')
        this.#dispatch(slot, { type: 'stop-requested', at: Date.now() })
      return false
    }
    const began = Date.now()
    say('stopping', `stopping ${name} (pid ${child.pid})`)
    this.#dispatch(slot, { type: 'stop-requested', at: began })
    const grace = this.options.policy.stopGraceMs
    const inTime = await Promise.race([child.ended.then(() => true), Bun.sleep(grace).then(() => false)])
    if (!inTime) child.kill('SIGKILL')
    await this.#until(slot, (s) => s === 'stopped')
    const forced = inTime ? '' : ` (no exit ${grace} ms after SIGTERM; killed)`
    say('stopped', `stopped ${name} in ${Date.now() - began} ms${forced}`)
    return true
  }

  #dispatch(slot: Slot, event: ServiceEvent): void {
    const before = slot.record
    const { record, effect } = transition(before, event, this.options.policy)
    slot.record = record
    if (record.state !== before.state) slot.log.line(`[supervisor] ${slot.spec.name} ${record.state}`)
    switch (effect.type) {
      case 'none':
        break
      case 'kill':
        if (record.killReason) this.#say(slot, 'warn', `killing: ${record.killReason}`)
        this.#kill(slot, effect.signal)
        break
      case 'restart-after':
        this.#say(slot, 'warn', `${record.lastError}; restarting in ${effect.delayMs} ms`)
        slot.restartTimer = setTimeout(() => this.#spawn(slot), effect.delayMs)
        break
      case 'retry-slowly':
        this.#say(slot, 'error', `marked failed: ${record.lastError}`)
        slot.restartTimer = setTimeout(() => this.#spawn(slot), effect.delayMs)
        break
      default:
        effect satisfies never
    }
    this.options.onChange({ record, command: slot.command, startedAt: slot.startedAt, logFile: slot.logFile })
    const waiting = slot.waiters
    slot.waiters = waiting.filter((w) => !w.until(record.state))
    for (const w of waiting) if (w.until(record.state)) w.resolve()
  }

  /** A watchdog SIGTERM (memory limit) becomes a SIGKILL if the service has not gone within the grace. */
  #kill(slot: Slot, signal: 'SIGTERM' | 'SIGKILL'): void {
    const child = slot.child
    if (!child) return
    child.kill(signal)
    if (signal !== 'SIGTERM' || slot.record.state === 'stopping') return
    const grace = setTimeout(() => {
      if (slot.child === child) child.kill('SIGKILL')
    }, this.options.policy.stopGraceMs)
    void child.ended.then(() => clearTimeout(grace))
  }

  #until(slot: Slot, until: (s: ServiceState) => boolean): Promise<void> {
    if (until(slot.record.state)) return Promise.resolve()
    return new Promise((resolve) => slot.waiters.push({ until, resolve }))
  }

  #say(slot: Slot, level: 'info' | 'warn' | 'error', message: string): void {
    slot.log.line(`[supervisor] ${message}`)
    this.options.log[level](`${slot.spec.name}: ${message}`)
  }
}
