// Reads the files an import planned (import-history.ts). Large imports run on two threads when a core
// is idle for the second (useWorker): a worker scans every file and this thread writes what it sends
// (the store has one writer), so parsing goes on while a batch is written. This thread used to scan
// files between writes as well, both claiming files through a shared counter; that made a 200 MB
// import no faster (0.92x one thread's wall time either way: the worker's scan sets the pace) and
// cost 6 MB more peak memory (95 against 89 MB) and more CPU.

import { availableParallelism } from 'node:os'
import { busyCores } from '../runtime/busy-cores.ts'
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
  if (plan.length > 1 && useWorker(run.opts.threads ?? 'auto', run.progress.bytesTotal)) {
    await scanInWorker(run, plan)
  } else {
    await importHere(run, plan)
  }
  await run.pending.flush()
  run.summary.newRequests = run.pending.added
}

/** Below this many new bytes a worker costs more than it saves. */
const WORKER_MIN_BYTES = 32 * 1024 * 1024

/**
 * A worker costs about 14% more CPU in all (its own start-up and JIT warm-up, chunks passed as JSON)
 * and 12 MB more memory. With a core to itself it shortens a large import's wall time (200 MB on
 * 2 idle cores: 0.92x, 89 against 77 MB peak); on a machine whose cores are all busy it only adds
 * that CPU (at load average 10-13: one thread took 0.91x the wall time and 0.86x the CPU). So it
 * runs only when, besides this thread, a core is idle now (`busy`: other tasks that want a core,
 * see busy-cores.ts).
 */
export function useWorker(
  threads: 'auto' | 1 | 2,
  bytes: number,
  machine: () => { cores: number; busy: number } = () => ({
    cores: availableParallelism(),
    busy: busyCores(),
  }),
): boolean {
  if (threads !== 'auto') return threads === 2
  if (bytes < WORKER_MIN_BYTES) return false
  const { cores, busy } = machine()
  return cores >= 2 && busy <= cores - 2
}

async function importHere(run: ImportRun, plan: readonly PlannedFile[]) {
  const buffer = Buffer.allocUnsafe(1024 * 1024)
  for (const item of plan) {
    try {
      await importFile({
        store: run.opts.store,
        ...item,
        summary: run.summary,
        pending: run.pending,
        buffer,
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

/** Runs a parse worker on the planned files; resolves once every chunk it sent is in the pending writes. */
function scanInWorker(run: ImportRun, plan: readonly PlannedFile[]): Promise<void> {
  const worker = new Worker(workerUrl('ingest/scan-worker.ts'))
  const offsets = plan.map((p) => p.start)
  let replies = Promise.resolve()
  return new Promise<void>((resolve, reject) => {
    const handle = async (reply: WorkerReply) => {
      if (reply.kind === 'done') {
        worker.terminate()
        resolve()
        return
      }
      const item = plan[reply.id]!
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
      jobs: plan.map(({ file, start, stat }) => ({ file, start, end: stat.size })),
      maxLineBytes: run.opts.maxLineBytes,
    } satisfies WorkerRequest)
  })
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
