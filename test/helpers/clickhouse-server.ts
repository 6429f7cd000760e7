// A private ClickHouse server per test file: its own temp dir, an HTTP port on 127.0.0.1 and no TCP or
// interserver listener (so parallel test files cannot clash), killed when the file is done.

import { afterAll, beforeAll } from 'bun:test'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Time allowed for one test against a real ClickHouse 18.16 server. Several steps take tens of seconds on
 * a 2-core machine, and under load (CI beside other work) the parity and migrate comparisons took up to
 * 160 s; a test that hangs still fails, later.
 */
export const clickHouseTestTimeoutMs = 420_000

export interface ClickHouseServer {
  /** http://127.0.0.1:PORT */
  httpUrl: string
  port: number
  /** A user with a password, for the credential tests (the `default` user has none). */
  user: { name: string; password: string }
  /** `clickhouse://default:@127.0.0.1:PORT/<database>` for a fresh database name. */
  storeUrl(database: string): string
  stop(): Promise<void>
  /** Stops the process but keeps its data, so `start` can bring it back (restart tests). */
  kill(): Promise<void>
  start(): Promise<void>
}

const binary = process.env.CLICKHOUSE_SERVER_BIN ?? 'clickhouse-server'

export async function startClickHouse(): Promise<ClickHouseServer> {
  const dir = mkdtempSync(join(tmpdir(), 'cc-clickhouse-'))
  const port = await freePort()
  for (const sub of ['data', 'tmp', 'user_files']) mkdirSync(join(dir, sub))
  writeFileSync(join(dir, 'config.xml'), serverConfig(dir, port))
  writeFileSync(join(dir, 'users.xml'), usersConfig)
  let proc: ReturnType<typeof Bun.spawn> | undefined
  const httpUrl = `http://127.0.0.1:${port}`

  const start = async () => {
    proc = Bun.spawn([binary, `--config-file=${join(dir, 'config.xml')}`], {
      cwd: dir,
      stdout: 'ignore',
      stderr: Bun.file(join(dir, 'stderr.log')),
      stdin: 'ignore',
    })
    await waitForPing(httpUrl, proc)
  }
  const kill = async () => {
    if (!proc) return
    proc.kill('SIGKILL')
    await proc.exited
    proc = undefined
  }
  await start()
  return {
    httpUrl,
    port,
    user: { name: 'cc', password: 'secret' },
    storeUrl: (database) => `clickhouse://default:@127.0.0.1:${port}/${database}`,
    kill,
    start,
    stop: async () => {
      await kill()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A database name no other test uses (each test gets its own database). */
export function uniqueDatabase(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
}

async function waitForPing(url: string, proc: ReturnType<typeof Bun.spawn>): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`clickhouse-server exited with ${proc.exitCode}`)
    const ok = await fetch(`${url}/ping`)
      .then((r) => r.ok)
      .catch(() => false)
    if (ok) return
    await Bun.sleep(100)
  }
  proc.kill('SIGKILL')
  throw new Error(`clickhouse-server did not answer ${url}/ping within 30 s`)
}

/** A port the OS says is free right now (the server binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

// Only <http_port>: with no <tcp_port>/<interserver_http_port> the server opens no other listener.
function serverConfig(dir: string, port: number): string {
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${port}</http_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <max_concurrent_queries>50</max_concurrent_queries>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
</yandex>
`
}

const user = (name: string, password: string) =>
  `<${name}><password>${password}</password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>` +
  `<profile>default</profile><quota>default</quota></${name}>`

const usersConfig = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users>${user('default', '')}${user('cc', 'secret')}</users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`

export interface ClickHouseForFile {
  /** The file's server (from its first test on). */
  readonly server: ClickHouseServer
  /** Run after the file's tests, newest first, before the server stops. */
  cleanup(...fns: (() => unknown)[]): void
}

/** Starts a server before the calling file's tests and stops it after them, running its cleanups first. */
export function clickHouseForFile(): ClickHouseForFile {
  let server: ClickHouseServer | undefined
  const cleanups: (() => unknown)[] = []
  beforeAll(async () => {
    server = await startClickHouse()
  })
  afterAll(async () => {
    for (const fn of cleanups.reverse()) await fn()
    await server?.stop()
  })
  return {
    get server() {
      if (!server) throw new Error('the ClickHouse server starts in beforeAll; use it inside a test')
      return server
    },
    cleanup: (...fns) => {
      cleanups.push(...fns)
    },
  }
}
