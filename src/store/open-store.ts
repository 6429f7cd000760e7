import { join } from 'node:path'
import type { ClickHouseTarget } from '../config/clickhouse-url.ts'
import type { Config } from '../config/load-config.ts'
import type { ClickHouseStore } from './clickhouse/clickhouse-store.ts'
import { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.ts'
import type { Store } from './store.ts'

type ClickHouseModule = typeof import('./clickhouse/clickhouse-store.ts')
type FallbackModule = typeof import('./clickhouse/fallback-store.ts')

export function openStore(config: Config, options: SqliteStoreOptions = {}): Store {
  if (!config.clickhouse) return new SqliteStore(config.databasePath, options)
  const clickhouse = openClickHouseStore(config, config.clickhouse)
  if (config.storeFallback === 'none') return clickhouse
  const { FallbackStore } = require('./clickhouse/fallback-store.ts') as FallbackModule
  return new FallbackStore(
    clickhouse,
    () => new SqliteStore(config.databasePath, options),
    config.databasePath,
  )
}

export function openClickHouseStore(config: Config, target: ClickHouseTarget): ClickHouseStore {
  // Checkpoints are per ClickHouse database: importing into a second one must read every file again.
  const id = new Bun.CryptoHasher('sha256')
    .update(`${target.url}/${target.database}`)
    .digest('hex')
    .slice(0, 12)
  // Loaded on demand: @clickhouse/client takes a third of a warm sqlite report's time to load.
  const { ClickHouseStore } = require('./clickhouse/clickhouse-store.ts') as ClickHouseModule
  return new ClickHouseStore({
    target,
    checkpointPath: join(config.dataDir, `clickhouse-checkpoints-${id}.db`),
  })
}
