import type { Config } from '../config/load-config.ts'
import { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.ts'
import type { Store } from './store.ts'

export function openStore(config: Config, options: SqliteStoreOptions = {}): Store {
  return new SqliteStore(config.databasePath, options)
}
