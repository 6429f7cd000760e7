// What an import is given and reports as it goes; shared by the importer and its file readers.

import type { Store } from '../store/store.ts'
import type { ListingCache } from './directory-listings.ts'

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
  /**
   * The transcript tree's directory listings, kept between runs (openListingCache of listingCachePath):
   * unchanged directories are then not read again. Without it every run reads them all.
   */
  listingCache?: ListingCache
  /**
   * Parse threads. 2: a parse worker beside this thread for any import of more than one file; 1:
   * this thread only. 'auto' (the default): a worker when there are at least 32 MiB of new bytes and
   * a core is idle for it now (see read-planned-files.ts).
   */
  threads?: 'auto' | 1 | 2
}
