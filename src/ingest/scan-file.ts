// Reads one transcript from an offset and turns it into chunks of normalized records, each ending at
// a complete line whose offset is a safe checkpoint. Runs on the main thread or in a parse worker.

import type { RateLimitObservation } from '../model/rate-limits.ts'
import type { ApiRequestRecord, SessionRecord } from '../model/records.ts'
import type { ToolCallRecord, ToolResultRecord } from '../model/telemetry-records.ts'
import type { SkipReason } from '../model/transcript-schema.ts'
import type { TranscriptFile } from './discover-transcripts.ts'
import { ToolCallPairing } from './pair-tool-calls.ts'
import { parseUsageLine } from './parse-usage-line.ts'
import { type ReadLinesOptions, readLines } from './read-lines.ts'
import { toolResults, toolUses } from './tool-call-bytes.ts'
import { lastTimestamp, usageFingerprint } from './usage-fingerprint.ts'

const USAGE = Buffer.from('"usage"')
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const CR = 0x0d

export interface ScanCounts {
  bytes: number
  lines: number
  apiResponses: number
  /** Tool uses read (each once per file). */
  toolCalls: number
  skipped: Partial<Record<SkipReason, number>>
  /** Where each skipped line starts (bytes into the file), for `import --verbose`. */
  skippedAt: { offset: number; reason: SkipReason }[]
}

export interface FileChunk {
  requests: ApiRequestRecord[]
  sessions: SessionRecord[]
  toolCalls: ToolCallRecord[]
  toolResults: ToolResultRecord[]
  /** Claude Code's "limit reached" notices, as readings at 100%. */
  rateLimits: RateLimitObservation[]
  /** Offset just past the last line the chunk covers. */
  offset: number
  counts: ScanCounts
}

export interface ScanOptions extends ReadLinesOptions {
  /** Requests per chunk. @default 2000 */
  chunkRequests?: number
  /** Parse every usage line, even repeats of a response already parsed (for tests). */
  parseRepeats?: boolean
}

export function* scanFile(
  file: TranscriptFile,
  start: number,
  options: ScanOptions = {},
): Generator<FileChunk> {
  const chunkRequests = options.chunkRequests ?? 2000
  const ctx = { fallbackSessionId: file.sessionId, fallbackProject: file.projectDir }
  let offset = start
  let requests: ApiRequestRecord[] = []
  let rateLimits: RateLimitObservation[] = []
  let sessions = new Map<string, SessionRecord>()
  let counts = emptyCounts()
  // Responses parsed so far in this file, by fingerprint (see usage-fingerprint.ts).
  const parsedResponses = new Map<string, ParsedResponse>()
  const tools = new ToolCallPairing()
  let lineStart = start
  const skip = (reason: SkipReason) => {
    counts.skipped[reason] = (counts.skipped[reason] ?? 0) + 1
    counts.skippedAt.push({ offset: lineStart, reason })
  }
  // A response's tool uses: those of a sub-agent streamed into its parent (`progress`) are read
  // from the sub-agent's own transcript instead, with their results.
  const noteToolUses = (bytes: Buffer, response: ParsedResponse, timestamp: number) => {
    if (response.progress) return
    const { sessionId, requestId } = response.record
    for (const use of toolUses(bytes)) tools.use(use, { sessionId, requestId, timestamp })
  }
  const take = (): FileChunk => {
    const { uses, ...toolRows } = tools.take()
    counts.toolCalls = uses
    const chunk = { requests, sessions: [...sessions.values()], ...toolRows, rateLimits, offset, counts }
    requests = []
    rateLimits = []
    sessions = new Map()
    counts = emptyCounts()
    return chunk
  }

  for (const event of readLines(file.path, start, options)) {
    counts.bytes += event.end - offset
    lineStart = offset
    offset = event.end
    counts.lines++
    if (event.kind === 'too-long') {
      skip('line-too-long')
      continue
    }
    const bytes = trimCr(event.bytes)
    if (bytes.length === 0) continue
    const results = toolResults(bytes)
    if (results) tools.result(results)
    // Only lines that mention usage can carry an API response; the rest (prompts, tool output,
    // most of the bytes) need no parse. A line that is not even braced is corrupt or truncated.
    if (bytes.indexOf(USAGE) === -1) {
      if (bytes[0] !== OPEN_BRACE || bytes[bytes.length - 1] !== CLOSE_BRACE) skip('invalid-json')
      continue
    }
    const fingerprint = options.parseRepeats ? null : usageFingerprint(bytes)
    const repeated = fingerprint === null ? undefined : parsedResponses.get(fingerprint)
    if (repeated && bytes[0] === OPEN_BRACE && bytes[bytes.length - 1] === CLOSE_BRACE) {
      counts.apiResponses++
      const timestamp = lastTimestamp(bytes)
      if (Number.isFinite(timestamp)) {
        noteSession(sessions, { ...repeated.record, timestamp }, file)
        noteToolUses(bytes, repeated, timestamp)
      }
      continue
    }
    const line = parseUsageLine(bytes, ctx)
    if (line === null) {
      skip('invalid-json')
      continue
    }
    const { parsed } = line
    if (parsed.kind === 'skip') {
      skip(parsed.reason)
      continue
    }
    if (parsed.kind === 'other') continue
    if (parsed.kind === 'limit') {
      rateLimits.push(parsed.reading)
      continue
    }
    counts.apiResponses++
    const response = { record: parsed.record, progress: line.progress }
    if (fingerprint !== null) parsedResponses.set(fingerprint, response)
    requests.push(parsed.record)
    noteSession(sessions, parsed.record, file)
    noteToolUses(bytes, response, parsed.record.timestamp)
    if (requests.length >= chunkRequests) yield take()
  }
  yield take()
}

interface ParsedResponse {
  record: ApiRequestRecord
  /** Read from a sub-agent's `progress` line in its parent's transcript. */
  progress: boolean
}

export function emptyCounts(): ScanCounts {
  return { bytes: 0, lines: 0, apiResponses: 0, toolCalls: 0, skipped: {}, skippedAt: [] }
}

function trimCr(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, bytes.length - 1) : bytes
}

function noteSession(sessions: Map<string, SessionRecord>, r: ApiRequestRecord, file: TranscriptFile): void {
  mergeSession(sessions, {
    sessionId: r.sessionId,
    project: r.project,
    // Sub-agent files belong to the parent session; only the main transcript is the session's file.
    transcriptPath: !file.isSubagent && file.sessionId === r.sessionId ? file.path : null,
    firstTimestamp: r.timestamp,
    lastTimestamp: r.timestamp,
    version: r.version,
    gitBranch: r.gitBranch,
  })
}

/** Folds what one more record or chunk says about a session into what is known already. */
export function mergeSession(sessions: Map<string, SessionRecord>, next: SessionRecord): void {
  const s = sessions.get(next.sessionId)
  if (!s) {
    sessions.set(next.sessionId, { ...next })
    return
  }
  s.transcriptPath ??= next.transcriptPath
  if (next.firstTimestamp < s.firstTimestamp) s.firstTimestamp = next.firstTimestamp
  if (next.lastTimestamp >= s.lastTimestamp) {
    s.lastTimestamp = next.lastTimestamp
    s.version = next.version ?? s.version
    s.gitBranch = next.gitBranch ?? s.gitBranch
  }
}
