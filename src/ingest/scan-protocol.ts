// Messages between the importer and its parse worker.

import type { TranscriptFile } from './discover-transcripts.ts'
import type { FileChunk } from './scan-file.ts'

export interface ScanJob {
  file: TranscriptFile
  start: number
}

export type WorkerRequest =
  | { kind: 'scan'; jobs: ScanJob[]; maxLineBytes: number | undefined }
  /** The main thread has written one chunk; the worker may send one more. */
  | { kind: 'credit' }

export type WorkerReply =
  | { kind: 'chunk'; index: number; chunk: FileChunk }
  | { kind: 'file-done'; index: number }
  | { kind: 'file-error'; index: number }
  | { kind: 'done' }

/** A file that vanished or became unreadable: skipped and named, never fatal. */
export function isFsError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
}
