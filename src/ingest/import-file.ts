// Imports one transcript from its checkpoint: its chunks go to the pending writes together with the
// offset each reaches, so an import killed at any moment resumes exactly.

import type { Store } from '../store/store.ts'
import type { TranscriptFile } from './discover-transcripts.ts'
import { type ImportSummary, MAX_SKIPPED_LINES } from './import-summary.ts'
import { PendingWrites } from './pending-writes.ts'
import { type FileChunk, type ScanOptions, scanFile } from './scan-file.ts'

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
  /** Shared across the files of one import, which then writes them together; else written here. */
  pending?: PendingWrites
  /** A read buffer reused across files (see readLines). */
  buffer?: Buffer
}

export async function importFile(opts: ImportFileOptions): Promise<void> {
  const pending = opts.pending ?? new PendingWrites(opts.store)
  let reported = opts.start
  for (const chunk of scanFile(opts.file, opts.start, scanOptions(opts))) {
    await addChunk(pending, opts, chunk, reported)
    reported = chunk.offset
  }
  if (!opts.pending) await pending.flush()
}

/** Records a chunk (from this thread or a worker) and the checkpoint it reaches, writing when full. */
export async function addChunk(
  pending: PendingWrites,
  opts: Pick<ImportFileOptions, 'file' | 'stat' | 'summary' | 'onBytes'>,
  chunk: FileChunk,
  previousOffset: number,
): Promise<void> {
  pending.add(chunk, { path: opts.file.path, ...opts.stat, offset: chunk.offset })
  addCounts(opts.summary, chunk, opts.file.path)
  opts.onBytes?.(chunk.offset - previousOffset)
  if (pending.full) await pending.flush()
}

function addCounts(summary: ImportSummary, chunk: FileChunk, path: string): void {
  summary.bytes += chunk.counts.bytes
  summary.lines += chunk.counts.lines
  summary.apiResponses += chunk.counts.apiResponses
  summary.toolCalls += chunk.counts.toolCalls
  for (const [reason, n] of Object.entries(chunk.counts.skipped)) {
    summary.skipped[reason as keyof ImportSummary['skipped']] += n
  }
  for (const at of chunk.counts.skippedAt) {
    if (summary.skippedLines.length >= MAX_SKIPPED_LINES) break
    summary.skippedLines.push({ path, ...at })
  }
}

function scanOptions(opts: ImportFileOptions): ScanOptions {
  return {
    end: opts.stat.size,
    ...(opts.maxLineBytes === undefined ? {} : { maxLineBytes: opts.maxLineBytes }),
    ...(opts.buffer === undefined ? {} : { buffer: opts.buffer }),
  }
}
