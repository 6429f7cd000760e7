// Incremental import of every transcript: only new bytes are read, and re-running is a no-op. Large
// imports parse on two threads: a worker scans about half the bytes while this thread scans the rest
// and writes everything (the store has one writer).

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

  if (plan.length > 1 && progress.bytesTotal >= (opts.parallelMinBytes ?? 32 * 1024 * 1024)) {
    const [mine, theirs] = splitByBytes(plan)
    const worker = scanInWorker(run, theirs)
    await importHere(run, mine, yieldToWorker)
    await worker
  } else {
    await importHere(run, plan, async () => {})
  }
  await run.pending.flush()
  summary.newRequests = (await opts.store.countApiRequests()) - before
  summary.durationMs = Math.round(performance.now() - started)
  return summary
}

async function importHere(run: ImportRun, plan: readonly PlannedFile[], afterChunk: () => Promise<void>) {
  const buffer = Buffer.allocUnsafe(1024 * 1024)
  for (const item of plan) {
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

/** Runs a parse worker over `plan`; resolves once every chunk it sent is in the pending writes. */
function scanInWorker(run: ImportRun, plan: readonly PlannedFile[]): Promise<void> {
  const worker = new Worker(new URL('./scan-worker.ts', import.meta.url))
  const offsets = plan.map((p) => p.start)
  let queue = Promise.resolve()
  return new Promise<void>((resolve, reject) => {
    const handle = async (reply: WorkerReply) => {
      if (reply.kind === 'done') {
        worker.terminate()
        resolve()
        return
      }
      const item = plan[reply.index]!
      if (reply.kind === 'chunk') {
        const opts = {
          file: item.file,
          stat: item.stat,
          summary: run.summary,
          onBytes: (n: number) => advance(run, n),
        }
        await addChunk(run.pending, opts, reply.chunk, offsets[reply.index]!)
        offsets[reply.index] = reply.chunk.offset
        worker.postMessage({ kind: 'credit' } satisfies WorkerRequest)
      } else {
        if (reply.kind === 'file-done') run.summary.filesRead++
        else unreadableFile(run, item.file.path)
        fileDone(run)
      }
    }
    // Replies are handled strictly in order: a chunk's checkpoint must not overtake its rows.
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      queue = queue.then(() => handle(event.data)).catch(reject)
    }
    worker.onerror = (event) => reject(new Error(`parse worker failed: ${event.message}`))
    const request: WorkerRequest = {
      kind: 'scan',
      jobs: plan.map(({ file, start }) => ({ file, start })),
      maxLineBytes: run.opts.maxLineBytes,
    }
    worker.postMessage(request)
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

/** Two halves of about equal bytes, largest files placed first. */
export function splitByBytes(plan: readonly PlannedFile[]): [PlannedFile[], PlannedFile[]] {
  const halves: [PlannedFile[], PlannedFile[]] = [[], []]
  const bytes = [0, 0]
  const sized = [...plan].sort((a, b) => b.stat.size - b.start - (a.stat.size - a.start))
  for (const item of sized) {
    const i = bytes[0]! <= bytes[1]! ? 0 : 1
    halves[i].push(item)
    bytes[i]! += item.stat.size - item.start
  }
  return halves
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
