// Import checkpoints for the ClickHouse store live on this machine, in a small bun:sqlite file: they
// describe this machine's transcript files, which other collectors writing to the same server never see.

import { Database } from 'bun:sqlite'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import type { MigratePosition } from '../migration-records.ts'
import type { FileCheckpoint } from '../store.ts'
import { StoreError } from '../store-error.ts'

export type MigrateProgress = MigratePosition

export class CheckpointFile {
  readonly #db: Database

  constructor(path: string) {
    try {
      mkdirSync(dirname(path), { recursive: true })
      this.#db = new Database(path, { create: true })
      this.#db.exec('PRAGMA busy_timeout = 5000')
      this.#db.exec('PRAGMA journal_mode = WAL')
      this.#db.exec(`CREATE TABLE IF NOT EXISTS import_checkpoints (
        path TEXT PRIMARY KEY, dev INTEGER NOT NULL, ino INTEGER NOT NULL, size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL, offset INTEGER NOT NULL)`)
      // How far `migrate --to` got copying one embedded store: `source` is its path for requests, and
      // its path and `#table` for each other table (migrate-to-clickhouse.ts).
      this.#db.exec(
        'CREATE TABLE IF NOT EXISTS migrate_progress (source TEXT PRIMARY KEY, ts INTEGER NOT NULL, key TEXT NOT NULL)',
      )
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new StoreError('store-unavailable', `Cannot open the checkpoint file at ${path}: ${reason}`)
    }
  }

  all(): Map<string, FileCheckpoint> {
    const rows = this.#db
      .query<FileCheckpoint, []>(
        'SELECT path, dev, ino, size, mtime_ms AS mtimeMs, offset FROM import_checkpoints',
      )
      .all()
    return new Map(rows.map((r) => [r.path, r]))
  }

  count(): number {
    return this.#db.query<{ n: number }, []>('SELECT count(*) AS n FROM import_checkpoints').get()?.n ?? 0
  }

  save(checkpoints: readonly FileCheckpoint[]): void {
    const upsert = this.#db.prepare(
      `INSERT INTO import_checkpoints (path, dev, ino, size, mtime_ms, offset)
       VALUES ($path, $dev, $ino, $size, $mtime, $offset)
       ON CONFLICT (path) DO UPDATE SET dev = excluded.dev, ino = excluded.ino, size = excluded.size,
         mtime_ms = excluded.mtime_ms, offset = excluded.offset`,
    )
    this.#db.transaction(() => {
      for (const c of checkpoints)
        upsert.run({
          $path: c.path,
          $dev: c.dev,
          $ino: c.ino,
          $size: c.size,
          $mtime: c.mtimeMs,
          $offset: c.offset,
        })
    })()
  }

  migrateProgress(source: string): MigrateProgress | null {
    return (
      this.#db
        .query<MigrateProgress, [string]>('SELECT ts, key FROM migrate_progress WHERE source = ?')
        .get(source) ?? null
    )
  }

  saveMigrateProgress(source: string, progress: MigrateProgress): void {
    this.#db
      .query(
        `INSERT INTO migrate_progress (source, ts, key) VALUES (?, ?, ?)
         ON CONFLICT (source) DO UPDATE SET ts = excluded.ts, key = excluded.key`,
      )
      .run(source, progress.ts, progress.key)
  }

  clear(): void {
    this.#db.exec('DELETE FROM import_checkpoints')
  }

  close(): void {
    this.#db.close()
  }
}
