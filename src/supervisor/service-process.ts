// One spawn of one service: the child process, its output copied line by line into its log, its ready
// line picked out of stdout, and a health check. No policy here; the watchdog decides what to do.

import type { Subprocess } from 'bun'
import { parseReadyLine, type ReadyLine } from '../services/service.ts'
import { supervisedEnv } from '../services/supervised.ts'
import { ceilingPrefix } from './memory-ceiling.ts'
import { createLineSplitter } from './protocol.ts'
import type { RotatingLog } from './rotating-log.ts'
import { commandFor, type ServiceSpec } from './service-specs.ts'
import { errorMessage } from './supervisor-error.ts'

const stderrTailBytes = 4096

interface ServiceExit {
  code: number | null
  signal: string | null
  /** The end of what the service wrote to stderr, for the error shown in `status`. */
  stderrTail: string
}

export interface SpawnedService {
  pid: number
  /** The service's own command (without the ceiling's `prlimit` prefix): what its PID runs. */
  command: string[]
  kill(signal: 'SIGTERM' | 'SIGKILL'): void
  /** Resolves once the process has exited and its output is fully in the log. */
  ended: Promise<ServiceExit>
}

export function spawnService(
  spec: ServiceSpec,
  port: number,
  log: RotatingLog,
  onReady: (ready: ReadyLine) => void,
  /** The ports chosen for `spec.envPorts`, by variable. */
  portEnv: Record<string, string> = {},
): SpawnedService {
  const command = commandFor(spec, port)
  const proc: Subprocess<'pipe', 'pipe', 'pipe'> = Bun.spawn(
    [...ceilingPrefix(spec.memoryLimitBytes), ...command],
    {
      env: { ...process.env, ...spec.env, ...portEnv, [supervisedEnv]: '1' },
      // The service's lifeline: this end stays open (never written) for as long as we live; see
      // src/services/supervised.ts.
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
    },
  )
  const lifeline = proc.stdin
  let ready = false
  const stdoutDone = pump(proc.stdout, (line) => {
    log.line(line)
    if (ready) return
    const parsed = parseReadyLine(line)
    if (parsed && parsed.service === spec.name) {
      ready = true
      onReady(parsed)
    }
  })
  let tail = ''
  const stderrDone = pump(proc.stderr, (line) => {
    log.line(line)
    tail = `${tail}${line}\n`.slice(-stderrTailBytes)
  })
  const ended = Promise.all([proc.exited, stdoutDone, stderrDone]).then(([code]) => {
    closeQuietly(lifeline)
    return {
      code: proc.signalCode ? null : code,
      signal: proc.signalCode === null ? null : String(proc.signalCode),
      stderrTail: tail,
    }
  })
  return {
    pid: proc.pid,
    command,
    kill: (signal) => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal)
    },
    ended,
  }
}

function closeQuietly(sink: { end(): unknown }): void {
  try {
    // end() may answer with a promise that rejects when the child already closed its side.
    const ended = sink.end()
    if (ended instanceof Promise) ended.catch(() => {})
  } catch {
    // Already closed with the process.
  }
}

async function pump(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const split = createLineSplitter(onLine)
  try {
    for await (const chunk of stream) split(chunk)
  } catch {
    // The stream errors when the process is killed mid-write; what arrived is already logged.
  }
  split('\n')
}

/** How an exit reads in `status`: the cause plus the service's last words on stderr. */
export function describeExit(exit: ServiceExit): string {
  const how = exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`
  const last = exit.stderrTail.trim().split('\n').at(-1)?.trim()
  return last ? `${how}: ${last}` : how
}

/** Null when healthy; otherwise what went wrong, in words. */
export async function checkHealth(host: string, port: number, timeoutMs: number): Promise<string | null> {
  const hostPart = host.includes(':') ? `[${host}]` : host
  try {
    const response = await fetch(`http://${hostPart}:${port}/healthz`, {
      signal: AbortSignal.timeout(timeoutMs),
    })
    await response.body?.cancel()
    return response.ok ? null : `health check failed: HTTP ${response.status}`
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return `health check timed out after ${timeoutMs} ms`
    }
    return `health check failed: ${errorMessage(error)}`
  }
}
