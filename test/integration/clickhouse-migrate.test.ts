// `migrate --to clickhouse://…` against a real server: everything copied once, resumable, verified.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test'
import { join } from 'node:path'
import { importHistory } from '../../src/ingest/import-history.ts'
import { ClickHouseStore } from '../../src/store/clickhouse/clickhouse-store.ts'
import { parseClickHouseUrl } from '../../src/store/clickhouse/clickhouse-url.ts'
import { migrateToClickHouse } from '../../src/store/clickhouse/migrate-to-clickhouse.ts'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts'
import { runCliJson, tempDir } from '../helpers/cli.ts'
import { type ClickHouseServer, startClickHouse, uniqueDatabase } from '../helpers/clickhouse-server.ts'

const fixtures = join(import.meta.dir, '..', 'fixtures')
let server: ClickHouseServer
const dir = tempDir('cc-migrate-')

beforeAll(async () => {
  server = await startClickHouse()
})
afterAll(async () => {
  await server.stop()
  dir.cleanup()
})

describe('migrate --to clickhouse://', () => {
  test('copies everything once, a second run copies nothing, and reports then match', async () => {
    const env = { home: join(dir.path, 'cli'), claudeDir: join(fixtures, 'history') }
    const url = server.storeUrl(uniqueDatabase('migrate'))
    await runCliJson(['import', '--json'], env)
    const first = await runCliJson<{ copied: number; sourceRequests: number; missing: number }>(
      ['migrate', '--to', url, '--json'],
      env,
    )
    expect(first.copied).toBe(first.sourceRequests)
    expect(first.sourceRequests).toBeGreaterThan(0)
    expect(first.missing).toBe(0)
    expect(await runCliJson(['migrate', '--to', url, '--json'], env)).toMatchObject({
      copied: 0,
      alreadyCopied: first.sourceRequests,
      verified: first.sourceRequests,
      missing: 0,
    })
    const lite = await runCliJson(['report', 'daily', '--json', '--no-import'], env)
    expect(await runCliJson(['report', 'daily', '--json', '--no-import', '--store', url], env)).toEqual(lite)
    // The importer's checkpoints came along: importing into ClickHouse now reads nothing new.
    expect(await runCliJson(['import', '--json', '--store', url], env)).toMatchObject({ newRequests: 0 })
  })

  test('a run killed after its first batch resumes where it stopped', async () => {
    const from = new SqliteStore(join(dir.path, 'resume.db'))
    await importHistory({
      store: from,
      claudeDirs: [join(fixtures, 'history'), join(fixtures, 'claude-code')],
    })
    const open = () =>
      new ClickHouseStore({
        target: parseClickHouseUrl(server.storeUrl(uniqueDatabase('resume'))),
        checkpointPath: join(dir.path, 'resume-ch.db'),
      })
    const to = open()
    const killed = migrateToClickHouse({
      from,
      to,
      batchSize: 2,
      onProgress: () => {
        throw new Error('killed')
      },
    })
    await expect(killed).rejects.toThrow('killed')
    expect(await to.countApiRequests()).toBe(2)
    const resumed = await migrateToClickHouse({ from, to, batchSize: 2 })
    const total = await from.countApiRequests()
    expect(resumed).toMatchObject({ copied: total - 2, alreadyCopied: 2, verified: total, missing: 0 })
    expect(await to.countApiRequests()).toBe(total)
    await Promise.all([from.close(), to.close()])
  })
})
