// Finds a session's transcript: by id through the store's sessions table, else by scanning the Claude
// directories (a session not imported yet), or the most recently written one with `--latest`.

import { existsSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { discoverTranscripts } from '../ingest/discover-transcripts.ts'
import type { SessionRecord } from '../model/records.ts'
import { ContextError } from './context-error.ts'

/** The one store read this needs; the CLI passes the store's dashboard reads. */
export interface SessionLookup {
  session(sessionId: string): Promise<SessionRecord | null>
}

export interface SessionRef {
  /** A session id, or a path to a transcript file. */
  session?: string | undefined
  latest?: boolean | undefined
}

export interface LocatedSession {
  sessionId: string
  path: string
  found: 'path' | 'store' | 'scan' | 'latest'
}

export async function locateSession(
  ref: SessionRef,
  claudeDirs: readonly string[],
  lookup: SessionLookup | null,
): Promise<LocatedSession> {
  if (ref.latest) return latestSession(claudeDirs)
  const session = ref.session?.trim() ?? ''
  if (session === '') throw new ContextError('session-not-found', 'Give a session id, or --latest')
  if (session.endsWith('.jsonl') && existsSync(session)) {
    const path = resolve(session)
    return { sessionId: basename(path, '.jsonl'), path, found: 'path' }
  }
  const stored = await lookup?.session(session)
  if (stored?.transcriptPath && existsSync(stored.transcriptPath))
    return { sessionId: session, path: stored.transcriptPath, found: 'store' }
  const file = discoverTranscripts(claudeDirs).files.find((f) => !f.isSubagent && f.sessionId === session)
  if (file !== undefined) return { sessionId: session, path: file.path, found: 'scan' }
  throw new ContextError(
    'session-not-found',
    `Unknown session ${session}: not in the store and no ${session}.jsonl under ${claudeDirs.join(', ')}`,
  )
}

function latestSession(claudeDirs: readonly string[]): LocatedSession {
  let best: { path: string; sessionId: string; mtime: number } | null = null
  for (const f of discoverTranscripts(claudeDirs).files) {
    if (f.isSubagent) continue
    const mtime = mtimeOf(f.path)
    if (best === null || mtime > best.mtime) best = { path: f.path, sessionId: f.sessionId, mtime }
  }
  if (best === null)
    throw new ContextError('no-sessions', `No session transcripts under ${claudeDirs.join(', ')}`)
  return { sessionId: best.sessionId, path: best.path, found: 'latest' }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs
  } catch {
    return 0
  }
}
