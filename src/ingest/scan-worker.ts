// Parse worker: scans the transcripts it is handed, one file at a time, and posts each chunk back;
// the main thread owns the store and writes. Credits bound how far it may run ahead, so memory stays
// flat however fast it parses.

import { scanFile } from './scan-file.ts'
import { isFsError, type WorkerReply, type WorkerRequest } from './scan-protocol.ts'

declare const self: Worker

type Scan = Extract<WorkerRequest, { kind: 'scan' }>

const CREDITS = 8
let credits = CREDITS
let creditWaiter: (() => void) | null = null
const jobs: Scan[] = []
let ended = false
let jobWaiter: (() => void) | null = null
const buffer = Buffer.allocUnsafe(1024 * 1024)

const post = (reply: WorkerReply) => self.postMessage(reply)

async function run(): Promise<void> {
  for (;;) {
    const next = jobs.shift()
    if (!next) {
      if (ended) break
      await new Promise<void>((resolve) => (jobWaiter = resolve))
      continue
    }
    await scan(next)
  }
  post({ kind: 'done' })
}

async function scan({ id, job, maxLineBytes }: Scan): Promise<void> {
  try {
    for (const chunk of scanFile(job.file, job.start, {
      buffer,
      ...(maxLineBytes ? { maxLineBytes } : {}),
    })) {
      post({ kind: 'chunk', id, chunk })
      if (--credits === 0) await new Promise<void>((resolve) => (creditWaiter = resolve))
    }
    post({ kind: 'file-done', id })
  } catch (error) {
    if (!isFsError(error)) throw error
    post({ kind: 'file-error', id })
  }
}

function wake(waiter: (() => void) | null): null {
  waiter?.()
  return null
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const message = event.data
  if (message.kind === 'credit') {
    credits++
    creditWaiter = wake(creditWaiter)
  } else if (message.kind === 'end') {
    ended = true
    jobWaiter = wake(jobWaiter)
  } else {
    jobs.push(message)
    jobWaiter = wake(jobWaiter)
  }
}

void run()
