// A cheap fingerprint of a ClickHouse database that changes whenever data in it changes, for the
// dashboard's live updates (the counterpart of SQLite's `PRAGMA data_version`). Read from metadata the
// server keeps in memory, never from the tables:
// - every INSERT makes a part with a block number above all earlier ones in its partition, and merges
//   keep the highest, so the largest block number of the active parts moves on every insert and only
//   then;
// - a DELETE (ALTER … DELETE, purge) is a mutation: the count of finished ones moves when it is applied;
// - the usage rollup's builds (usage-rollup.ts) and the explorer's rates (explorer-cost-view.ts) are
//   derived data a read may write: they do not count, unless asked for (the explorer's own check).
// Memory tables (the store's scratch tables) have no parts and do not count. ClickHouse 18.16 and
// current releases have these columns.

import { num, str } from '../row-cells.ts'
import type { ClickHouseConnection } from './clickhouse-connection.ts'

const versionSql = `
  SELECT concat('parts:', table, ':', partition_id) AS k, toInt64(max(max_block_number)) AS v
  FROM system.parts WHERE database = {db:String} AND active AND table NOT LIKE 'usage_rollup%'
    AND (table != 'model_rates' OR {rates:UInt8} = 1)
  GROUP BY table, partition_id
  UNION ALL
  SELECT concat('mutations:', table) AS k, toInt64(count()) AS v
  FROM system.mutations WHERE database = {db:String} AND is_done = 1 GROUP BY table`

/**
 * Equal strings mean no data changed in between; compare, never order them. With `withRates`, a write
 * to the explorer's `model_rates` counts as a change too.
 */
export async function clickHouseDataVersion(
  conn: ClickHouseConnection,
  database: string,
  { withRates = false }: { withRates?: boolean } = {},
): Promise<string> {
  const rows = await conn.rows(versionSql, { db: database, rates: withRates ? 1 : 0 })
  return rows
    .map((r) => `${str(r, 'k')}=${num(r, 'v')}`)
    .sort()
    .join(',')
}
