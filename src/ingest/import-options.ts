// What an import is given and reports as it goes; shared by the importer and its file readers.

import type { Store } from '../store/store.ts'

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
