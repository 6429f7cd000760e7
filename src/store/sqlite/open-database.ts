// The one place that opens the embedded database: WAL for concurrent readers and writers across
// processes, a busy timeout instead of SQLITE_BUSY errors, and migrations to the current version.

import { Database } from 'bun:sqlite'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { StoreError } from '../store-error.ts'
import { SCHEMA_VERSION } from './schema-version.ts'

type MigrationsModule = typeof import('./migrations.ts')

/** How long a statement waits for another process's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000

export interface OpenOptions {
  readonly?: boolean
}

export function openDatabase(path: string, options: OpenOptions = {}): Database {
  let db: Database
  try {
    if (!options.readonly) mkdirSync(dirname(path), { recursive: true })
    db = options.readonly ? new Database(path, { readonly: true }) : new Database(path, { create: true })
  } catch (error) {
    throw new StoreError('store-unavailable', `Cannot open the database at ${path}: ${message(error)}`)
  }
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`)
  if (options.readonly) return db
  const deadline = Date.now() + BUSY_TIMEOUT_MS
  for (;;) {
    try {
      prepare(db)
      return db
    } catch (error) {
      // Switching a new file to WAL, or a migration racing another process's, can answer SQLITE_BUSY
      // at once instead of waiting (SQLite skips the busy handler where waiting could deadlock). Each
      // step is idempotent, so wait a little and go again, as the busy timeout would have.
      if (isBusy(error) && Date.now() < deadline) {
        Bun.sleepSync(10 + Math.random() * 40)
        continue
      }
      db.close()
      // A store written by a newer version is no I/O failure: say so, with its own code.
      if (error instanceof StoreError) throw error
      throw new StoreError('store-unavailable', `Cannot prepare the database at ${path}: ${message(error)}`)
    }
  }
}

function prepare(db: Database): void {
  db.exec('PRAGMA journal_mode = WAL')
  db.exec('PRAGMA synchronous = NORMAL')
  // A checkpoint every 40 MB of WAL rather than SQLite's 4 MB: each one syncs the disk twice, and a
  // large import spent a quarter of its write time in them.
  db.exec('PRAGMA wal_autocheckpoint = 10000')
  // Upserts' statement journals went to temp files on disk (100k+ writes for a 1 GB import).
  db.exec('PRAGMA temp_store = MEMORY')
  migrate(db)
}

function isBusy(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
  return code.startsWith('SQLITE_BUSY') || /database is locked/.test(message(error))
}

function migrate(db: Database): void {
  if (schemaVersion(db) === SCHEMA_VERSION) return
  // The migrations' SQL is loaded only when a database is behind: building it took a warm report 1 ms.
  const { migrations } = require('./migrations.ts') as MigrationsModule
  // One migration per immediate transaction, the version read again inside it: another process
  // (a second first import) may have migrated the database since the read above.
  const step = db.transaction((): boolean => {
    const current = schemaVersion(db)
    if (current > migrations.length) {
      throw new StoreError(
        'store-too-new',
        `The database at ${db.filename} is at schema version ${current}; this version of Context Cleaner knows up to ${migrations.length}. A newer Context Cleaner wrote it: upgrade Context Cleaner.`,
      )
    }
    if (current === migrations.length) return false
    db.exec(migrations[current] ?? '')
    db.exec(`PRAGMA user_version = ${current + 1}`)
    return true
  })
  while (step.immediate()) {}
}

function schemaVersion(db: Database): number {
  return db.query<{ user_version: number }, []>('PRAGMA user_version').get()?.user_version ?? 0
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
