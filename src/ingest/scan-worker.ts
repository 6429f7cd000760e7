// Parse worker: scans the import's files in turn and posts each chunk back; the main thread owns the
// store and writes. A bound on the records in flight keeps memory
// flat however fast it parses, while leaving it enough room to keep going through one of the main
// thread's writes.

import { scanFile } from './scan-file.ts'
import { chunkRecords, isFsError, type WorkerReply, type WorkerRequest } from './scan-protocol.ts'

declare const self: Worker

type Scan = Extract<WorkerRequest, { kind: 'scan' }>

/** Records (plus one per chunk) posted but not yet taken by the main thread: about 10 MB. */
const MAX_IN_FLIGHT = 20_000
let inFlight = 0
let creditWaiter: (() => void) | null = null
const buffer = Buffer.allocUnsafe(1024 * 1024)

const post = (reply: WorkerReply) => self.postMessage(reply)

/**
 * Bytes scanned between full collections. Left to itself this thread's heap added 10–20 MB to a 1 GB
 * import's peak (about 145 MB, against a 150 MB budget); a full collection every 64 MB (16 at 1 GB, a
 * few ms each, while the main thread writes) took that off at no measurable cost in time.
 */
const COLLECT_EVERY_BYTES = 64 * 1024 * 1024
let scannedSinceCollect = 0

async function run({ jobs, maxLineBytes }: Scan): Promise<void> {
  for (const [id, job] of jobs.entries()) {
    try {
      for (const chunk of scanFile(job.file, job.start, {
        buffer,
        end: job.end,
        ...(maxLineBytes ? { maxLineBytes } : {}),
      })) {
        const records = chunkRecords(chunk)
        post({ kind: 'chunk', id, json: JSON.stringify(chunk), records })
        inFlight += records
        scannedSinceCollect += chunk.counts.bytes
        if (scannedSinceCollect >= COLLECT_EVERY_BYTES) {
          scannedSinceCollect = 0
          Bun.gc(true)
        }
        while (inFlight > MAX_IN_FLIGHT) await new Promise<void>((resolve) => (creditWaiter = resolve))
      }
      post({ kind: 'file-done', id })
    } catch (error) {
      if (!isFsError(error)) throw error
      post({ kind: 'file-error', id })
    }
  }
  post({ kind: 'done' })
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const message = event.data
  if (message.kind === 'credit') {
    inFlight -= message.records
    creditWaiter?.()
    creditWaiter = null
    return
  }
  void run(message)
}
