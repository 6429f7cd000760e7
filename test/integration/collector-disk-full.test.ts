// A real full disk under the collector: its data directory on a 16 MB tmpfs, 6 MB of it taken by a
// ballast file, then OTLP batches until the store's writes fail with ENOSPC (SQLITE_FULL). Removing
// the ballast gives the space back. Before the fix the WAL (never checkpointed, since the
// auto-checkpoint comes at 40 MB) grew back into the freed space and stayed after stop; now the store
// empties it after the ENOSPC, keeps it near 4 MB, and leaves none at stop. What this proves: real
// ENOSPC from the kernel through SQLite to the collector's answers and its WAL. Mounting needs root
// (CI runs as root); elsewhere the test is skipped.

import { Database } from 'bun:sqlite'
import { afterAll, beforeAll, expect, test } from 'bun:test'
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pinnedEnv, type TempDir, tempDir } from '../helpers/cli.ts'
import { apiRequestEvent, logsPayload } from '../helpers/otlp-payloads.ts'
import { type CollectorProcess, startCollectorProcess } from '../helpers/service-process.ts'

const isRoot = process.getuid?.() === 0
let dir: TempDir
let mount: string
let collector: CollectorProcess | undefined

beforeAll(() => {
  if (!isRoot) return
  dir = tempDir('cc-disk-full-')
  mount = join(dir.path, 'mnt')
  mkdirSync(mount)
  const mounted = Bun.spawnSync(['mount', '-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mount])
  if (mounted.exitCode !== 0) throw new Error(`mount failed: ${mounted.stderr.toString()}`)
})

afterAll(async () => {
  if (!isRoot) return
  await collector?.stop()
  Bun.spawnSync(['umount', mount])
  dir.cleanup()
})

const size = (path: string) => (existsSync(path) ? statSync(path).size : 0)

test.skipIf(!isRoot)(
  'after ENOSPC the WAL is emptied and kept small, nothing acknowledged is lost, and stop leaves no WAL',
  async () => {
    const home = join(mount, 'home')
    mkdirSync(home)
    const database = join(home, '.context-cleaner', 'data', 'context-cleaner.db')
    const ballast = join(mount, 'ballast')
    writeFileSync(ballast, Buffer.alloc(6 * 1024 * 1024))
    const started = await startCollectorProcess(pinnedEnv({ home, claudeDir: home }))
    collector = started
    let sent = 0
    const acknowledged: string[] = []
    const post = async (): Promise<number> => {
      const ids = Array.from({ length: 200 }, () => `req_${sent++}`)
      const events = ids.map((requestId, i) =>
        apiRequestEvent({ requestId, sessionId: `s${i % 7}`, input: 10, output: 5, costUsd: 0.01 }),
      )
      const res = await fetch(`${started.url}/v1/logs`, {
        method: 'POST',
        body: JSON.stringify(logsPayload(events)),
        headers: { 'content-type': 'application/json' },
      })
      await res.arrayBuffer()
      if (res.status === 200) acknowledged.push(...ids)
      return res.status
    }

    const statuses: number[] = []
    while (!statuses.includes(503) && statuses.length < 500) statuses.push(await post())
    expect(statuses.at(-1)).toBe(503)
    const walWhenFull = size(`${database}-wal`)

    rmSync(ballast)
    const afterSpaceReturned: number[] = []
    for (let i = 0; i < 10; i++) afterSpaceReturned.push(await post())
    expect(afterSpaceReturned).toEqual(Array.from({ length: 10 }, () => 200))
    // Ten batches after space returned: the old WAL went on growing from where the full disk left it.
    expect(walWhenFull).toBeGreaterThan(6 * 1024 * 1024)
    expect(size(`${database}-wal`)).toBeLessThan(6 * 1024 * 1024)

    expect(await started.stop()).toBe(0)
    collector = undefined
    expect(size(`${database}-wal`)).toBe(0)
    const db = new Database(database, { readonly: true })
    const stored = db.query<{ n: number }, []>('SELECT count(*) AS n FROM api_requests').get()?.n
    db.close()
    expect(stored).toBe(acknowledged.length)
  },
)
