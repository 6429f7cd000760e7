// What the statusline reads from and writes to the embedded store, opened on its own (not through
// SqliteStore): a short busy timeout instead of five seconds, no migrations (a database that is behind
// or ahead is left alone and the line goes without its figures), and only the modules it needs.

import { Database } from 'bun:sqlite'
import { type BillingBlock, billingBlocksFromHours } from '../analytics/billing-blocks.ts'
import type { CostModel } from '../analytics/cost-model.ts'
import { groupCost } from '../analytics/usage-report.ts'
import type { RateLimitObservation } from '../model/rate-limits.ts'
import { SqliteUsageReads } from '../store/sqlite/dashboard-queries.ts'
import { writeRateLimits } from '../store/sqlite/rate-limit-sql.ts'
import { SCHEMA_VERSION } from '../store/sqlite/schema-version.ts'
import type { UsageGroup } from '../store/usage-types.ts'

const HOUR_MS = 3_600_000
/** How far back blocks are rebuilt from: a block running now began at most 5 hours ago. */
const BLOCK_LOOKBACK_MS = 24 * HOUR_MS

/** null when there is no database yet, or it is not at this version's schema, or it cannot be opened. */
export function openStatusDatabase(path: string, busyTimeoutMs: number): Database | null {
  let db: Database
  try {
    db = new Database(path, { readwrite: true, create: false })
  } catch {
    return null
  }
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`)
    const version = db.query<{ user_version: number }, []>('PRAGMA user_version').get()?.user_version
    if (version === SCHEMA_VERSION) return db
  } catch {}
  db.close()
  return null
}

export interface StoreFigures {
  todayCost: number
  block: BillingBlock | null
}

export async function storeFigures(
  db: Database,
  costs: CostModel,
  todayStart: number,
  now: number,
): Promise<StoreFigures> {
  const reads = new SqliteUsageReads(db)
  const today = await reads.rollupUsage({ since: todayStart }, [], costs.split)
  const since = Math.floor((now - BLOCK_LOOKBACK_MS) / HOUR_MS) * HOUR_MS
  const hours = await reads.rollupUsage({ since }, ['hour'], costs.split)
  const blocks = billingBlocksFromHours(hours, costs, now) ?? []
  return { todayCost: sumCost(today, costs), block: blocks.find((b) => b.isActive && !b.isGap) ?? null }
}

function sumCost(groups: readonly UsageGroup[], costs: CostModel): number {
  let total = 0
  for (const g of groups) total += groupCost(g, costs) ?? 0
  return total
}

/** False when the database was busy past the timeout: the next run records the same reading. */
export function recordObservations(db: Database, observations: readonly RateLimitObservation[]): boolean {
  try {
    writeRateLimits(db, observations)
    return true
  } catch {
    return false
  }
}
