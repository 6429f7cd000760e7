// The collector and the CLI on a real ClickHouse server that goes away: restarting mid-ingest loses
// and doubles nothing; down at start, wrong credentials and a slow query give clear errors; and
// `store_fallback = "sqlite"` uses the embedded store instead when asked.

import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test'
import { join } from 'node:path'
import { parseClickHouseUrl } from '../../src/config/clickhouse-url.ts'
import { loadConfig } from '../../src/config/load-config.ts'
import { startCollectorService } from '../../src/otlp/collector-service.ts'
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
import { apiRequestEvent, logsPayload } from '../helpers/otlp-payloads.ts'

setDefaultTimeout(clickHouseTestTimeoutMs)

const historyDir = join(import.meta.dir, '..', 'fixtures', 'history')
let server: ClickHouseServer
const dir = tempDir('cc-ch-collector-')

beforeAll(async () => {
  server = await startClickHouse()
})
afterAll(async () => {
  await server.stop()
  dir.cleanup()
})

/** One api_request per batch: request i has i output tokens and costs i tenths of a cent. */
function requestBody(i: number): string {
  return JSON.stringify(
    logsPayload([
      apiRequestEvent({
        requestId: `req_${i}`,
        sessionId: 'restart-1',
        input: 10,
        output: i,
        costUsd: i / 1000,
        timeMs: 1_795_000_000_000 + i * 1000,
        sequence: i,
      }),
    ]),
  )
}

function post(url: string, i: number): Promise<Response> {
  return fetch(`${url}/v1/logs`, {
    method: 'POST',
    body: requestBody(i),
    headers: { 'content-type': 'application/json' },
  })
}

/** Sends request i until the collector takes it, as an OTLP exporter honouring Retry-After does. */
async function sendUntilTaken(url: string, i: number, refusals: Response[]): Promise<void> {
  for (;;) {
    const res = await post(url, i)
    if (res.status === 200) return
    refusals.push(res)
    await Bun.sleep(100)
  }
}

function config(home: string, extra: Record<string, string>) {
  return loadConfig({}, { CONTEXT_CLEANER_HOME: home, HOME: home, ...extra })
}

describe('the collector on ClickHouse', () => {
  test('the server restarting mid-ingest: batches are buffered, then stored exactly once', async () => {
    const url = server.storeUrl(uniqueDatabase('restart'))
    const home = join(dir.path, 'restart')
    const service = await startCollectorService(config(home, { CONTEXT_CLEANER_STORE: url }), {
      host: '127.0.0.1',
      port: 0,
      maxPendingRecords: 20,
    })
    const collector = `http://127.0.0.1:${service.port}`
    const refusals: Response[] = []
    for (let i = 1; i <= 10; i++) await sendUntilTaken(collector, i, refusals)
    await server.kill()
    // While the server is down, the buffer takes 20 records, then the collector answers 503.
    const whileDown = []
    for (let i = 11; i <= 40; i++) whileDown.push((await post(collector, i)).status)
    expect(whileDown.filter((s) => s === 200).length).toBe(20)
    expect(whileDown.filter((s) => s === 503).length).toBe(10)
    const refused = await post(collector, 40)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('5')
    expect(await refused.text()).toContain("the collector's buffer is full")
    const health = await (await fetch(`${collector}/healthz`)).json()
    expect(health).toMatchObject({ storeDown: true, pendingRecords: 20 })
    await server.start()
    for (let i = 31; i <= 50; i++) await sendUntilTaken(collector, i, refusals)
    await service.stop()

    const store = new ClickHouseStore({
      target: parseClickHouseUrl(url),
      checkpointPath: join(dir.path, 'restart-checkpoints.db'),
    })
    const requests = []
    for await (const r of store.exportApiRequests({})) requests.push(r)
    expect(requests.map((r) => r.outputTokens)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    expect(requests.reduce((sum, r) => sum + (r.costUsd ?? 0), 0)).toBeCloseTo(1.275, 9)
    expect((await store.reads().telemetry({}))?.logRecords).toBe(50)
    await store.close()
  })

  test('keeps the usage rollup built in the background, so reports need not build it', async () => {
    const database = uniqueDatabase('upkeep')
    const service = await startCollectorService(
      config(join(dir.path, 'upkeep'), { CONTEXT_CLEANER_STORE: server.storeUrl(database) }),
      { host: '127.0.0.1', port: 0 },
    )
    const conn = new ClickHouseConnection(parseClickHouseUrl(server.storeUrl(database)))
    const builds = async () =>
      (await conn.rows(`SELECT toUInt32(count()) AS n FROM \`${database}\`.usage_rollup_builds`))[0]?.n
    const deadline = Date.now() + 20_000
    while ((await builds()) === 0 && Date.now() < deadline) await Bun.sleep(100)
    expect(await builds()).toBe(1)
    await service.stop()
    await conn.close()
  })

  test('down at start with store_fallback = "sqlite": the embedded store takes the telemetry', async () => {
    const home = join(dir.path, 'fallback')
    const down = `clickhouse://default:@127.0.0.1:${await freePort()}/down`
    const settings = config(home, {
      CONTEXT_CLEANER_STORE: down,
      CONTEXT_CLEANER_STORE_FALLBACK: 'sqlite',
    })
    const service = await startCollectorService(settings, { host: '127.0.0.1', port: 0 })
    const collector = `http://127.0.0.1:${service.port}`
    expect((await post(collector, 1)).status).toBe(200)
    await service.stop()
    const lite = new SqliteStore(settings.databasePath)
    expect(await lite.countApiRequests()).toBe(1)
    await lite.close()
  })
})

describe('the CLI on ClickHouse gives clear errors', () => {
  const env = (extra: Record<string, string> = {}) => ({ home: dir.path, claudeDir: historyDir, extra })

  test('down at start: an error, or with --store-fallback sqlite the embedded store and a warning', async () => {
    const down = `clickhouse://default:@127.0.0.1:${await freePort()}/down`
    const failed = await runCli(['report', 'daily', '--json', '--store', down], env())
    expect(failed.exitCode).toBe(1)
    expect(failed.stderr).toContain('is the server running?')
    const fallback = await runCli(
      ['report', 'daily', '--json', '--store', down, '--store-fallback', 'sqlite'],
      env(),
    )
    expect(fallback.exitCode).toBe(0)
    expect(fallback.stderr).toContain('Using the embedded store at')
    expect(JSON.parse(fallback.stdout)).toEqual(await runCliJson(['report', 'daily', '--json'], env()))
    const viaEnv = await runCli(
      ['report', 'daily', '--json', '--store', down],
      env({ CONTEXT_CLEANER_STORE_FALLBACK: 'sqlite' }),
    )
    expect(viaEnv.exitCode).toBe(0)
  })

  test('wrong credentials: an error, even with a fallback', async () => {
    const wrong = `clickhouse://${server.user.name}:wrong@127.0.0.1:${server.port}/${uniqueDatabase('auth')}`
    const r = await runCli(['report', 'daily', '--store', wrong, '--store-fallback', 'sqlite'], env())
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('refused user `cc`: wrong user name or password')
    expect(r.stderr).not.toContain('wrong@')
  })

  test('a bad --store-fallback is refused with the expected values', async () => {
    const r = await runCli(['report', 'daily', '--store-fallback', 'postgres'], env())
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('Expected `--store-fallback` to be none or sqlite, got `postgres`')
  })

  test('a slow query stops at ?timeout= with a clear error', async () => {
    const database = uniqueDatabase('slow')
    const seeded = new ClickHouseStore({
      target: parseClickHouseUrl(server.storeUrl(database)),
      checkpointPath: join(dir.path, 'slow-checkpoints.db'),
    })
    await seeded.ready()
    await seeded.close()
    // Ten million requests: merging their copies takes the server well over a second.
    const conn = new ClickHouseConnection(parseClickHouseUrl(server.storeUrl(database)), {
      requestTimeoutMs: 120_000,
    })
    await conn.command(
      `INSERT INTO \`${database}\`.api_requests (key, session_id, project, model, ts, input_tokens, output_tokens,
         cache_creation_tokens, cache_read_tokens, total_tokens, is_sidechain, source, row_version)
       SELECT concat('k', toString(number)), 's', '/p', 'm', toInt64(number), 1, 1, 0, 0, 2, 0, 'transcript', 2
       FROM system.numbers LIMIT 10000000`,
    )
    await conn.close()
    const started = Date.now()
    const r = await runCli(['report', 'daily', '--store', `${server.storeUrl(database)}?timeout=1`], env())
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('did not finish a query within 1 s (timeout)')
    expect(Date.now() - started).toBeLessThan(10_000)
  })
})
