// Starts the "context clean would save" scan in a process of its own when the statusline has no time
// for it: one at a time per session (a lock file, taken over when older than a scan can take), detached,
// silent, so Claude Code cancelling the statusline does not stop it.

import { closeSync, openSync, statSync } from 'node:fs'
import { internalEntryCommand } from '../runtime/entry-points.ts'
import { savingsPaths } from './line-cache.ts'

const LOCK_STALE_MS = 120_000

/** The environment that tells the background scan what to scan (scan-savings-main.ts reads it). */
export const scanEnv = {
  transcript: 'CONTEXT_CLEANER_SCAN_TRANSCRIPT',
  base: 'CONTEXT_CLEANER_SCAN_BASE',
} as const

function takeLock(path: string, now: number): boolean {
  try {
    closeSync(openSync(path, 'wx'))
    return true
  } catch {}
  try {
    if (now - statSync(path).mtimeMs < LOCK_STALE_MS) return false
    closeSync(openSync(path, 'w'))
    return true
  } catch {
    return false
  }
}

export function startBackgroundScan(transcriptPath: string, base: string, now: number): void {
  if (!takeLock(savingsPaths(base).lock, now)) return
  const child = Bun.spawn(internalEntryCommand('statusline-scan'), {
    env: { ...process.env, [scanEnv.transcript]: transcriptPath, [scanEnv.base]: base },
    stdio: ['ignore', 'ignore', 'ignore'],
    detached: true,
  })
  child.unref()
}
