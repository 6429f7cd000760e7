// Whether Claude Code may still be writing a session. Cleaning a live session would fork it mid-turn, so
// the cleaner refuses when any of these holds:
// - a running Claude Code process has registered it (`<claude dir>/sessions/<pid>.json` names the
//   session and that pid is alive);
// - the transcript's last line has no newline yet (a write in progress);
// - the transcript changed within the last `minIdleMs` (older Claude Code versions register nothing).

import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { ContextError } from './context-error.ts'

/** @default 10 s: long enough to cover a response being streamed in, short enough to clean right after. */
export const DEFAULT_MIN_IDLE_MS = 10_000

export interface ActivityCheck {
  path: string
  sessionId: string
  claudeDirs: readonly string[]
  minIdleMs: number
  now: number
  incompleteTail: boolean
}

export function assertSessionIdle(check: ActivityCheck): void {
  const pid = runningClaudeFor(check.sessionId, check.claudeDirs)
  if (pid !== null)
    throw new ContextError(
      'session-active',
      `Session ${check.sessionId} is open in Claude Code (pid ${pid}); exit it first, then clean`,
    )
  if (check.incompleteTail)
    throw new ContextError(
      'session-active',
      `Session ${check.sessionId} is being written: its last line is incomplete (${check.path})`,
    )
  // 0 asks for no wait at all: a write in the same millisecond as `now` has an mtime past it (mtimes
  // keep the fraction of a millisecond that Date.now() drops), which must not read as "changed just now".
  if (check.minIdleMs <= 0) return
  const idle = check.now - statSync(check.path).mtimeMs
  if (idle < check.minIdleMs)
    throw new ContextError(
      'session-active',
      `Session ${check.sessionId} changed ${Math.max(0, Math.round(idle / 1000))} s ago; wait until it has been idle for ${Math.round(check.minIdleMs / 1000)} s (or pass --min-idle)`,
    )
}

function runningClaudeFor(sessionId: string, claudeDirs: readonly string[]): number | null {
  for (const dir of claudeDirs) {
    const sessionsDir = join(dir, 'sessions')
    let names: string[]
    try {
      names = readdirSync(sessionsDir)
    } catch {
      continue
    }
    for (const name of names) {
      if (!/^\d+\.json$/.test(name)) continue
      const entry = readEntry(join(sessionsDir, name))
      if (entry?.sessionId === sessionId && isAlive(entry.pid)) return entry.pid
    }
  }
  return null
}

function readEntry(path: string): { pid: number; sessionId: string } | null {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'))
    if (typeof value !== 'object' || value === null) return null
    const { pid, sessionId } = value as Record<string, unknown>
    return typeof pid === 'number' && typeof sessionId === 'string' ? { pid, sessionId } : null
  } catch {
    return null
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM'
  }
}
