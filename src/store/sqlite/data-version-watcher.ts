// Notices commits made by any other connection or process to the embedded store, cheaply: SQLite's
// `PRAGMA data_version` on one dedicated read-only connection changes whenever someone else commits.
// One watcher per dashboard process, however many pages are open.

import { Database } from 'bun:sqlite'
import { logger } from '../../log.ts'
import type { ChangeWatcher } from '../store.ts'

const log = logger('store')

/** @default 100 ms: a change reaches pages well within the 500 ms target without measurable load. */
const DATA_VERSION_POLL_MS = 100

export function watchDataVersion(
  path: string,
  onChange: () => void,
  intervalMs: number = DATA_VERSION_POLL_MS,
): ChangeWatcher {
  const db = new Database(path, { readonly: true })
  db.exec('PRAGMA busy_timeout = 1000')
  const query = db.query<{ data_version: number }, []>('PRAGMA data_version')
  let last = query.get()?.data_version ?? 0
  const timer = setInterval(() => {
    let current: number
    try {
      current = query.get()?.data_version ?? last
    } catch (error) {
      // A locked or briefly unavailable file: the next tick tries again.
      log.debug(`data_version unavailable: ${error instanceof Error ? error.message : String(error)}`)
      return
    }
    if (current !== last) {
      last = current
      onChange()
    }
  }, intervalMs)
  return {
    stop() {
      clearInterval(timer)
      query.finalize()
      db.close()
    },
  }
}
