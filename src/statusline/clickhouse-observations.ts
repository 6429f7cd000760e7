// With a ClickHouse store, the statusline sends its readings in one plain HTTP insert (JSONEachRow)
// rather than loading the ClickHouse client, which alone takes longer than the whole line may.

import type { ClickHouseTarget } from '../config/clickhouse-url.ts'
import type { RateLimitObservation } from '../model/rate-limits.ts'
import { rateLimitRow } from '../store/clickhouse/rate-limit-rows.ts'

/** False when the server did not take them in time (the next run sends the same readings again). */
export async function sendObservations(
  target: ClickHouseTarget,
  observations: readonly RateLimitObservation[],
  timeoutMs: number,
): Promise<boolean> {
  if (observations.length === 0) return true
  const url = new URL(target.url)
  url.searchParams.set(
    'query',
    `INSERT INTO \`${target.database}\`.rate_limit_observations FORMAT JSONEachRow`,
  )
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'X-ClickHouse-User': target.username, 'X-ClickHouse-Key': target.password },
      body: observations.map((o) => JSON.stringify(rateLimitRow(o))).join('\n'),
      signal: AbortSignal.timeout(Math.max(1, timeoutMs)),
    })
    await response.arrayBuffer()
    return response.ok
  } catch {
    return false
  }
}
