// The two parts of the dashboard that reach the store beside the Store interface: the data explorer
// (its own read-only access) and the change watcher behind live updates. The embedded store gets a
// read-only connection to its file and `PRAGMA data_version`; ClickHouse gets `readonly = 1` requests and
// a poll of its parts' block numbers, and no SQLite file is opened for it. With `store_fallback = "sqlite"`
// both follow the store to the embedded file once it falls back.

import type { Config } from '../config/load-config.ts'
import type { ClickHouseTarget } from '../store/clickhouse/clickhouse-url.ts'
import type { Store } from '../store/store.ts'
import { type Explorer, limitConcurrentQueries } from './explorer/explorer.ts'
import { createSqliteExplorer } from './explorer/sqlite-explorer.ts'
import { type ChangeWatcher, watchDataVersion } from './live/data-version-watcher.ts'

export interface StoreBackends {
  explorer: Explorer
  /** Starts watching; `onChange` is called after every change another connection or process makes. */
  watch(onChange: () => void): ChangeWatcher
  close(): Promise<void>
}

/** How often a fallen-back store is checked for, so live updates move to the embedded file. @default 1000 */
const FALLBACK_CHECK_MS = 1000

export async function openStoreBackends(config: Config, store: Store): Promise<StoreBackends> {
  if (!config.clickhouse) {
    const explorer = limitConcurrentQueries(createSqliteExplorer(config.databasePath))
    return {
      explorer,
      watch: (onChange) => watchDataVersion(config.databasePath, onChange),
      async close() {
        explorer.close()
      },
    }
  }
  const clickhouse = await openClickHouseBackends(config.clickhouse)
  if (config.storeFallback === 'none') return clickhouse
  return followFallback(config.databasePath, store, clickhouse)
}

async function openClickHouseBackends(target: ClickHouseTarget): Promise<StoreBackends> {
  // Loaded on demand, as open-store.ts does: @clickhouse/client is slow to load and sqlite users never need it.
  const [
    { ClickHouseConnection },
    { clickHouseDataVersion },
    { createClickHouseExplorer },
    { pollDataVersion },
  ] = await Promise.all([
    import('../store/clickhouse/clickhouse-connection.ts'),
    import('../store/clickhouse/data-version.ts'),
    import('./explorer/clickhouse-explorer.ts'),
    import('./live/poll-data-version.ts'),
  ])
  const conn = new ClickHouseConnection(target, { database: target.database })
  return {
    explorer: limitConcurrentQueries(createClickHouseExplorer(conn, target.database)),
    watch: (onChange) => pollDataVersion(() => clickHouseDataVersion(conn, target.database), onChange),
    close: () => conn.close(),
  }
}

/** ClickHouse's pieces while the store is on ClickHouse; the embedded file's, opened when it falls back. */
function followFallback(path: string, store: Store, clickhouse: StoreBackends): StoreBackends {
  let sqlite: ReturnType<typeof createSqliteExplorer> | undefined
  const current = (): Explorer => {
    if (store.kind === 'clickhouse') return clickhouse.explorer
    sqlite ??= limitConcurrentQueries(createSqliteExplorer(path))
    return sqlite
  }
  return {
    explorer: {
      get dialect() {
        return current().dialect
      },
      schema: () => current().schema(),
      run: (sql, limits) => current().run(sql, limits),
    },
    watch(onChange) {
      let watcher = clickhouse.watch(onChange)
      const check = setInterval(() => {
        if (store.kind === 'clickhouse') return
        clearInterval(check)
        watcher.stop()
        watcher = watchDataVersion(path, onChange)
        onChange()
      }, FALLBACK_CHECK_MS)
      return {
        stop() {
          clearInterval(check)
          watcher.stop()
        },
      }
    },
    async close() {
      sqlite?.close()
      await clickhouse.close()
    },
  }
}
