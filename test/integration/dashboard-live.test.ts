import { afterAll, beforeAll, describe, expect, it } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadConfig } from '../../src/config/load-config.ts'
import type { RunningService } from '../../src/services/service.ts'
import { watchDataVersion } from '../../src/store/sqlite/data-version-watcher.ts'
import type { ChangeWatcher } from '../../src/store/store.ts'
import { startDashboardService } from '../../src/web/dashboard-service.ts'
import { ACCESS_COOKIE, createTestDashboard, TEST_PORT, type TestDashboard } from '../helpers/dashboard.ts'
import { dashboardAccess } from '../helpers/dashboard-access.ts'

const decoder = new TextDecoder()

/** Elysia's stream yields strings through app.handle and bytes over a socket. */
function readerOf(res: Response) {
  return (res.body as ReadableStream<Uint8Array | string>).getReader()
}

async function readChunk(reader: ReturnType<typeof readerOf>): Promise<string> {
  const { value } = await reader.read()
  return typeof value === 'string' ? value : decoder.decode(value)
}

function openStream(dash: TestDashboard, path = '/events') {
  const controller = new AbortController()
  const response = dash.app.handle(
    new Request(`http://localhost:${TEST_PORT}${path}`, {
      headers: { host: `localhost:${TEST_PORT}`, cookie: ACCESS_COOKIE },
      signal: controller.signal,
    }),
  )
  return { controller, response }
}

/** Appends one request from another process, as the ingest service would. */
async function writeFromAnotherProcess(dbPath: string, n: number): Promise<void> {
  const script = `
    import { SqliteStore } from ${JSON.stringify(join(import.meta.dir, '..', '..', 'src', 'store', 'sqlite', 'sqlite-store.ts'))}
    import { apiRequest } from ${JSON.stringify(join(import.meta.dir, '..', 'helpers', 'dashboard.ts'))}
    const store = new SqliteStore(${JSON.stringify(dbPath)})
    await store.ingest({ requests: [apiRequest(${n})], sessions: [] })
    await store.close()`
  const child = Bun.spawn([process.execPath, '-e', script], { stdout: 'ignore', stderr: 'inherit' })
  expect(await child.exited).toBe(0)
}

let dash: TestDashboard
let watcher: ChangeWatcher

beforeAll(() => {
  dash = createTestDashboard()
  watcher = watchDataVersion(dash.dbPath, () => dash.hub.publish(), 20)
})

afterAll(async () => {
  watcher.stop()
  await dash.close()
})

describe('live stream', () => {
  it('is an SSE stream whose first event says it is connected, at the current version', async () => {
    const { controller, response } = openStream(dash, `/events?since=${dash.hub.version}`)
    const res = await response
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const reader = readerOf(res)
    expect(await readChunk(reader)).toBe(
      `id: ${dash.hub.version}\nevent: live-connected\nretry: 1000\ndata: ${dash.hub.version}\n\n`,
    )
    controller.abort()
  })

  it('sends a change at once to a page rendered before the store last changed', async () => {
    dash.hub.publish()
    const { controller, response } = openStream(dash, `/events?since=${dash.hub.version - 1}`)
    const reader = readerOf(await response)
    expect(await readChunk(reader)).toBe(
      `id: ${dash.hub.version}\nevent: store-changed\nretry: 1000\ndata: ${dash.hub.version}\n\n`,
    )
    controller.abort()
  })

  it('resumes from the Last-Event-ID a reconnecting browser sends', async () => {
    const controller = new AbortController()
    const res = await dash.app.handle(
      new Request(`http://localhost:${TEST_PORT}/events?since=999`, {
        headers: {
          host: `localhost:${TEST_PORT}`,
          cookie: ACCESS_COOKIE,
          'last-event-id': String(dash.hub.version),
        },
        signal: controller.signal,
      }),
    )
    const reader = readerOf(res)
    expect(await readChunk(reader)).toContain('event: live-connected')
    controller.abort()
  })

  it('tells open pages when another process writes to the store', async () => {
    const { controller, response } = openStream(dash)
    const reader = readerOf(await response)
    expect(await readChunk(reader)).toContain('event: live-connected')
    await writeFromAnotherProcess(dash.dbPath, 1)
    expect(await readChunk(reader)).toContain('event: store-changed')
    controller.abort()
  })

  it('leaves no subscriber behind after many connects and disconnects', async () => {
    for (let round = 0; round < 10; round++) {
      const streams = Array.from({ length: 50 }, () => openStream(dash))
      for (const s of streams) await readChunk(readerOf(await s.response))
      expect(dash.hub.subscribers).toBe(50)
      for (const s of streams) s.controller.abort()
      await Bun.sleep(0)
      expect(dash.hub.subscribers).toBe(0)
    }
  })

  it('lets go of a client that cancels its reader without aborting, by the next heartbeat', async () => {
    const streams = Array.from({ length: 20 }, () => openStream(dash))
    const readers = await Promise.all(streams.map(async (s) => readerOf(await s.response)))
    for (const r of readers) await readChunk(r)
    await Promise.all(readers.map((r) => r.cancel()))
    dash.hub.heartbeat()
    await Bun.sleep(0)
    expect(dash.hub.subscribers).toBe(0)
  })
})

describe('live stream over a real socket', () => {
  let home: string
  let service: RunningService

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'cc-live-'))
    const config = loadConfig(
      {},
      { CONTEXT_CLEANER_HOME: home, HOME: home, CLAUDE_CONFIG_DIR: join(home, 'claude') },
    )
    service = await startDashboardService(config, { port: 0 })
  })

  afterAll(async () => {
    await service.stop()
    rmSync(home, { recursive: true, force: true })
  })

  async function streams(): Promise<number> {
    const health = (await (await fetch(`http://127.0.0.1:${service.port}/healthz`)).json()) as {
      streams: number
    }
    return health.streams
  }

  it('frees the subscription when browsers disconnect', async () => {
    for (let round = 0; round < 5; round++) {
      const controllers = Array.from({ length: 20 }, () => new AbortController())
      const responses = await Promise.all(
        controllers.map((c) =>
          fetch(`http://127.0.0.1:${service.port}/events`, {
            headers: dashboardAccess(home, service.port).headers,
            signal: c.signal,
          }),
        ),
      )
      for (const r of responses) await readChunk(readerOf(r))
      expect(await streams()).toBe(20)
      for (const c of controllers) c.abort()
      // The server learns of a closed socket asynchronously; wait for it rather than for a fixed time.
      let left = await streams()
      for (let i = 0; i < 200 && left > 0; i++) {
        await Bun.sleep(10)
        left = await streams()
      }
      expect(left).toBe(0)
    }
  })

  it('refuses a Host that is not ours, even on the loopback address', async () => {
    const res = await fetch(`http://127.0.0.1:${service.port}/`, {
      headers: { host: `evil.example:${service.port}` },
    })
    expect(res.status).toBe(403)
  })

  it('binds to 127.0.0.1 only: another loopback address (and so any other interface) is not served', async () => {
    expect((await fetch(`http://127.0.0.1:${service.port}/healthz`)).status).toBe(200)
    await expect(fetch(`http://127.0.0.2:${service.port}/healthz`)).rejects.toThrow()
  })
})
