// Reads the files an import planned (import-history.ts). Large imports parse on two threads: this
// thread writes everything (the store has one writer) and, between writes, scans files too; a worker
// scans the rest. Both claim the next file of one list (largest first) through a shared atomic
// counter, so neither waits on the other for work: the worker keeps scanning while this thread is
// inside a long write.

import { workerUrl } from '../runtime/entry-points.ts'
import type { TranscriptFile } from './discover-transcripts.ts'
import { addChunk, type FileStat, importFile } from './import-file.ts'
import type { ImportOptions, ImportProgress } from './import-options.ts'
import type { ImportSummary } from './import-summary.ts'
import { PendingWrites } from './pending-writes.ts'
import type { FileChunk } from './scan-file.ts'
import { isFsError, type WorkerReply, type WorkerRequest } from './scan-protocol.ts'

export interface PlannedFile {
  file: TranscriptFile
  stat: FileStat
  start: number
}

interface ImportRun {
  opts: ImportOptions
  summary: ImportSummary
  progress: ImportProgress
  pending: PendingWrites
}

export async function readPlannedFiles(
  state: Omit<ImportRun, 'pending'>,
  plan: readonly PlannedFile[],
): Promise<void> {
  const run: ImportRun = { ...state, pending: new PendingWrites(state.opts.store) }
  const queue: FileQueue = { files: largestFirst(plan), next: new Int32Array(new SharedArrayBuffer(4)) }
  if (plan.length > 1 && run.progress.bytesTotal >= (run.opts.parallelMinBytes ?? 32 * 1024 * 1024)) {
    const worker = scanInWorker(run, queue)
    await importHere(run, queue, yieldToWorker)
    await worker
  } else {
    await importHere(run, queue, async () => {})
  }
  await run.pending.flush()
  run.summary.newRequests = run.pending.added
}

/** Files to read, and a counter in shared memory: whoever increments it owns the file at its old value. */
interface FileQueue {
  files: readonly PlannedFile[]
  next: Int32Array
}

function claim(queue: FileQueue): number {
  return Atomics.add(queue.next, 0, 1)
}

async function importHere(run: ImportRun, queue: FileQueue, afterChunk: () => Promise<void>) {
  const buffer = Buffer.allocUnsafe(1024 * 1024)
  for (let item = queue.files[claim(queue)]; item; item = queue.files[claim(queue)]) {
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

/** Runs a parse worker on files from `queue`; resolves once every chunk it sent is in the pending writes. */
function scanInWorker(run: ImportRun, queue: FileQueue): Promise<void> {
  const worker = new Worker(workerUrl('ingest/scan-worker.ts'))
  const offsets = queue.files.map((p) => p.start)
  let replies = Promise.resolve()
  return new Promise<void>((resolve, reject) => {
    const handle = async (reply: WorkerReply) => {
      if (reply.kind === 'done') {
        worker.terminate()
        resolve()
        return
      }
      const item = queue.files[reply.id]!
      if (reply.kind === 'chunk') {
        const opts = {
          file: item.file,
          stat: item.stat,
          summary: run.summary,
          onBytes: (n: number) => advance(run, n),
        }
        const chunk = JSON.parse(reply.json) as FileChunk
        await addChunk(run.pending, opts, chunk, offsets[reply.id]!)
        offsets[reply.id] = chunk.offset
        worker.postMessage({ kind: 'credit', records: reply.records } satisfies WorkerRequest)
        return
      }
      if (reply.kind === 'file-done') run.summary.filesRead++
      else unreadableFile(run, item.file.path)
      fileDone(run)
    }
    // Replies are handled strictly in order: a chunk's checkpoint must not overtake its rows.
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      replies = replies.then(() => handle(event.data)).catch(reject)
    }
    worker.onerror = (event) => reject(new Error(`parse worker failed: ${event.message}`))
    worker.postMessage({
      kind: 'scan',
      jobs: queue.files.map(({ file, start, stat }) => ({ file, start, end: stat.size })),
      next: queue.next,
      maxLineBytes: run.opts.maxLineBytes,
    } satisfies WorkerRequest)
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
