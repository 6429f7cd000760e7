// Finds every Claude Code transcript under the configured Claude directories.

import { readdirSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'
import { type Listing, type ListingCache, listDirectory } from './directory-listings.ts'
import { subagentsDirOf } from './transcript-layout.ts'

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

/** With a listing cache, unchanged directories are not read again (see directory-listings.ts). */
export function discoverTranscripts(claudeDirs: readonly string[], cache?: ListingCache): Discovery {
  const list = cache ? (dir: string) => cache.list(dir) : listDirectory
  const files: TranscriptFile[] = []
  const unreadable: string[] = []
  const seen = new Set<string>()
  for (const dir of claudeDirs) {
    const root = join(dir, 'projects')
    if (!isDirectory(root)) continue
    walk(
      list,
      root,
      [],
      (path, parts) => {
        if (seen.has(path)) return
        seen.add(path)
        files.push(describe(path, parts))
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

// Paths are joined by hand and carry their parts below projects/: path.join and path.relative per
// entry cost more than reading the directories (every report walks the whole tree).
function walk(
  list: (dir: string) => Listing,
  dir: string,
  parts: readonly string[],
  onFile: (path: string, parts: readonly string[]) => void,
  unreadable: string[],
): void {
  let listing: Listing
  try {
    listing = list(dir)
  } catch {
    unreadable.push(dir)
    return
  }
  for (const name of listing.dirs) walk(list, `${dir}${sep}${name}`, [...parts, name], onFile, unreadable)
  for (const name of listing.files) onFile(`${dir}${sep}${name}`, [...parts, name])
}

// projects/<projectDir>/<session>.jsonl and projects/<projectDir>/<session>/subagents/<agent>.jsonl
function describe(path: string, parts: readonly string[]): TranscriptFile {
  const projectDir = parts[0] ?? ''
  const isSubagent = parts.length >= 4 && parts[parts.length - 2] === 'subagents'
  const name = parts[parts.length - 1] ?? ''
  const sessionId = isSubagent ? (parts[parts.length - 3] ?? '') : name.slice(0, -'.jsonl'.length)
  return { path, projectDir, sessionId, isSubagent }
}

/** A session's sub-agent transcripts (transcript-layout.ts), sorted by name; none when there is no folder. */
export function subagentFilesOf(transcriptPath: string): string[] {
  const dir = subagentsDirOf(transcriptPath)
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.jsonl'))
      .sort()
      .map((name) => `${dir}/${name}`)
  } catch {
    return []
  }
}
