// Notices changes to a store that has no file to watch (ClickHouse): reads a cheap version fingerprint
// every few hundred milliseconds and calls `onChange` when it differs from the last one. Reads never
// overlap; a failed read (server restarting) is skipped and the next tick tries again.

import { logger } from '../../log.ts'
import type { ChangeWatcher } from '../store.ts'

const log = logger('store')

/** @default 250 ms: a change reaches pages within the 500 ms target; one metadata query per tick. */
const REMOTE_VERSION_POLL_MS = 250

export function pollDataVersion(
  read: () => Promise<string>,
  onChange: () => void,
  intervalMs: number = REMOTE_VERSION_POLL_MS,
): ChangeWatcher {
  let last: string | undefined
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  const tick = async () => {
    try {
      const current = await read()
      if (stopped) return
      if (last !== undefined && current !== last) onChange()
      last = current
    } catch (error) {
      log.debug(`data version unavailable: ${error instanceof Error ? error.message : String(error)}`)
    }
    if (!stopped) timer = setTimeout(tick, intervalMs)
  }
  void tick()
  return {
    stop() {
      stopped = true
      clearTimeout(timer)
    },
  }
}
