// `report blocks --live`: imports what is new, redraws the frame in place every few seconds on a
// terminal (cursor hidden, given back on Ctrl-C), or prints plain frames one after another when not.

import { buildReport } from '../analytics/build-report.ts'
import { defaultCostModel } from '../analytics/pricing/default-cost-model.ts'
import type { Config } from '../config/load-config.ts'
import { type ListingCache, listingCachePath, openListingCache } from '../ingest/directory-listings.ts'
import { importHistory } from '../ingest/import-history.ts'
import type { Store } from '../store/store.ts'
import { liveFrame } from './blocks-live-frame.ts'

const HISTORY_MS = 30 * 86_400_000
const FIVE_HOURS_MS = 5 * 3_600_000

export async function runBlocksLive(store: Store, config: Config, intervalMs: number): Promise<void> {
  const tty = process.stdout.isTTY === true
  let drawn = 0
  let stopped = false
  const stop = () => {
    stopped = true
    if (tty) process.stdout.write('\x1b[?25h')
    process.stdout.write('\n')
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  if (tty) process.stdout.write('\x1b[?25l')
  const listings = openListingCache(listingCachePath(config.dataDir))
  while (!stopped) {
    const lines = await frame(store, config, listings)
    if (tty) {
      // Back to the top of the last frame, then over it; \x1b[K clears what a longer line left.
      const up = drawn > 0 ? `\x1b[${drawn}A\r` : ''
      process.stdout.write(`${up}${lines.map((l) => `${l}\x1b[K`).join('\n')}\n\x1b[J`)
      drawn = lines.length
    } else process.stdout.write(`${lines.join('\n')}\n\n`)
    await Bun.sleep(intervalMs)
  }
}

async function frame(store: Store, config: Config, listings: ListingCache): Promise<string[]> {
  await importHistory({
    store,
    claudeDirs: config.claudeDirs,
    listingCache: listings,
  })
  const now = Date.now()
  const costs = defaultCostModel()
  const report = await buildReport(store, 'blocks', costs, {
    filter: { since: now - HISTORY_MS },
    timezone: config.timezone,
    order: 'asc',
    startOfWeek: 'monday',
    now,
  })
  const blocks = report.kind === 'blocks' ? report.blocks.filter((b) => !b.isGap) : []
  const active = blocks.find((b) => b.isActive) ?? null
  const finished = blocks.filter((b) => !b.isActive).map((b) => b.costUSD)
  const readings = (await store.listRateLimits({ since: now - FIVE_HOURS_MS })).filter(
    (o) => o.window === 'five_hour',
  )
  const fiveHour = readings.reduce<(typeof readings)[number] | null>(
    (a, o) => (a === null || o.lastObservedAt > a.lastObservedAt ? o : a),
    null,
  )
  return liveFrame({
    now,
    active,
    largestBlockCost: finished.length ? Math.max(...finished) : null,
    fiveHour,
  })
}
