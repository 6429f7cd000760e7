// Messages between the importer and its parse worker.

import type { TranscriptFile } from './discover-transcripts.ts'
import type { FileChunk } from './scan-file.ts'

export interface ScanJob {
  file: TranscriptFile
  start: number
  /** The file's size when the import planned it: reading stops there. */
  end: number
}

export type WorkerRequest =
  /** All the files of the import, which the worker scans in this order. */
  | { kind: 'scan'; jobs: ScanJob[]; maxLineBytes: number | undefined }
  /** The main thread has taken a chunk of this many records (plus one for the chunk itself). */
  | { kind: 'credit'; records: number }

/**
 * `id` is the file's index in `jobs`. A chunk travels as its JSON text: structured cloning of its
 * records cost this thread (which also writes) more than JSON.parse of the same records, and every
 * field of a chunk is a plain JSON value.
 */
export type WorkerReply =
  | { kind: 'chunk'; id: number; json: string; records: number }
  | { kind: 'file-done'; id: number }
  | { kind: 'file-error'; id: number }
  | { kind: 'done' }

/** What a chunk counts for against the worker's bound on records in flight. */
export function chunkRecords(chunk: FileChunk): number {
  return (
    chunk.requests.length + chunk.toolCalls.length + chunk.toolResults.length + chunk.rateLimits.length + 1
  )
}

/** A file that vanished or became unreadable: skipped and named, never fatal. */
export function isFsError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
}
