// Runs one explorer query in its own process, so the dashboard can enforce the time limit by killing
// it: bun:sqlite has no progress handler or interrupt, and a runaway query never returns to JavaScript.
// Reads {path, sql, rowLimit} as JSON on stdin, writes the outcome as JSON on stdout.

import { writeStdout } from '../../runtime/write-stdout.ts'
import { openExplorerConnection, runReadOnlyQuery } from './read-only-query.ts'

interface QueryJob {
  path: string
  sql: string
  rowLimit: number
  maxOutputBytes: number
}

const job = JSON.parse(await Bun.stdin.text()) as QueryJob
const db = openExplorerConnection(job.path)
const outcome = runReadOnlyQuery(db, job.sql, job.rowLimit, job.maxOutputBytes)
db.close()
await writeStdout(JSON.stringify(outcome))
