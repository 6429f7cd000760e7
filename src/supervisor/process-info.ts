// Facts about processes we did not spawn in this run (orphans of a killed supervisor, registry rows):
// is it alive, is it still the program we recorded (PIDs get reused), and stopping it.

import { existsSync, readFileSync } from 'node:fs'

const hasProc = existsSync('/proc/self/stat')

/** Alive and not a zombie: an orphan's parent may be an init that never reaps. */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
  } catch (error) {
    // EPERM: alive but someone else's; it is not ours to manage either way.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  if (!hasProc) return true
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
    return state !== 'Z' && state !== 'X'
  } catch {
    return false
  }
}

/**
 * When the process started (clock ticks since boot, from /proc), so a PID file can tell its writer
 * from a later process that got the same PID. Null where /proc is missing.
 */
export function startTime(pid: number): string | null {
  if (!hasProc) return null
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null
  } catch {
    return null
  }
}

export function commandLine(pid: number): string[] | null {
  if (hasProc) {
    try {
      const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      return raw.split('\0').filter((part) => part.length > 0)
    } catch {
      return null
    }
  }
  const ps = Bun.spawnSync(['ps', '-o', 'command=', '-p', String(pid)], { stderr: 'ignore' })
  const text = ps.stdout.toString().trim()
  return ps.exitCode === 0 && text ? text.split(/\s+/) : null
}

/**
 * Whether `pid` still runs the command we recorded. The program path may be spelled differently
 * (`bun` vs `/usr/local/bin/bun`), so the arguments after it decide.
 */
export function runsCommand(pid: number, command: readonly string[]): boolean {
  if (!isAlive(pid)) return false
  const actual = commandLine(pid)
  if (!actual) return false
  const want = command.slice(1).join(' ')
  return want.length > 0 && actual.slice(1).join(' ') === want
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL. Resolves true if it had to force. */
export async function terminate(pid: number, graceMs: number): Promise<boolean> {
  if (!send(pid, 'SIGTERM')) return false
  if (await gone(pid, graceMs)) return false
  send(pid, 'SIGKILL')
  await gone(pid, 2000)
  return true
}

export async function gone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false
    await Bun.sleep(10)
  }
  return true
}

function send(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal)
    return true
  } catch {
    return false
  }
}
