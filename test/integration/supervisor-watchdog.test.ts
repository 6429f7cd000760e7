// The watchdog against real processes: the real supervisor, fake services that crash, hang, fail or
// ignore SIGTERM, and the real `status`, `restart`, `stop` and `logs` commands.

import { afterEach, beforeEach, describe, expect, setDefaultTimeout, test } from 'bun:test'
import type { Subprocess } from 'bun'
import { cliCommand } from '../../src/runtime/entry-points.ts'
import { callSupervisor } from '../../src/supervisor/socket-client.ts'
import {
  byName,
  leftovers,
  makeHome,
  nothingLeft,
  pidOf,
  pidsOf,
  startFake,
  stopAndExpectNothingLeft,
  type TestHome,
  waitFor,
} from '../helpers/supervisor.ts'

let home: TestHome
let supervisor: Subprocess
setDefaultTimeout(30_000)

beforeEach(() => {
  home = makeHome()
})

afterEach(() => stopAndExpectNothingLeft(home, supervisor))

describe('watchdog', () => {
  test('a service killed with SIGKILL is restarted and status counts the restart', async () => {
    supervisor = await startFake(home, 'ingest:ok,collector:ok')
    const before = byName(await home.status(), 'collector')
    process.kill(pidOf(before), 'SIGKILL')
    await waitFor(async () => byName(await home.status(), 'collector').restarts === 1, 'collector restarted')
    await waitFor(
      async () => byName(await home.status(), 'collector').state === 'running',
      'collector running',
    )
    const after = byName(await home.status(), 'collector')
    expect(after.pid).not.toBe(before.pid)
    expect(after.lastError).toStartWith('killed by SIGKILL')
  })

  test('a hung service fails its health checks and is killed and restarted', async () => {
    supervisor = await startFake(home, 'ingest:ok')
    const before = byName(await home.status(), 'ingest')
    // A stopped process keeps its socket open but never answers: exactly a hang.
    process.kill(pidOf(before), 'SIGSTOP')
    await waitFor(async () => byName(await home.status(), 'ingest').restarts === 1, 'ingest restarted')
    await waitFor(async () => byName(await home.status(), 'ingest').state === 'running', 'ingest running')
    const after = byName(await home.status(), 'ingest')
    expect(after.pid).not.toBe(before.pid)
    expect(after.lastError).toBe('health check timed out after 300 ms')
  })

  test('a service that keeps failing is marked failed with its last error', async () => {
    supervisor = await startFake(home, 'ingest:ok,collector:fail,dashboard:ok')
    const collector = byName(await home.status(), 'collector')
    expect(collector).toMatchObject({ state: 'failed', pid: null, restarts: 3 })
    expect(collector.lastError).toBe(
      'exited with code 1: fake failure: cannot open the store (4 failures in a row; trying again every 60 s)',
    )
    expect(byName(await home.status(), 'dashboard').state).toBe('running')
  })

  test('a service that is not in this build is skipped, not restarted and not faked', async () => {
    supervisor = await startFake(home, 'ingest:ok,dashboard:unavailable')
    expect(byName(await home.status(), 'dashboard')).toMatchObject({
      state: 'skipped',
      pid: null,
      restarts: 0,
      lastError: 'The dashboard service is not available in this build',
    })
  })

  test('a port taken by another program moves the service to the next free port', async () => {
    const squatter = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
    supervisor = await startFake(home, `ingest:ok,dashboard:ok:${squatter.port}`)
    const dashboard = byName(await home.status(), 'dashboard')
    squatter.stop(true)
    expect(dashboard.state).toBe('running')
    expect(dashboard.port).toBeGreaterThan(squatter.port)
  })
})

describe('commands against a running supervisor', () => {
  test('stop streams progress in reverse order and leaves nothing behind', async () => {
    supervisor = await startFake(home, 'ingest:ok,collector:ok,dashboard:ok')
    const pids = pidsOf(await home.status())
    const stop = await home.cli(['stop'])
    expect(stop.exitCode).toBe(0)
    const order = [...stop.stderr.matchAll(/stopping (\w+)/g)].map((m) => m[1])
    expect(order).toEqual(['dashboard', 'collector', 'ingest', 'supervisor'])
    expect(await supervisor.exited).toBe(0)
    expect(leftovers(home, pids)).toEqual(nothingLeft)
  })

  test('stop kills a service that ignores SIGTERM once the grace period is over', async () => {
    supervisor = await startFake(home, 'ingest:ignore-sigterm')
    const pids = pidsOf(await home.status())
    const stop = await home.cli(['stop'])
    expect(stop.stderr).toContain('no exit 2000 ms after SIGTERM; killed')
    expect(leftovers(home, pids)).toEqual(nothingLeft)
  })

  test('stop --service stops one service and keeps the rest running', async () => {
    supervisor = await startFake(home, 'ingest:ok,collector:ok')
    const stop = await home.cli(['stop', '--service', 'collector'])
    expect(stop.exitCode).toBe(0)
    const status = await home.status()
    expect(status.map((p) => [p.name, p.state])).toEqual([
      ['supervisor', 'running'],
      ['ingest', 'running'],
      ['collector', 'stopped'],
    ])
  })

  test('restart SERVICE starts it again with a new pid', async () => {
    supervisor = await startFake(home, 'ingest:ok')
    const before = byName(await home.status(), 'ingest')
    const restart = await home.cli(['restart', 'ingest', '--json'])
    expect(restart.exitCode).toBe(0)
    const after = JSON.parse(restart.stdout)
    expect(after).toMatchObject({ name: 'ingest', state: 'running', restarts: 1 })
    expect(after.pid).not.toBe(before.pid)
  })

  test('restart of an unknown service is refused with the known names', async () => {
    supervisor = await startFake(home, 'ingest:ok')
    const restart = await home.cli(['restart', 'nope'])
    expect(restart.exitCode).toBe(1)
    expect(restart.stderr).toContain('Expected a service (ingest), got `nope`')
  })

  test('logs shows a service’s output and -f follows it', async () => {
    supervisor = await startFake(home, 'ingest:ok')
    const logs = await home.cli(['logs', 'ingest'])
    expect(logs.stdout).toContain('"event":"ready","service":"ingest"')
    const follow = Bun.spawn(cliCommand(['logs', 'ingest', '-f', '-n', '5']), {
      env: home.env(),
      stdout: 'pipe',
      stderr: 'ignore',
    })
    let text = ''
    void (async () => {
      for await (const chunk of follow.stdout) text += new TextDecoder().decode(chunk)
    })()
    // Once the recent lines are out, the follower is watching for more.
    await waitFor(() => text.includes('[supervisor] ingest running'), 'the recent log lines')
    await home.cli(['restart', 'ingest'])
    await waitFor(() => text.includes('[supervisor] ingest stopping'), 'the followed log line')
    follow.kill()
    expect(await follow.exited).toBe(0)
  })

  test('the socket protocol answers a bad request with a coded error', async () => {
    supervisor = await startFake(home, 'ingest:ok')
    const reply = callSupervisor(home.paths.socket, 'restart-service', { service: 'nope' })
    await expect(reply).rejects.toMatchObject({
      code: 'unknown-service',
      message: 'Expected a service (ingest), got `nope`',
    })
  })
})
