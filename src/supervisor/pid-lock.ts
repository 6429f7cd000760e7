// One supervisor per home directory: the PID file is the lock. It is created atomically (link of a
// complete temp file, so nobody reads it half-written); a stale one (its writer is gone) is taken
// over under a short-lived second lock, so two racing starters cannot both remove it.

import { linkSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { isAlive, startTime } from './process-info.ts'

type LockResult = { acquired: true; release(): void } | { acquired: false; holder: number }

interface PidFileContent {
  pid: number
  startTime: string | null
}

export function parsePidFile(text: string): PidFileContent | null {
  const [pid, start] = text.trim().split(/\s+/)
  const n = Number(pid)
  if (!Number.isInteger(n) || n <= 0) return null
  return { pid: n, startTime: start && start !== '-' ? start : null }
}

export function readPidFile(path: string): PidFileContent | null {
  try {
    return parsePidFile(readFileSync(path, 'utf8'))
  } catch {
    return null
  }
}

/** The process named in the file is still the one that wrote it. */
export function holderAlive(content: PidFileContent): boolean {
  if (!isAlive(content.pid)) return false
  return content.startTime === null || startTime(content.pid) === content.startTime
}

export async function acquirePidLock(path: string): Promise<LockResult> {
  const me = `${process.pid} ${startTime(process.pid) ?? '-'}\n`
  const tmp = `${path}.${process.pid}.tmp`
  for (let attempt = 0; attempt < 200; attempt++) {
    writeFileSync(tmp, me, { mode: 0o600 })
    try {
      linkSync(tmp, path)
      return { acquired: true, release: () => releaseIfMine(path) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    } finally {
      rmSync(tmp, { force: true })
    }
    const holder = readPidFile(path)
    if (holder && holderAlive(holder)) return { acquired: false, holder: holder.pid }
    await takeOverStale(path, holder)
  }
  throw new Error(`Could not take the lock ${path}`)
}

async function takeOverStale(path: string, seen: PidFileContent | null): Promise<void> {
  const guard = `${path}.takeover`
  try {
    writeFileSync(guard, String(process.pid), { flag: 'wx', mode: 0o600 })
  } catch {
    // Someone else is taking over; a guard left by a crash expires.
    if (ageMs(guard) > 5000) rmSync(guard, { force: true })
    await Bun.sleep(10)
    return
  }
  try {
    const now = readPidFile(path)
    if (now?.pid === seen?.pid && now?.startTime === seen?.startTime) rmSync(path, { force: true })
  } finally {
    unlinkSync(guard)
  }
}

function releaseIfMine(path: string): void {
  if (readPidFile(path)?.pid === process.pid) rmSync(path, { force: true })
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs
  } catch {
    return 0
  }
}
