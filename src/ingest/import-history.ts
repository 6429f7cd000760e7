// Incremental import of every transcript: only new bytes are read, and re-running is a no-op. Large
// imports parse on two threads: this thread writes everything (the store has one writer) and, between
// writes, scans files too; a worker scans the rest. Both take the next file from one queue, largest
// first, so neither idles while the other still has work, whatever the share of time writing takes.

import { statSync } from 'node:fs'
import type { FileCheckpoint, Store } from '../store/store.ts'
import { discoverTranscripts, type TranscriptFile } from './discover-transcripts.ts'
import { addChunk, type FileStat, importFile } from './import-file.ts'
import { emptySummary, type ImportSummary } from './import-summary.ts'
import { PendingWrites } from './pending-writes.ts'
import { isFsError, type WorkerReply, type WorkerRequest } from './scan-protocol.ts'

export interface ImportProgress {
  bytesDone: number
  bytesTotal: number
  filesDone: number
  filesTotal: number
}

export interface ImportOptions {
  store: Store
  claudeDirs: readonly string[]
  onProgress?: (progress: ImportProgress) => void
  maxLineBytes?: number
  /** Below this many new bytes a worker costs more than it saves. @default 32 MiB */
  parallelMinBytes?: number
}

interface PlannedFile {
  file: TranscriptFile
  stat: FileStat
  start: number
}

/** Files left to read; this thread and the worker each take the next one when they are free. */
interface FileQueue {
  files: readonly PlannedFile[]
  next: number
}

interface ImportRun {
  opts: ImportOptions
  summary: ImportSummary
  progress: ImportProgress
  pending: PendingWrites
}

export async function importHistory(opts: ImportOptions): Promise<ImportSummary> {
  const started = performance.now()
  const summary = emptySummary()
  const { files, unreadable } = discoverTranscripts(opts.claudeDirs)
  summary.files = files.length
  summary.unreadable.push(...unreadable)
  const before = await opts.store.countApiRequests()
  const plan = planReads(files, await opts.store.getCheckpoints(), summary)
  const progress: ImportProgress = {
    bytesDone: 0,
    bytesTotal: plan.reduce((n, p) => n + p.stat.size - p.start, 0),
    filesDone: 0,
    filesTotal: plan.length,
  }
  opts.onProgress?.(progress)
  const run: ImportRun = { opts, summary, progress, pending: new PendingWrites(opts.store) }

  const queue: FileQueue = { files: largestFirst(plan), next: 0 }
  if (plan.length > 1 && progress.bytesTotal >= (opts.parallelMinBytes ?? 32 * 1024 * 1024)) {
    const worker = scanInWorker(run, queue)
    await importHere(run, queue, yieldToWorker)
    await worker
  } else {
    await importHere(run, queue, async () => {})
  }
  await run.pending.flush()
  summary.newRequests = (await opts.store.countApiRequests()) - before
  summary.durationMs = Math.round(performance.now() - started)
  return summary
}

async function importHere(run: ImportRun, queue: FileQueue, afterChunk: () => Promise<void>) {
  const buffer = Buffer.allocUnsafe(1024 * 1024)
  for (let item = queue.files[queue.next++]; item; item = queue.files[queue.next++]) {
    try {
      await importFile({
        store: run.opts.store,
        ...item,
        summary: run.summary,
        pending: run.pending,
        buffer,
        afterChunk,
        onBytes: (n) => advance(run, n),
        ...(run.opts.maxLineBytes === undefined ? {} : { maxLineBytes: run.opts.maxLineBytes }),
      })
      run.summary.filesRead++
    } catch (error) {
      if (!isFsError(error)) throw error
      unreadableFile(run, item.file.path)
    }
    fileDone(run)
  }
}

/** Files the worker holds beyond the one it is scanning, so it never waits for this thread. */
const WORKER_LOOKAHEAD = 2

/** Runs a parse worker on files from `queue`; resolves once every chunk it sent is in the pending writes. */
function scanInWorker(run: ImportRun, queue: FileQueue): Promise<void> {
  const worker = new Worker(new URL('./scan-worker.ts', import.meta.url))
  const given = new Map<number, { item: PlannedFile; offset: number }>()
  let ended = false
  const giveNext = () => {
    const item = queue.files[queue.next]
    if (!item) {
      if (!ended) worker.postMessage({ kind: 'end' } satisfies WorkerRequest)
      ended = true
      return
    }
    const id = queue.next++
    given.set(id, { item, offset: item.start })
    const { file, start } = item
    worker.postMessage({
      kind: 'scan',
      id,
      job: { file, start },
      maxLineBytes: run.opts.maxLineBytes,
    } satisfies WorkerRequest)
  }
  let replies = Promise.resolve()
  return new Promise<void>((resolve, reject) => {
    const handle = async (reply: WorkerReply) => {
      if (reply.kind === 'done') {
        worker.terminate()
        resolve()
        return
      }
      const held = given.get(reply.id)!
      if (reply.kind === 'chunk') {
        const opts = {
          file: held.item.file,
          stat: held.item.stat,
          summary: run.summary,
          onBytes: (n: number) => advance(run, n),
        }
        await addChunk(run.pending, opts, reply.chunk, held.offset)
        held.offset = reply.chunk.offset
        worker.postMessage({ kind: 'credit' } satisfies WorkerRequest)
        return
      }
      given.delete(reply.id)
      if (reply.kind === 'file-done') run.summary.filesRead++
      else unreadableFile(run, held.item.file.path)
      fileDone(run)
      giveNext()
    }
    // Replies are handled strictly in order: a chunk's checkpoint must not overtake its rows.
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      replies = replies.then(() => handle(event.data)).catch(reject)
    }
    worker.onerror = (event) => reject(new Error(`parse worker failed: ${event.message}`))
    for (let i = 0; i <= WORKER_LOOKAHEAD; i++) giveNext()
  })
}

/** Lets worker replies in between this thread's own chunks. */
function yieldToWorker(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

function advance(run: ImportRun, bytes: number): void {
  run.progress.bytesDone += bytes
  run.opts.onProgress?.(run.progress)
}

function fileDone(run: ImportRun): void {
  run.progress.filesDone++
  run.opts.onProgress?.(run.progress)
}

function unreadableFile(run: ImportRun, path: string): void {
  run.summary.skipped['unreadable-file']++
  run.summary.unreadable.push(path)
}

/** Largest remaining bytes first: the last files either thread takes are small, so both finish together. */
function largestFirst(plan: readonly PlannedFile[]): PlannedFile[] {
  return [...plan].sort((a, b) => b.stat.size - b.start - (a.stat.size - a.start))
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
  return checkpoint.offset
}
