// A small pool of decode workers (decode-worker.ts) behind the same DecodeExport signature the app
// uses inline. Bodies are copied to the worker, normalized batches copied back (structured clone).

import { workerUrl } from '../runtime/entry-points.ts'
import type { DecodeExport, ExportRequest } from './decode-export.ts'
import type { Normalized } from './normalize-common.ts'

interface Waiting {
  resolve(result: Normalized): void
  reject(error: Error): void
}

interface Slot {
  worker: Worker
  waiting: Map<number, Waiting>
}

export interface DecodeWorkers {
  decode: DecodeExport
  stop(): void
}

export function startDecodeWorkers(count: number): DecodeWorkers {
  let nextId = 0
  let turn = 0
  let stopped = false

  const spawn = (slot: Slot): Worker => {
    const worker = new Worker(workerUrl('otlp/decode-worker.ts'))
    worker.onmessage = (event: MessageEvent<{ id: number; result: Normalized }>) => {
      const waiting = slot.waiting.get(event.data.id)
      slot.waiting.delete(event.data.id)
      waiting?.resolve(event.data.result)
    }
    // A worker that dies fails only the bodies it held; a fresh one takes its place.
    worker.onerror = (event) => {
      for (const w of slot.waiting.values()) w.reject(new Error(`decode worker failed: ${event.message}`))
      slot.waiting.clear()
      worker.terminate()
      if (!stopped) slot.worker = spawn(slot)
    }
    return worker
  }

  const slots: Slot[] = Array.from({ length: Math.max(1, count) }, () => {
    const slot = { waiting: new Map<number, Waiting>() } as Slot
    slot.worker = spawn(slot)
    return slot
  })

  return {
    decode: (request: ExportRequest) =>
      new Promise<Normalized>((resolve, reject) => {
        const slot = slots[turn++ % slots.length] as Slot
        const id = nextId++
        slot.waiting.set(id, { resolve, reject })
        slot.worker.postMessage({ id, request })
      }),
    stop() {
      stopped = true
      for (const slot of slots) {
        for (const w of slot.waiting.values()) w.reject(new Error('collector stopping'))
        slot.worker.terminate()
      }
    },
  }
}
