import { afterEach, expect, it } from 'bun:test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { apiRequest } from '../../../test/helpers/dashboard.ts'
import { SqliteStore } from '../sqlite/sqlite-store.ts'
import type { ChangeWatcher } from '../store.ts'
import { StoreError } from '../store-error.ts'
import { FallbackStore } from './fallback-store.ts'

const dirs: string[] = []
const stores: SqliteStore[] = []
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A real embedded store standing in for ClickHouse: `ready` answers as the test says; watches are counted. */
class StandIn extends SqliteStore {
  watches = 0
  readonly #ready: () => Promise<void>

  constructor(ready: () => Promise<void> = async () => {}) {
    const dir = mkdtempSync(join(tmpdir(), 'cc-fallback-'))
    dirs.push(dir)
    super(join(dir, 'store.db'))
    this.#ready = ready
    stores.push(this)
  }

  ready(): Promise<void> {
    return this.#ready()
  }

  override watchChanges(onChange: () => void): ChangeWatcher {
    this.watches++
    return super.watchChanges(onChange)
  }
}

const unreachable = async () => {
  throw new StoreError('store-unavailable', 'Cannot reach ClickHouse at http://127.0.0.1:1 (ECONNREFUSED)')
}

it('watches ClickHouse once it is ready, not before, and reports its changes', async () => {
  let open = () => {}
  const primary = new StandIn(() => new Promise((resolve) => (open = resolve)))
  const store = new FallbackStore(primary, () => new StandIn(), 'fallback.db')
  let changes = 0
  const watcher = store.watchChanges(() => changes++)
  await Bun.sleep(50)
  expect(primary.watches).toBe(0)
  open()
  await Bun.sleep(0)
  expect([primary.watches, changes]).toEqual([1, 0])
  await store.ingest({ requests: [apiRequest(1)], sessions: [] })
  await Bun.sleep(300)
  expect(changes).toBeGreaterThan(0)
  watcher.stop()
})

it('moves to the embedded store as soon as ClickHouse is found unreachable, with one change for the move', async () => {
  const fallback = new StandIn()
  const store = new FallbackStore(new StandIn(unreachable), () => fallback, 'fallback.db')
  let changes = 0
  const watcher = store.watchChanges(() => changes++)
  await Bun.sleep(50)
  expect([fallback.watches, changes]).toEqual([1, 1])
  await store.ingest({ requests: [apiRequest(2)], sessions: [] })
  await Bun.sleep(300)
  expect(changes).toBeGreaterThan(1)
  watcher.stop()
})

it('starts no watch when stopped before the store is chosen', async () => {
  let open = () => {}
  const primary = new StandIn(() => new Promise((resolve) => (open = resolve)))
  const store = new FallbackStore(primary, () => new StandIn(), 'fallback.db')
  store.watchChanges(() => {}).stop()
  open()
  await Bun.sleep(50)
  expect(primary.watches).toBe(0)
})

it('asks again, a second later, when ClickHouse refused for another reason than being unreachable', async () => {
  const answers = [
    async () => {
      throw new StoreError('store-auth-failed', 'ClickHouse refused user `default`')
    },
    async () => {},
  ]
  const primary = new StandIn(() => (answers.shift() ?? (async () => {}))())
  const store = new FallbackStore(primary, () => new StandIn(), 'fallback.db')
  const watcher = store.watchChanges(() => {})
  await Bun.sleep(50)
  expect(primary.watches).toBe(0)
  await Bun.sleep(1100)
  expect(primary.watches).toBe(1)
  watcher.stop()
})
