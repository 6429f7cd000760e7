// The process registry: one row per process the supervisor runs (and one for the supervisor itself,
// with its heartbeat). It outlives a killed supervisor, which is how `status`, `stop` and the next
// `run` find orphans. Its own small database under run/, separate from the data store.

import { Database } from 'bun:sqlite'
import { errorMessage, SupervisorError } from './supervisor-error.ts'

export interface RegistryRow {
  name: string
  pid: number | null
  port: number | null
  command: string[]
  startedAt: number | null
  state: string
  restarts: number
  lastHealthCheck: number | null
  lastError: string | null
  logFile: string | null
  heartbeatAt: number | null
}

interface Stored {
  name: string
  pid: number | null
  port: number | null
  command: string
  started_at: number | null
  state: string
  restarts: number
  last_health_check: number | null
  last_error: string | null
  log_file: string | null
  heartbeat_at: number | null
}

const migrations = [
  `CREATE TABLE processes (
    name TEXT PRIMARY KEY,
    pid INTEGER,
    port INTEGER,
    command TEXT NOT NULL,
    started_at INTEGER,
    state TEXT NOT NULL,
    restarts INTEGER NOT NULL DEFAULT 0,
    last_health_check INTEGER,
    last_error TEXT,
    log_file TEXT,
    heartbeat_at INTEGER
  )`,
]

export class Registry {
  private constructor(private readonly db: Database) {}

  static open(path: string): Registry {
    let db: Database
    try {
      db = new Database(path, { create: true })
      db.exec('PRAGMA busy_timeout = 5000')
      db.exec('PRAGMA journal_mode = WAL')
      const version = db.query<{ user_version: number }, []>('PRAGMA user_version').get()?.user_version ?? 0
      for (let v = version; v < migrations.length; v++) {
        db.transaction(() => {
          db.exec(migrations[v] ?? '')
          db.exec(`PRAGMA user_version = ${v + 1}`)
        }).immediate()
      }
    } catch (error) {
      throw new SupervisorError(
        'start-failed',
        `Cannot open the process registry ${path}: ${errorMessage(error)}`,
      )
    }
    return new Registry(db)
  }

  upsert(row: RegistryRow): void {
    this.db
      .query(
        `INSERT INTO processes (name, pid, port, command, started_at, state, restarts, last_health_check,
           last_error, log_file, heartbeat_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
         ON CONFLICT (name) DO UPDATE SET pid = ?2, port = ?3, command = ?4, started_at = ?5, state = ?6,
           restarts = ?7, last_health_check = ?8, last_error = ?9, log_file = ?10, heartbeat_at = ?11`,
      )
      .run(
        row.name,
        row.pid,
        row.port,
        JSON.stringify(row.command),
        row.startedAt,
        row.state,
        row.restarts,
        row.lastHealthCheck,
        row.lastError,
        row.logFile,
        row.heartbeatAt,
      )
  }

  heartbeat(name: string, at: number): void {
    this.db.query('UPDATE processes SET heartbeat_at = ?2 WHERE name = ?1').run(name, at)
  }

  all(): RegistryRow[] {
    return this.db
      .query<Stored, []>('SELECT * FROM processes ORDER BY rowid')
      .all()
      .map((s) => ({
        name: s.name,
        pid: s.pid,
        port: s.port,
        command: parseCommand(s.command),
        startedAt: s.started_at,
        state: s.state,
        restarts: s.restarts,
        lastHealthCheck: s.last_health_check,
        lastError: s.last_error,
        logFile: s.log_file,
        heartbeatAt: s.heartbeat_at,
      }))
  }

  remove(name: string): void {
    this.db.query('DELETE FROM processes WHERE name = ?1').run(name)
  }

  clear(): void {
    this.db.exec('DELETE FROM processes')
  }

  close(): void {
    this.db.close()
  }
}

function parseCommand(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}
