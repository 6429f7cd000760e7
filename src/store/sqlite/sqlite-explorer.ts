// The explorer for the embedded store: schema from a read-only connection kept open, each query in a
// short-lived child process on its own read-only connection, killed when it runs past the time limit.

import type { Database } from 'bun:sqlite'
import type { QueryLimits, QueryOutcome, SchemaTable } from '../../model/explorer-results.ts'
import { internalEntryCommand } from '../../runtime/entry-points.ts'
import type { Explorer } from '../explorer.ts'
import { openExplorerConnection } from './read-only-query.ts'

export type SqliteExplorer = Explorer & { close(): void }

export function createSqliteExplorer(path: string): SqliteExplorer {
  let db: Database | null = null
  const connection = () => {
    db ??= openExplorerConnection(path)
    return db
  }
  return {
    dialect: 'SQLite',
    async schema(): Promise<SchemaTable[]> {
      const conn = connection()
      const objects = conn
        .query<{ name: string; type: 'table' | 'view' }, []>(
          `SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'
           ORDER BY name`,
        )
        .all()
      const columns = conn.query<{ name: string; type: string }, [string]>(
        'SELECT name, type FROM pragma_table_info(?) ORDER BY cid',
      )
      return objects.map((o) => ({ name: o.name, kind: o.type, columns: columns.all(o.name) }))
    },

    async run(sql: string, limits: QueryLimits): Promise<QueryOutcome> {
      const child = Bun.spawn(internalEntryCommand('explorer-query'), {
        stdin: 'pipe',
        stdout: 'pipe',
        stderr: 'pipe',
        env: { PATH: process.env.PATH ?? '' },
      })
      child.stdin.write(JSON.stringify({ path, sql, rowLimit: limits.rowLimit }))
      await child.stdin.end()
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        child.kill('SIGKILL')
      }, limits.timeoutMs)
      const [stdout, stderr, exitCode] = await Promise.all([
        new Response(child.stdout).text(),
        new Response(child.stderr).text(),
        child.exited,
      ])
      clearTimeout(timer)
      if (timedOut) {
        return {
          ok: false,
          code: 'timeout',
          message: `The query ran longer than ${limits.timeoutMs} ms and was stopped`,
        }
      }
      if (exitCode !== 0)
        return { ok: false, code: 'failed', message: stderr.trim() || `exit code ${exitCode}` }
      return JSON.parse(stdout) as QueryOutcome
    },

    close() {
      db?.close()
      db = null
    },
  }
}
