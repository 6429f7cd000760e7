// Messages between the importer and its parse worker.

import type { TranscriptFile } from './discover-transcripts.ts'
import type { FileChunk } from './scan-file.ts'

export interface ScanJob {
  file: TranscriptFile
  start: number
}

export type WorkerRequest =
  /** One more file to scan, after those already given. */
  | { kind: 'scan'; id: number; job: ScanJob; maxLineBytes: number | undefined }
  /** The main thread has written one chunk; the worker may send one more. */
  | { kind: 'credit' }
  /** No more files: finish those given, then say done. */
  | { kind: 'end' }

export type WorkerReply =
  | { kind: 'chunk'; id: number; chunk: FileChunk }
  | { kind: 'file-done'; id: number }
  | { kind: 'file-error'; id: number }
  | { kind: 'done' }

/** A file that vanished or became unreadable: skipped and named, never fatal. */
export function isFsError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
}
