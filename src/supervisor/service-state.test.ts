import { describe, expect, it } from 'bun:test'
import { defaultRestartPolicy, type RestartPolicy } from './restart-policy.ts'
import {
  initialRecord,
  type ServiceEvent,
  type ServiceRecord,
  toProcessStatus,
  transition,
} from './service-state.ts'

const policy: RestartPolicy = { ...defaultRestartPolicy, maxAttempts: 3, healthFailuresBeforeKill: 2 }

function run(events: ServiceEvent[], from: ServiceRecord = initialRecord('ingest')) {
  let record = from
  const effects: string[] = []
  for (const event of events) {
    const t = transition(record, event, policy)
    record = t.record
    const { effect } = t
    effects.push(
      effect.type === 'restart-after' || effect.type === 'retry-slowly'
        ? `${effect.type} ${effect.delayMs}`
        : effect.type,
    )
  }
  return { record, effects }
}

const up: ServiceEvent[] = [
  { type: 'spawned', pid: 10, at: 0, restart: false },
  { type: 'ready', port: 4000, at: 1 },
  { type: 'health-ok', at: 2 },
]
const crash: ServiceEvent = { type: 'exited', at: 5, reason: 'killed by SIGKILL', unavailable: null }
const respawn: ServiceEvent = { type: 'spawned', pid: 11, at: 6, restart: true }

describe('transition', () => {
  it('starts, becomes ready and runs once healthy', () => {
    const { record } = run(up)
    expect(record).toMatchObject({
      state: 'running',
      pid: 10,
      port: 4000,
      lastHealthCheck: 2,
      healthySince: 2,
    })
  })

  it('forgets the old port on a respawn until the new ready line', () => {
    expect(run([...up, crash, respawn]).record).toMatchObject({
      state: 'starting',
      pid: 11,
      port: null,
      restarts: 1,
    })
  })

  it('restarts a crashed service with growing backoff, then fails and keeps trying slowly', () => {
    const { record, effects } = run([...up, crash, respawn, crash, respawn, crash, respawn, crash])
    expect(effects.slice(3)).toEqual([
      'restart-after 250',
      'none',
      'restart-after 500',
      'none',
      'retry-slowly 60000',
      'none',
      'retry-slowly 60000',
    ])
    expect(record).toMatchObject({
      state: 'failed',
      pid: null,
      restarts: 3,
      attempts: 4,
      lastError: 'killed by SIGKILL (4 failures in a row; trying again every 60 s)',
    })
  })

  it('a slow retry that comes up runs, and clears the error once it has been stable', () => {
    const failed = run([...up, crash, respawn, crash, respawn, crash]).record
    const { record } = run(
      [
        { ...respawn, at: 100 },
        { type: 'ready', port: 4001, at: 101 },
        { type: 'health-ok', at: 102 },
      ],
      failed,
    )
    expect(record).toMatchObject({ state: 'running', attempts: 3 })
    expect(record.lastError).toStartWith('killed by SIGKILL')
    const stable = run([{ type: 'health-ok', at: 102 + policy.stableAfterMs }], record).record
    expect(stable).toMatchObject({ state: 'running', attempts: 0, lastError: null })
  })

  it('a service over its memory limit is stopped with SIGTERM and restarted with the reason', () => {
    const over: ServiceEvent = {
      type: 'over-memory-limit',
      at: 3,
      error: 'memory 60 MB above its 5 MB limit',
    }
    const { record, effects } = run([...up, over, over, crash])
    expect(effects.slice(3)).toEqual(['kill', 'none', 'restart-after 250'])
    expect(record).toMatchObject({ state: 'backoff', lastError: 'memory 60 MB above its 5 MB limit' })
  })

  it('kills a service after consecutive failed health checks and reports why, not the signal', () => {
    const failed: ServiceEvent = {
      type: 'health-failed',
      at: 3,
      error: 'health check timed out after 1000 ms',
    }
    const { record, effects } = run([...up, failed, failed, crash])
    expect(effects.slice(3)).toEqual(['none', 'kill', 'restart-after 250'])
    expect(record).toMatchObject({ state: 'backoff', lastError: 'health check timed out after 1000 ms' })
  })

  it('recovers from one failed check without a kill', () => {
    const { record } = run([
      ...up,
      { type: 'health-failed', at: 3, error: 'x' },
      { type: 'health-ok', at: 4 },
    ])
    expect(record).toMatchObject({ state: 'running', healthFailures: 0 })
  })

  it('kills a service that never prints its ready line', () => {
    const { record, effects } = run([up[0]!, { type: 'ready-timeout', at: 9, error: 'no ready line' }, crash])
    expect(effects).toEqual(['none', 'kill', 'restart-after 250'])
    expect(record.lastError).toBe('no ready line')
  })

  it('forgives earlier failures once the service has been healthy long enough', () => {
    const { record } = run([
      ...up,
      crash,
      { ...respawn, at: 10 },
      { type: 'health-ok', at: 20 },
      { type: 'health-ok', at: 20 + policy.stableAfterMs },
    ])
    expect(record).toMatchObject({ state: 'running', attempts: 0, restarts: 1 })
  })

  it('skips a service that is not in this build instead of restarting it', () => {
    const { record, effects } = run([
      up[0]!,
      { type: 'exited', at: 3, reason: 'exited with code 1', unavailable: 'not in this build' },
    ])
    expect(effects).toEqual(['none', 'none'])
    expect(record).toMatchObject({ state: 'skipped', lastError: 'not in this build', pid: null })
  })

  it('stops on request without a restart', () => {
    const { record, effects } = run([...up, { type: 'stop-requested', at: 4 }, crash])
    expect(effects.slice(3)).toEqual(['kill', 'none'])
    expect(record).toMatchObject({ state: 'stopped', pid: null })
  })

  it('stops a service waiting in backoff without a process to kill', () => {
    const { record, effects } = run([...up, crash, { type: 'stop-requested', at: 6 }])
    expect(effects.at(-1)).toBe('none')
    expect(record.state).toBe('stopped')
  })

  it('forgive resets the attempt count so a restart gets a full budget', () => {
    const { record } = run([...up, crash, respawn, crash, { type: 'forgive' }])
    expect(record.attempts).toBe(0)
  })
})

it('presents a record with ISO times and the fields status promises', () => {
  const { record } = run(up)
  expect(toProcessStatus(record)).toEqual({
    name: 'ingest',
    pid: 10,
    port: 4000,
    state: 'running',
    restarts: 0,
    lastHealthCheck: '1970-01-01T00:00:00.002Z',
    lastError: null,
    rssBytes: null,
    cpuPercent: null,
    memoryLimitBytes: null,
    warning: null,
  })
})
