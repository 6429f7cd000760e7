// Long-running writers (the ingest and collector services) run the store's upkeep in the background,
// so that a report does not pay for it: on ClickHouse a first rollup build over 10 million requests
// took 75 s, and a report that finds no build merges every request itself.

import type { Store } from './store.ts'

/** How often upkeep runs; a run that finds nothing new costs two small queries. */
export const MAINTAIN_EVERY_MS = 60_000

/**
 * Runs `store.maintain()` now and every `everyMs`, never two at once. The returned stop does not wait
 * for a run under way (a first build can take a minute): the store is closed under it, and what it
 * left half-built is never read and is dropped by a later run.
 */
export function keepStoreFresh(
  store: Store,
  onError: (message: string) => void,
  everyMs: number = MAINTAIN_EVERY_MS,
): () => void {
  let running = false
  let stopped = false
  const run = async () => {
    if (running || stopped) return
    running = true
    try {
      await store.maintain()
    } catch (error) {
      if (!stopped) onError(error instanceof Error ? error.message : String(error))
    } finally {
      running = false
    }
  }
  void run()
  const timer = setInterval(run, everyMs)
  return () => {
    stopped = true
    clearInterval(timer)
  }
}
