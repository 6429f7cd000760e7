// The explorer for the embedded store: schema from a read-only connection kept open, each query in a
// short-lived child process on its own read-only connection, killed when it runs past the time limit,
// past a resident-memory limit (bun:sqlite's SQLite enforces no hard_heap_limit, and Bun aborts under
// an RLIMIT_DATA small enough to matter), or when it answers with more bytes than the result may hold.

import type { Database } from 'bun:sqlite'
import { readFileSync } from 'node:fs'
import type { QueryLimits, QueryOutcome, SchemaTable } from '../../model/explorer-results.ts'
import { internalEntryCommand } from '../../runtime/entry-points.ts'
import { type Explorer, outputTooLarge, queryMemoryExceeded } from '../explorer.ts'
import { openExplorerConnection } from './read-only-query.ts'

/** A query child past this resident size is stopped (a plain query child is about 40 MB). */
const MAX_CHILD_RSS_BYTES = 384 * 1024 * 1024
const RSS_CHECK_MS = 25
const MB = 1024 * 1024

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
           UNION ALL SELECT name, type FROM sqlite_temp_schema WHERE type = 'view'
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
      const { rowLimit, maxOutputBytes } = limits
      child.stdin.write(JSON.stringify({ path, sql, rowLimit, maxOutputBytes }))
      await child.stdin.end()
      let stopped: 'timeout' | 'memory' | 'output' | null = null
      const stop = (why: 'timeout' | 'memory' | 'output') => {
        stopped ??= why
        child.kill('SIGKILL')
      }
      const timer = setTimeout(() => stop('timeout'), limits.timeoutMs)
      const memory = setInterval(() => {
        if ((residentBytes(child.pid) ?? 0) > MAX_CHILD_RSS_BYTES) stop('memory')
      }, RSS_CHECK_MS)
      // The child counts a cell's text, and JSON escaping can make it up to six times longer (control
      // characters): past twice the result's budget nothing more of its answer is read, and the answer
      // is refused as too large.
      const [stdout, stderr, exitCode] = await Promise.all([
        readCapped(child.stdout, 2 * maxOutputBytes + MB, () => stop('output')),
        readCapped(child.stderr, 64 * 1024, () => {}),
        child.exited,
      ])
      clearTimeout(timer)
      clearInterval(memory)
      if (stopped === 'timeout') {
        return {
          ok: false,
          code: 'timeout',
          message: `The query ran longer than ${limits.timeoutMs} ms and was stopped`,
        }
      }
      if (stopped === 'memory') return queryMemoryExceeded(MAX_CHILD_RSS_BYTES)
      if (stopped === 'output' || stdout === null) return outputTooLarge(maxOutputBytes)
      if (exitCode !== 0)
        return { ok: false, code: 'failed', message: stderr?.trim() || `exit code ${exitCode}` }
      return JSON.parse(stdout) as QueryOutcome
    },

    close() {
      db?.close()
      db = null
    },
  }
}

/** VmRSS of /proc/<pid>/status; null where there is no /proc (the limit is then not watched). */
function residentBytes(pid: number): number | null {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb === undefined ? null : Number(kb) * 1024
  } catch {
    return null
  }
}

/** The stream's text, or null (after `onOverflow`) once it passes `maxBytes`. */
async function readCapped(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
  onOverflow: () => void,
): Promise<string | null> {
  const chunks: Uint8Array[] = []
  let total = 0
  for await (const chunk of stream) {
    total += chunk.byteLength
    if (total > maxBytes) {
      onOverflow()
      return null
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}
