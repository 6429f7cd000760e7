// What the embedded store does when the disk fills up. Writes fail with SQLITE_FULL (the collector
// answers 503 and acknowledges nothing it could not store), but the WAL keeps what it had: with the
// 40 MB auto-checkpoint of open-database.ts it then grew back as soon as space returned, filled the
// disk again, and outlived a stop (a checkpoint needs room to grow the main file). After a full disk
// the store empties the WAL (checkpoint TRUNCATE) as soon as it can and keeps it small from then on.

import type { Database } from 'bun:sqlite'
import { BUSY_TIMEOUT_MS } from './open-database.ts'

/** SQLite's own 4 MB, instead of open-database.ts's 40 MB, once space has run out. */
const LOW_SPACE_AUTOCHECKPOINT_PAGES = 1000
const LOW_SPACE_WAL_BYTES = 4 * 1024 * 1024
/** How long a checkpoint waits for readers of an older snapshot before it tries again later. */
const CHECKPOINT_BUSY_MS = 250

/** SQLite reports ENOSPC from its writes as SQLITE_FULL. */
export function isDiskFull(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'SQLITE_FULL'
}

/** Checkpoints every frame into the main file and truncates the WAL to nothing; false when it could not. */
export function truncateWal(db: Database): boolean {
  db.exec(`PRAGMA busy_timeout = ${CHECKPOINT_BUSY_MS}`)
  try {
    const result = db.query<{ busy: number }, []>('PRAGMA wal_checkpoint(TRUNCATE)').get()
    return result?.busy === 0
  } catch {
    // Still no room to grow the main file, or the database is closing: a later write tries again.
    return false
  } finally {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`)
  }
}

/** Checkpoints every 4 MB of WAL and shrinks the file back to 4 MB after each checkpoint. */
export function keepWalSmall(db: Database): void {
  db.exec(`PRAGMA wal_autocheckpoint = ${LOW_SPACE_AUTOCHECKPOINT_PAGES}`)
  db.exec(`PRAGMA journal_size_limit = ${LOW_SPACE_WAL_BYTES}`)
}
