// Claude Code's settings.json as a file: read as a JSON object, written atomically in place of the
// old one (through a symlink, keeping its mode and owner). Shared by `setup claude` and
// `setup claude --statusline`.

import { existsSync, mkdirSync, readFileSync, readlinkSync, type Stats, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import type { ClaudeSettings } from '../otlp/claude-telemetry-settings.ts'

export class SetupError extends Error {
  readonly code = 'invalid-claude-settings'
  constructor(message: string) {
    super(message)
    this.name = 'SetupError'
  }
}

export function readSettings(path: string): ClaudeSettings {
  if (!existsSync(path)) return {}
  let value: unknown
  try {
    value = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new SetupError(`Cannot read ${path}: ${reason}; fix or move it, then run setup again`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SetupError(`Expected ${path} to hold a JSON object`)
  return value as ClaudeSettings
}

export function statOrNull(path: string): Stats | null {
  try {
    return statSync(path)
  } catch {
    return null
  }
}

/**
 * Atomic (a crash mid-write must not leave Claude Code with half a settings file), through a
 * symlinked settings.json to its target (dotfile managers link it), keeping the mode and owner of
 * `like` (the settings file as it was), or 0600 for a file that is new.
 */
export function writeSettings(path: string, value: ClaudeSettings, like: Stats | null): void {
  const target = linkTarget(path)
  mkdirSync(dirname(target), { recursive: true })
  writeFileAtomic.sync(target, `${JSON.stringify(value, null, 2)}\n`, {
    mode: like === null ? 0o600 : like.mode & 0o7777,
    ...(like === null ? {} : { chown: { uid: like.uid, gid: like.gid } }),
  })
}

/**
 * Where a write to `path` lands: the end of its chain of symlinks, even when that file does not exist
 * yet (a dotfile manager's link made before its repository is checked out). write-file-atomic follows
 * only links whose target exists; a dangling one it replaced with a plain file, cutting the link.
 */
export function linkTarget(path: string): string {
  let target = path
  // As many hops as Linux follows before it gives up (ELOOP); the write then fails on its own.
  for (let hops = 0; hops < 40; hops++) {
    let link: string
    try {
      link = readlinkSync(target)
    } catch {
      return target
    }
    target = resolve(dirname(target), link)
  }
  return target
}
