// Reads one transcript from its checkpoint, normalizes what it finds and writes it in batches, each
// batch together with the checkpoint it reached, so an import killed at any moment resumes exactly.

import { type ApiRequestRecord, type SessionRecord, totalTokens } from '../model/records.ts'
import type { FileCheckpoint, Store } from '../store/store.ts'
import type { TranscriptFile } from './discover-transcripts.ts'
import type { ImportSummary } from './import-summary.ts'
import { parseTranscriptLine } from './parse-transcript-line.ts'
import { readLines } from './read-lines.ts'

const BATCH_REQUESTS = 5000
const USAGE = Buffer.from('"usage"')
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const CR = 0x0d

export interface FileStat {
  dev: number
  ino: number
  size: number
  mtimeMs: number
}

export interface ImportFileOptions {
  store: Store
  file: TranscriptFile
  stat: FileStat
  start: number
  summary: ImportSummary
  onBytes?: (bytes: number) => void
  maxLineBytes?: number
}

export async function importFile(opts: ImportFileOptions): Promise<void> {
  const { store, file, stat, summary } = opts
  const ctx = { fallbackSessionId: file.sessionId, fallbackProject: file.projectDir }
  let batch = new Map<string, ApiRequestRecord>()
  let sessions = new Map<string, SessionRecord>()
  let offset = opts.start
  let reported = opts.start

  const flush = async () => {
    const checkpoint: FileCheckpoint = { path: file.path, ...stat, offset }
    await store.ingest({ requests: [...batch.values()], sessions: [...sessions.values()] }, checkpoint)
    batch = new Map()
    sessions = new Map()
    opts.onBytes?.(offset - reported)
    reported = offset
  }

  for (const event of readLines(file.path, opts.start, maxLine(opts))) {
    summary.bytes += event.end - offset
    offset = event.end
    summary.lines++
    if (event.kind === 'too-long') {
      summary.skipped['line-too-long']++
      continue
    }
    const bytes = trimCr(event.bytes)
    if (bytes.length === 0) continue
    // Only lines that mention usage can carry an API response; the rest (prompts, tool output,
    // most of the bytes) need no parse. A line that is not even braced is corrupt or truncated.
    if (bytes.indexOf(USAGE) === -1) {
      if (bytes[0] !== OPEN_BRACE || bytes[bytes.length - 1] !== CLOSE_BRACE)
        summary.skipped['invalid-json']++
      continue
    }
    let value: unknown
    try {
      value = JSON.parse(bytes.toString('utf8'))
    } catch {
      summary.skipped['invalid-json']++
      continue
    }
    const parsed = parseTranscriptLine(value, ctx)
    if (parsed.kind === 'skip') {
      summary.skipped[parsed.reason]++
      continue
    }
    if (parsed.kind === 'other') continue
    summary.apiResponses++
    const record = parsed.record
    const existing = batch.get(record.key)
    if (!existing || totalTokens(record) > totalTokens(existing)) batch.set(record.key, record)
    noteSession(sessions, record, file)
    if (batch.size >= BATCH_REQUESTS) await flush()
  }
  await flush()
}

function maxLine(opts: ImportFileOptions): { maxLineBytes?: number } {
  return opts.maxLineBytes === undefined ? {} : { maxLineBytes: opts.maxLineBytes }
}

function trimCr(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, bytes.length - 1) : bytes
}

function noteSession(sessions: Map<string, SessionRecord>, r: ApiRequestRecord, file: TranscriptFile): void {
  const s = sessions.get(r.sessionId)
  if (!s) {
    sessions.set(r.sessionId, {
      sessionId: r.sessionId,
      project: r.project,
      // Sub-agent files belong to the parent session; only the main transcript is the session's file.
      transcriptPath: !file.isSubagent && file.sessionId === r.sessionId ? file.path : null,
      firstTimestamp: r.timestamp,
      lastTimestamp: r.timestamp,
      version: r.version,
      gitBranch: r.gitBranch,
    })
    return
  }
  if (r.timestamp < s.firstTimestamp) s.firstTimestamp = r.timestamp
  if (r.timestamp >= s.lastTimestamp) {
    s.lastTimestamp = r.timestamp
    s.version = r.version ?? s.version
    s.gitBranch = r.gitBranch ?? s.gitBranch
  }
}
