// Finds every Claude Code transcript under the configured Claude directories.

import { type Dirent, readdirSync, statSync } from 'node:fs'
import { basename, join, relative, sep } from 'node:path'

export interface TranscriptFile {
  path: string
  /** The folder under `projects/` (Claude Code's encoding of the session's cwd). */
  projectDir: string
  /** Session id the file belongs to (for sub-agent files, the parent session). */
  sessionId: string
  isSubagent: boolean
}

export interface Discovery {
  files: TranscriptFile[]
  /** Directories that exist but could not be read. */
  unreadable: string[]
}

export function discoverTranscripts(claudeDirs: readonly string[]): Discovery {
  const files: TranscriptFile[] = []
  const unreadable: string[] = []
  const seen = new Set<string>()
  for (const dir of claudeDirs) {
    const root = join(dir, 'projects')
    if (!isDirectory(root)) continue
    walk(
      root,
      (path) => {
        if (seen.has(path)) return
        seen.add(path)
        files.push(describe(root, path))
      },
      unreadable,
    )
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1))
  return { files, unreadable }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function walk(dir: string, onFile: (path: string) => void, unreadable: string[]): void {
  let entries: Dirent[]
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    unreadable.push(dir)
    return
  }
  for (const entry of entries) {
    const path = join(dir, entry.name)
    // Symlinked folders are not followed: they can loop, and Claude Code never writes them.
    if (entry.isDirectory()) walk(path, onFile, unreadable)
    else if (entry.isFile() && entry.name.endsWith('.jsonl')) onFile(path)
  }
}

// projects/<projectDir>/<session>.jsonl and projects/<projectDir>/<session>/subagents/<agent>.jsonl
function describe(root: string, path: string): TranscriptFile {
  const parts = relative(root, path).split(sep)
  const projectDir = parts[0] ?? ''
  const isSubagent = parts.length >= 4 && parts[parts.length - 2] === 'subagents'
  const sessionId = isSubagent ? (parts[parts.length - 3] ?? '') : basename(path, '.jsonl')
  return { path, projectDir, sessionId, isSubagent }
}
