import type { Config } from '../config/load-config.ts'
import { SqliteStore } from './sqlite/sqlite-store.ts'
import type { Store } from './store.ts'

export function openStore(config: Config): Store {
  return new SqliteStore(config.databasePath)
}
