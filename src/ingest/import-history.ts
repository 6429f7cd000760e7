// Incremental import of every transcript: only new bytes are read, and re-running is a no-op. This
// module decides what to read (a checkpoint per file); read-planned-files.ts reads it.

import { statSync } from 'node:fs'
import type { FileCheckpoint } from '../store/store.ts'
import { discoverTranscripts, type TranscriptFile } from './discover-transcripts.ts'
import type { FileStat } from './import-file.ts'
import type { ImportOptions, ImportProgress } from './import-options.ts'
import { emptySummary, type ImportSummary } from './import-summary.ts'
import type { PlannedFile } from './read-planned-files.ts'

export async function importHistory(opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now()
  const summary = emptySummary()
  const { files, unreadable } = discoverTranscripts(opts.claudeDirs, opts.listingCache)
  opts.listingCache?.save()
  summary.files = files.length
  summary.unreadable.push(...unreadable)
  const plan = planReads(files, await opts.store.getCheckpoints(), summary)
  const progress: ImportProgress = {
    bytesDone: 0,
    bytesTotal: plan.reduce((n, p) => n + p.stat.size - p.start, 0),
    filesDone: 0,
    filesTotal: plan.length,
  }
  opts.onProgress?.(progress)
  if (plan.length > 0) {
    // Loaded only when there is something to read: most runs (every warm report) have nothing.
    const { readPlannedFiles } = await import('./read-planned-files.ts')
    await readPlannedFiles({ opts, summary, progress }, plan)
  }
  summary.durationMs = Math.round(performance.now() - started)
  return summary
}

/** Decides where to start in each file: skip unchanged ones, restart replaced or shrunk ones. */
function planReads(
  files: readonly TranscriptFile[],
  checkpoints: Map<string, FileCheckpoint>,
  summary: ImportSummary,
): PlannedFile[] {
  const plan: PlannedFile[] = []
  for (const file of files) {
    let stat: FileStat
    try {
      const s = statSync(file.path)
      stat = { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs }
    } catch {
      summary.skipped['unreadable-file']++
      summary.unreadable.push(file.path)
      continue
    }
    const start = startOffset(checkpoints.get(file.path), stat)
    if (start < stat.size) plan.push({ file, stat, start })
  }
  return plan
}

export function startOffset(checkpoint: FileCheckpoint | undefined, stat: FileStat): number {
  if (!checkpoint) return 0
  const sameFile = checkpoint.dev === stat.dev && checkpoint.ino === stat.ino
  // Replaced (new inode) or truncated: read again from the start; keys make that free of doubles.
  if (!sameFile || stat.size < checkpoint.offset) return 0
  // Rewritten in place at the same size: the checkpoint's size and mtime describe exactly the bytes
  // read (an import reads no further than the size it planned), so a new mtime at that size means
  // those bytes changed. A touch costs one more read of the file; the keys keep it free of doubles.
  if (stat.size === checkpoint.size && stat.mtimeMs !== checkpoint.mtimeMs) return 0
  return checkpoint.offset
}
