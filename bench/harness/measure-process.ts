// Runs one command and measures it: wall-clock time, and peak resident memory from GNU time
// (`/usr/bin/time -v`, the kernel's maxrss of the process) or, without it, by polling VmHWM.

import { existsSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa } from 'execa'

export interface Measured {
  exitCode: number | undefined
  wallMs: number
  peakRssKb: number
  /** User + system CPU seconds (GNU time only; NaN when polling). Steadier than wall time on a busy machine. */
  cpuS: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  cwd: string
  env: Record<string, string>
  /** @default 30 minutes */
  timeoutMs?: number
  /** Written to the command's stdin (else it reads an empty one). */
  input?: string
}

const GNU_TIME = '/usr/bin/time'

export function memorySource(): 'gnu-time' | 'proc-vmhwm' {
  return existsSync(GNU_TIME) ? 'gnu-time' : 'proc-vmhwm'
}

export async function runMeasured(
  command: string,
  args: readonly string[],
  opts: RunOptions,
): Promise<Measured> {
  return memorySource() === 'gnu-time' ? withGnuTime(command, args, opts) : withPolling(command, args, opts)
}

const execaOptions = (opts: RunOptions) =>
  ({
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: false,
    reject: false,
    timeout: opts.timeoutMs ?? 30 * 60_000,
    forceKillAfterDelay: 5000,
    maxBuffer: 512 * 1024 * 1024,
    stripFinalNewline: false,
    ...(opts.input === undefined ? {} : { input: opts.input }),
  }) as const

async function withGnuTime(command: string, args: readonly string[], opts: RunOptions): Promise<Measured> {
  const report = join(tmpdir(), `bench-time-${process.pid}-${Math.random().toString(36).slice(2)}.txt`)
  const started = performance.now()
  const result = await execa(GNU_TIME, ['-v', '-o', report, command, ...args], execaOptions(opts))
  const wallMs = performance.now() - started
  let peakRssKb = 0
  let cpuS = Number.NaN
  try {
    const text = readFileSync(report, 'utf8')
    peakRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] ?? 0)
    const seconds = (label: string) =>
      Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(text)?.[1] ?? Number.NaN)
    cpuS = seconds('User') + seconds('System')
    // GNU time exits with the command's status; a signal shows up in its report instead.
    if (/Command terminated by signal/.test(text) && result.exitCode === 0) result.exitCode = 128
  } finally {
    rmSync(report, { force: true })
  }
  return {
    exitCode: result.exitCode,
    wallMs,
    peakRssKb,
    cpuS,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
  }
}

async function withPolling(command: string, args: readonly string[], opts: RunOptions): Promise<Measured> {
  const started = performance.now()
  const child = execa(command, [...args], execaOptions(opts))
  let peakRssKb = 0
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
      peakRssKb = Math.max(peakRssKb, Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0))
    } catch {
      // The process is gone; the last sample stands.
    }
  }, 10)
  const result = await child
  clearInterval(poll)
  return {
    exitCode: result.exitCode,
    wallMs: performance.now() - started,
    peakRssKb,
    cpuS: Number.NaN,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
  }
}
