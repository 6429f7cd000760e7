import { expect, it } from 'bun:test'
import type { RegistryRow } from './registry.ts'
import { statusFromRegistry } from './status-view.ts'

const row = (name: string, pid: number | null, extra: Partial<RegistryRow> = {}): RegistryRow => ({
  name,
  pid,
  port: null,
  command: ['bun', name],
  startedAt: 0,
  state: 'running',
  restarts: 0,
  lastHealthCheck: null,
  lastError: null,
  logFile: null,
  heartbeatAt: null,
  ...extra,
})

const facts = (alive: number[], now = 10_000) => ({
  now,
  supervisorAlive: (pid: number) => alive.includes(pid),
  runs: (pid: number) => alive.includes(pid),
})

it('reports nothing recorded as a stopped supervisor', () => {
  expect(statusFromRegistry([], facts([]), { heartbeatMs: 1000 }).map((p) => p.state)).toEqual(['stopped'])
})

it('tells a dead supervisor with orphaned services from dead ones', () => {
  const rows = [
    row('supervisor', 1, { heartbeatAt: 9000 }),
    row('ingest', 2, { restarts: 2 }),
    row('collector', 3),
  ]
  const status = statusFromRegistry(rows, facts([2]), { heartbeatMs: 1000 })
  expect(status.map((p) => [p.name, p.state, p.restarts])).toEqual([
    ['supervisor', 'dead', 0],
    ['ingest', 'orphaned', 2],
    ['collector', 'dead', 0],
  ])
  expect(status[0]?.lastHealthCheck).toBe('1970-01-01T00:00:09.000Z')
})

it.each([
  [9500, 'unresponsive'],
  [1000, 'hung'],
])('a live supervisor with its heartbeat at %i is %s', (heartbeatAt, state) => {
  const status = statusFromRegistry([row('supervisor', 1, { heartbeatAt })], facts([1]), {
    heartbeatMs: 1000,
  })
  expect(status[0]?.state).toBe(state)
})

it('keeps the recorded state of a service that had no process (failed, skipped)', () => {
  const rows = [
    row('supervisor', 1),
    row('dashboard', null, { state: 'skipped', lastError: 'not in this build' }),
  ]
  expect(statusFromRegistry(rows, facts([]), { heartbeatMs: 1000 })[1]).toMatchObject({
    state: 'skipped',
    lastError: 'not in this build',
  })
})
