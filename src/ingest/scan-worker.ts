// Parse worker: scans the transcripts it is given and posts each chunk back; the main thread owns
// the store and writes. Credits bound how far it may run ahead, so memory stays flat however fast
// it parses.

import { scanFile } from './scan-file.ts'
import { isFsError, type ScanJob, type WorkerReply, type WorkerRequest } from './scan-protocol.ts'

declare const self: Worker

const CREDITS = 8
let credits = CREDITS
let wake: (() => void) | null = null

const post = (reply: WorkerReply) => self.postMessage(reply)

async function run(jobs: readonly ScanJob[], maxLineBytes: number | undefined): Promise<void> {
  const buffer = Buffer.allocUnsafe(1024 * 1024)
  for (const [index, job] of jobs.entries()) {
    try {
      for (const chunk of scanFile(job.file, job.start, {
        buffer,
        ...(maxLineBytes ? { maxLineBytes } : {}),
      })) {
        post({ kind: 'chunk', index, chunk })
        if (--credits === 0) await new Promise<void>((resolve) => (wake = resolve))
      }
      post({ kind: 'file-done', index })
    } catch (error) {
      if (!isFsError(error)) throw error
      post({ kind: 'file-error', index })
    }
  }
  post({ kind: 'done' })
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const message = event.data
  if (message.kind === 'credit') {
    credits++
    wake?.()
    wake = null
    return
  }
  void run(message.jobs, message.maxLineBytes)
}
