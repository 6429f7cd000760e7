// Worker thread entry: decodes and normalizes export bodies off the thread that serves HTTP and
// writes SQLite, so the two halves of the collector's work run on two cores.

import { decodeExport, type ExportRequest } from './decode-export.ts'

declare const self: Worker

self.onmessage = (event: MessageEvent<{ id: number; request: ExportRequest }>) => {
  const { id, request } = event.data
  self.postMessage({ id, result: decodeExport(request) })
}
