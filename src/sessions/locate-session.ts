// Finds a session's transcript: by id or unique id prefix (through the store's sessions table and the
// Claude directories, so sessions not imported yet are found too), by path, the most recently written
// one with `--latest`, or without either the most recent one of the current directory.

import { existsSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { discoverTranscripts, type TranscriptFile } from '../ingest/discover-transcripts.ts'
import type { SessionRecord } from '../model/records.ts'
import { ContextError } from './context-error.ts'
import { ambiguousMessage, matchSessionPrefix } from './session-prefix.ts'

/** The store reads this needs; the CLI passes the store's dashboard reads. */
export interface SessionLookup {
  session(sessionId: string): Promise<SessionRecord | null>
  /** Stored session ids that start with `prefix`, at most `limit` of them. */
  sessionIdsByPrefix?(prefix: string, limit: number): Promise<string[]>
}

export interface SessionRef {
  /** A session id, a unique prefix of one, or a path to a transcript file. */
  session?: string | undefined
  latest?: boolean | undefined
  /** Without a session or `latest`: the most recent session of this directory. */
  cwd?: string | undefined
}

export interface LocatedSession {
  sessionId: string
  path: string
  found: 'path' | 'store' | 'scan' | 'latest' | 'cwd'
}

// Enough to tell an ambiguous prefix from a unique one and list a few of the matches.
const PREFIX_LIMIT = 50

export async function locateSession(
  ref: SessionRef,
  claudeDirs: readonly string[],
  lookup: SessionLookup | null,
): Promise<LocatedSession> {
  if (ref.latest) return latestSession(claudeDirs)
  const session = ref.session?.trim() ?? ''
  if (session === '') {
    if (ref.cwd !== undefined) return latestSession(claudeDirs, ref.cwd)
    throw new ContextError('session-not-found', 'Give a session id, or --latest')
  }
  if (session.endsWith('.jsonl') && existsSync(session)) {
    const path = resolve(session)
    return { sessionId: basename(path, '.jsonl'), path, found: 'path' }
  }
  const files = discoverTranscripts(claudeDirs).files.filter((f) => !f.isSubagent)
  const sessionId = await resolveSessionId(session, files, lookup, claudeDirs)
  const stored = await lookup?.session(sessionId)
  if (stored?.transcriptPath && existsSync(stored.transcriptPath))
    return { sessionId, path: stored.transcriptPath, found: 'store' }
  const file = files.find((f) => f.sessionId === sessionId)
  if (file !== undefined) return { sessionId, path: file.path, found: 'scan' }
  throw new ContextError(
    'session-not-found',
    `Session ${sessionId} is in the store but its transcript is not under ${claudeDirs.join(', ')}`,
  )
}

async function resolveSessionId(
  input: string,
  files: readonly TranscriptFile[],
  lookup: SessionLookup | null,
  claudeDirs: readonly string[],
): Promise<string> {
  const stored = (await lookup?.sessionIdsByPrefix?.(input, PREFIX_LIMIT)) ?? []
  const exact = stored.length === 0 && (await lookup?.session(input)) ? [input] : []
  const match = matchSessionPrefix(input, [...files.map((f) => f.sessionId), ...stored, ...exact])
  if (match.kind === 'found') return match.sessionId
  if (match.kind === 'ambiguous')
    throw new ContextError('session-ambiguous', ambiguousMessage(input, match.candidates))
  throw new ContextError(
    'session-not-found',
    `Unknown session ${input}: no session id starts with it, in the store or under ${claudeDirs.join(', ')}`,
  )
}

/** Claude Code names a project's folder after its cwd with every character but letters and digits as `-`. */
export function projectDirOf(cwd: string): string {
  return cwd.replace(/[^a-zA-Z0-9]/g, '-')
}

function latestSession(claudeDirs: readonly string[], cwd?: string): LocatedSession {
  const project = cwd === undefined ? null : projectDirOf(resolve(cwd))
  let best: { path: string; sessionId: string; mtime: number } | null = null
  for (const f of discoverTranscripts(claudeDirs).files) {
    if (f.isSubagent || (project !== null && f.projectDir !== project)) continue
    const mtime = mtimeOf(f.path)
    if (best === null || mtime > best.mtime) best = { path: f.path, sessionId: f.sessionId, mtime }
  }
  if (best === null)
    throw new ContextError(
      'no-sessions',
      cwd === undefined
        ? `No session transcripts under ${claudeDirs.join(', ')}`
        : `No session of ${resolve(cwd)} under ${claudeDirs.join(', ')}: give a session id (or a unique prefix), or --latest`,
    )
  return { sessionId: best.sessionId, path: best.path, found: cwd === undefined ? 'latest' : 'cwd' }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs
  } catch {
    return 0
  }
}
