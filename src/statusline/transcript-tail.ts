// The session's cost from its transcripts, read incrementally: each run reads only the bytes written
// since the last one (a byte offset per file, kept in a small state file per session), so a long
// session costs the same to show as a short one. Sub-agent transcripts count toward their session.

import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs'
import { basename } from 'node:path'
import type { CostModel } from '../analytics/cost-model.ts'
import { subagentFilesOf } from '../ingest/discover-transcripts.ts'
import { parseTranscriptLine } from '../ingest/parse-transcript-line.ts'
import { totalTokens } from '../model/records.ts'

/** At most this much is read per run; the rest waits for the next run (the time budget holds). */
const MAX_READ_BYTES = 2 * 1024 * 1024
const STATE_VERSION = 1

interface FileOffset {
  ino: number
  offset: number
}

/** Per response key: [total tokens of the copy kept, its cost or null when unpriced, model]. */
type KeptRequest = [number, number | null, string]

export interface TailState {
  version: typeof STATE_VERSION
  files: Record<string, FileOffset>
  requests: Record<string, KeptRequest>
  /** Input side of the main transcript's latest request: what the context holds now. */
  contextTokens: number | null
}

export interface SessionTail {
  costUsd: number
  unpricedModels: string[]
  contextTokens: number | null
  requests: number
  /** False when bytes were left for the next run. */
  complete: boolean
}

const emptyState = (): TailState => ({ version: STATE_VERSION, files: {}, requests: {}, contextTokens: null })

export function readTailState(path: string): TailState {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<TailState>
    if (
      value.version !== STATE_VERSION ||
      typeof value.files !== 'object' ||
      typeof value.requests !== 'object'
    )
      return emptyState()
    return { ...emptyState(), ...value } as TailState
  } catch {
    return emptyState()
  }
}

/**
 * The main transcript and its sub-agents' (transcript-layout.ts), named from the directory the line
 * cache watches, so the cache's file list and its directory key agree.
 */
export function sessionFiles(transcriptPath: string): string[] {
  return [transcriptPath, ...subagentFilesOf(transcriptPath)]
}

/** Reads what is new in each file into `state` (mutated) and sums the session. */
export function advanceTail(state: TailState, files: readonly string[], costs: CostModel): SessionTail {
  let budget = MAX_READ_BYTES
  let complete = true
  files.forEach((path, index) => {
    const read = readNew(path, state.files[path], budget)
    if (!read) return
    budget -= read.bytes
    if (!read.complete) complete = false
    state.files[path] = read.position
    const fallbackSessionId = basename(path, '.jsonl')
    for (const line of read.lines) {
      // Most lines carry no usage; parsing only those that might keeps a large first read fast.
      if (!line.includes('"usage"')) continue
      let value: unknown
      try {
        value = JSON.parse(line)
      } catch {
        continue
      }
      const parsed = parseTranscriptLine(value, { fallbackSessionId, fallbackProject: '' })
      if (parsed.kind !== 'request') continue
      const r = parsed.record
      const total = totalTokens(r)
      const kept = state.requests[r.key]
      if (index === 0 && !r.isSidechain)
        state.contextTokens = r.inputTokens + r.cacheCreationTokens + r.cacheReadTokens
      if (kept && kept[0] >= total) continue
      const longContext =
        r.inputTokens + r.cacheCreationTokens + r.cacheReadTokens > costs.split.longContextThreshold
      const cost =
        r.costUsd ??
        costs.cost(
          r.model,
          { ...r, cacheCreation1hTokens: r.cacheCreation1hTokens ?? 0 },
          longContext,
          r.timestamp,
        ) ??
        null
      state.requests[r.key] = [total, cost, r.model]
    }
  })
  let costUsd = 0
  const unpriced = new Set<string>()
  const kept = Object.values(state.requests)
  for (const [, cost, model] of kept) {
    if (cost === null) unpriced.add(model)
    else costUsd += cost
  }
  return {
    costUsd,
    unpricedModels: [...unpriced].sort(),
    contextTokens: state.contextTokens,
    requests: kept.length,
    complete,
  }
}

interface NewLines {
  lines: string[]
  position: FileOffset
  bytes: number
  complete: boolean
}

function readNew(path: string, known: FileOffset | undefined, budget: number): NewLines | null {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch {
    return null
  }
  try {
    const stat = fstatSync(fd)
    // Another file under the same name, or one rewritten shorter: read it again from the start.
    let offset = known && known.ino === stat.ino && known.offset <= stat.size ? known.offset : 0
    const available = stat.size - offset
    const length = Math.min(available, Math.max(0, budget))
    const complete = length === available
    if (length <= 0) return { lines: [], position: { ino: stat.ino, offset }, bytes: 0, complete }
    const buffer = Buffer.allocUnsafe(length)
    const got = readSync(fd, buffer, 0, length, offset)
    // Only complete lines: a half-written last line waits for its newline.
    const end = buffer.lastIndexOf(10, got - 1)
    if (end < 0) return { lines: [], position: { ino: stat.ino, offset }, bytes: got, complete }
    const lines = buffer.toString('utf8', 0, end).split('\n')
    offset += end + 1
    return { lines, position: { ino: stat.ino, offset }, bytes: got, complete }
  } finally {
    closeSync(fd)
  }
}
