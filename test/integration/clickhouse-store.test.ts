// The ClickHouse store against a real server under bad conditions, and through the real CLI.

import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import { parseClickHouseUrl } from '../../src/config/clickhouse-url.ts'
import { importHistory } from '../../src/ingest/import-history.ts'
import { ClickHouseConnection } from '../../src/store/clickhouse/clickhouse-connection.ts'
import { ClickHouseStore } from '../../src/store/clickhouse/clickhouse-store.ts'
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts'
import { runCli, runCliJson, tempDir } from '../helpers/cli.ts'
import {
  type ClickHouseServer,
  clickHouseTestTimeoutMs,
  freePort,
  startClickHouse,
  uniqueDatabase,
} from '../helpers/clickhouse-server.ts'

setDefaultTimeout(clickHouseTestTimeoutMs)

const historyDir = join(import.meta.dir, '..', 'fixtures', 'history')
let server: ClickHouseServer
const dir = tempDir('cc-clickhouse-')

beforeAll(async () => {
  server = await startClickHouse()
})
afterAll(async () => {
  await server.stop()
  dir.cleanup()
})

function store(url: string, options: { requestTimeoutMs?: number } = {}) {
  return new ClickHouseStore({
    target: parseClickHouseUrl(url),
    checkpointPath: join(dir.path, `${crypto.randomUUID()}.db`),
    ...options,
  })
}

describe('bad conditions give clear errors', () => {
  test('server down at start', async () => {
    const s = store(`clickhouse://default:@127.0.0.1:${await freePort()}/down`)
    await expect(s.countApiRequests()).rejects.toMatchObject({
      code: 'store-unavailable',
      message: expect.stringContaining('is the server running?'),
    })
    await s.close()
  })

  test('wrong credentials', async () => {
    const s = store(
      `clickhouse://${server.user.name}:wrong@127.0.0.1:${server.port}/${uniqueDatabase('auth')}`,
    )
    await expect(s.countApiRequests()).rejects.toMatchObject({
      code: 'store-auth-failed',
      message: expect.stringContaining('refused user `cc`: wrong user name or password'),
    })
    await s.close()
  })

  test('the right credentials work', async () => {
    const { name, password } = server.user
    const s = store(`clickhouse://${name}:${password}@127.0.0.1:${server.port}/${uniqueDatabase('auth')}`)
    expect(await s.countApiRequests()).toBe(0)
    await s.close()
  })

  test('a slow query times out', async () => {
    const conn = new ClickHouseConnection(parseClickHouseUrl(server.storeUrl('default')), {
      requestTimeoutMs: 500,
    })
    await expect(conn.rows('SELECT sleep(2) AS s')).rejects.toMatchObject({
      code: 'store-timeout',
      message: expect.stringContaining('did not finish a query within 0.5 s'),
    })
    await conn.close()
  })

  test('a newer schema than this build knows is refused', async () => {
    const database = uniqueDatabase('newer')
    const s = store(server.storeUrl(database))
    await s.ready()
    const conn = new ClickHouseConnection(parseClickHouseUrl(server.storeUrl(database)))
    await conn.insert(`\`${database}\`.schema_migrations`, [{ version: 99 }])
    await conn.close()
    const again = store(server.storeUrl(database))
    await expect(again.ready()).rejects.toMatchObject({ code: 'store-too-new' })
    await Promise.all([s.close(), again.close()])
  })

  test('several processes migrating at once converge', async () => {
    const url = server.storeUrl(uniqueDatabase('race'))
    const stores = [store(url), store(url), store(url), store(url)]
    await Promise.all(stores.map((s) => s.ready()))
    expect(await Promise.all(stores.map((s) => s.countApiRequests()))).toEqual([0, 0, 0, 0])
    await Promise.all(stores.map((s) => s.close()))
  })

  test('server restarting mid-import: the failed batch is not checkpointed, and the retry doubles nothing', async () => {
    const claudeDir = join(dir.path, 'restart-claude')
    cpSync(join(historyDir, 'projects'), join(claudeDir, 'projects'), { recursive: true })
    const s = store(server.storeUrl(uniqueDatabase('restart')))
    // The server dies just as the first batch is written (after the import has read its counts).
    const dying = new Proxy(s, {
      get(target, key) {
        if (key === 'ingest')
          return async (...args: Parameters<ClickHouseStore['ingest']>) => {
            await server.kill()
            return target.ingest(...args)
          }
        const value: unknown = Reflect.get(target, key)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
    await expect(importHistory({ store: dying, claudeDirs: [claudeDir] })).rejects.toMatchObject({
      code: 'store-unavailable',
    })
    expect((await s.getCheckpoints()).size).toBe(0)
    await server.start()
    await importHistory({ store: s, claudeDirs: [claudeDir] })
    await importHistory({ store: s, claudeDirs: [claudeDir] })
    const lite = new SqliteStore(join(dir.path, 'restart.db'))
    await importHistory({ store: lite, claudeDirs: [claudeDir] })
    expect(await s.countApiRequests()).toBe(await lite.countApiRequests())
    await Promise.all([s.close(), lite.close()])
  })
})

describe('the CLI with --store clickhouse://', () => {
  const env = () => ({ home: dir.path, claudeDir: historyDir })

  test('report --json matches the embedded store, by flag and by environment variable', async () => {
    const url = server.storeUrl(uniqueDatabase('cli'))
    const lite = await runCliJson(['report', 'daily', '--json'], env())
    expect(await runCliJson(['report', 'daily', '--json', '--store', url], env())).toEqual(lite)
    const viaEnv = { ...env(), extra: { CONTEXT_CLEANER_STORE: url } }
    expect(await runCliJson(['report', 'session', '--json'], viaEnv)).toEqual(
      await runCliJson(['report', 'session', '--json'], env()),
    )
  })

  test.each([
    ['clickhouse://default:@127.0.0.1:1/x', 'Cannot reach ClickHouse at http://127.0.0.1:1'],
    ['postgres://x', 'Expected `--store` to be sqlite or clickhouse://user:password@host:8123/database'],
    ['clickhouse://u:p@127.0.0.1:8123/bad-name', 'Expected the ClickHouse database in `--store`'],
  ])('import --store %s fails clearly', async (url, message) => {
    const r = await runCli(['import', '--store', url], env())
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain(message)
  })

  test('config shows the store without its password', async () => {
    const r = await runCli(['config', '--store', 'clickhouse://cc:hunter2@127.0.0.1:8123/team'], env())
    expect(r.stdout).toContain('clickhouse://cc:***@127.0.0.1:8123/team')
    expect(r.stdout).not.toContain('hunter2')
  })
})
