import { basename } from 'node:path'
import { type AnalyzeOptions, analyzeScan, subagentFileStats } from '../analytics/context/analyze-context.ts'
import type { ExactCounts } from '../analytics/context/calibrate-tokens.ts'
import type { ContextAnalysis } from '../analytics/context/context-types.ts'
import {
  createSessionScanner,
  type SessionScan,
  type SessionScanner,
} from '../analytics/context/scan-session.ts'
import { subagentFilesOf } from '../ingest/discover-transcripts.ts'
import { type ReadSummary, readTextLines, type TextLine } from '../ingest/read-lines.ts'

// Claude Code's request log repeats the conversation it sent; the analysis reads the conversation itself.
const REQUEST_BLOB_PREFIX = '{"type":"api-request-blob"'

export interface ScannedTranscript {
  scan: SessionScan
  read: ReadSummary
}

export function scanTranscript(path: string, subagent = false): ScannedTranscript {
  const scanner = createSessionScanner({ subagent })
  const read: ReadSummary = { bytes: 0, incompleteTail: false }
  for (const event of readTextLines(path, read)) scanTextLine(scanner, event)
  return { scan: scanner.finish(), read }
}

/** One numbered transcript line into the scanner: parsed, or counted as skipped. */
export function scanTextLine(scanner: SessionScanner, event: TextLine): void {
  if (event.kind === 'too-long') {
    scanner.skip(event.line, 'line-too-long')
    return
  }
  if (event.text.length === 0 || event.text.startsWith(REQUEST_BLOB_PREFIX)) return
  let value: unknown
  try {
    value = JSON.parse(event.text)
  } catch {
    scanner.skip(event.line, 'invalid-json')
    return
  }
  scanner.add(value, event.line)
}

export interface SessionAnalysis {
  analysis: ContextAnalysis
  scan: SessionScan
  read: ReadSummary
  subagentFiles: string[]
}

export function analyzeSessionFile(path: string, options: { exact?: ExactCounts } = {}): SessionAnalysis {
  const { scan, read } = scanTranscript(path)
  const subagentFiles = subagentFilesOf(path)
  const subagents = new Map(
    subagentFiles.map((file) => [
      basename(file, '.jsonl').replace(/^agent-/, ''),
      subagentFileStats(scanTranscript(file, true).scan),
    ]),
  )
  const analyzeOptions: AnalyzeOptions = { subagents }
  if (options.exact !== undefined) analyzeOptions.exact = options.exact
  return { analysis: analyzeScan(scan, analyzeOptions), scan, read, subagentFiles }
}
