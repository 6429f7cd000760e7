import { type SkipReason, skipReasons } from '../model/transcript-schema.ts'

export interface ImportSummary {
  /** Transcript files found. */
  files: number
  /** Files with new bytes that were read this run. */
  filesRead: number
  bytes: number
  /** Complete lines read. */
  lines: number
  /** Lines that carried an API response's usage (before deduplication). */
  apiResponses: number
  /** Rows added to the store (new unique API requests). */
  newRequests: number
  /** Tool uses read (before deduplication across files); stored one row per call, with its outcome. */
  toolCalls: number
  skipped: Record<SkipReason, number>
  /** The first skipped lines (up to MAX_SKIPPED_LINES): the file and where the line starts. */
  skippedLines: SkippedLine[]
  /** Files or folders that exist but could not be read. */
  unreadable: string[]
  durationMs: number
}

export interface SkippedLine {
  path: string
  /** Bytes into the file where the line starts. */
  offset: number
  reason: SkipReason
}

/** Enough to find what is wrong; a file of a million bad lines must not fill memory with their places. */
export const MAX_SKIPPED_LINES = 1000

export function emptySummary(): ImportSummary {
  return {
    files: 0,
    filesRead: 0,
    bytes: 0,
    lines: 0,
    apiResponses: 0,
    newRequests: 0,
    toolCalls: 0,
    skipped: Object.fromEntries(skipReasons.map((r) => [r, 0])) as Record<SkipReason, number>,
    skippedLines: [],
    unreadable: [],
    durationMs: 0,
  }
}
