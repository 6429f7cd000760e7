// `run`, `status` and `stop` as a person uses them: the real daemon and the real services, each test in
// its own home, plus the bad conditions: a killed supervisor, racing runs, no Docker, a read-only
// data directory, and a socket that is not ours.

import { afterEach, beforeEach, expect, setDefaultTimeout, test } from 'bun:test'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { cliCommand, internalEntryCommand } from '../../src/runtime/entry-points.ts'
import { commandLine } from '../../src/supervisor/process-info.ts'
import { runCli } from '../helpers/cli.ts'
import { dashboardAccess } from '../helpers/dashboard-access.ts'
import { freePort } from '../helpers/free-port.ts'
import {
  byName,
  leftovers,
  makeHome,
  nothingLeft,
  pidOf,
  pidsOf,
  processesOfHome,
  stopAndExpectNothingLeft,
  type TestHome,
  waitFor,
} from '../helpers/supervisor.ts'

setDefaultTimeout(60_000)
let home: TestHome

beforeEach(() => {
  home = makeHome()
})

afterEach(() => stopAndExpectNothingLeft(home))

const ports = () => ['--port', String(freePort()), '--collector-port', String(freePort())]

const daemonMain = internalEntryCommand('supervisor').at(-1) ?? ''
const supervisors = (h: TestHome) =>
  processesOfHome(h).filter((pid) => commandLine(pid)?.includes(daemonMain))

// Bun compiles .tsx with the JSX settings of the tsconfig.json in the working directory, not the
// nearest one (oven-sh/bun#28605); each view names its runtime itself.
test.each([
  ['another runtime', { jsx: 'react-jsx', jsxImportSource: 'react' }],
  ['classic JSX', { jsx: 'react', jsxFactory: 'h', jsxFragmentFactory: 'Fragment' }],
])(
  'run works from any directory, even a project whose tsconfig.json asks for %s',
  async (_, compilerOptions) => {
    const project = join(home.home, 'project')
    mkdirSync(project)
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions }))
    const args = ports()
    const run = await runCli(['run', ...args], { home: home.home, claudeDir: home.claudeDir, cwd: project })
    const access = dashboardAccess(join(home.home, '.context-cleaner'), Number(args[1]))
    expect([run.exitCode, run.stdout]).toEqual([0, `${access.url}\n`])
    const dashboard = `http://127.0.0.1:${args[1]}`
    const overview = await fetch(dashboard, { headers: access.headers })
    expect([overview.status, (await overview.text()).includes('/assets/htmx.min.js')]).toEqual([200, true])
    const missing = await fetch(`${dashboard}/sessions/nope`, { headers: access.headers })
    expect([missing.status, (await missing.text()).includes('/assets/app.css')]).toEqual([404, true])
  },
)

test('run starts every service, status reports them, stop leaves nothing behind', async () => {
  const args = ports()
  const run = await home.cli(['run', ...args])
  expect(run.exitCode).toBe(0)
  const access = dashboardAccess(home.ccHome, Number(args[1]))
  expect(run.stdout).toBe(`${access.url}\n`)
  const status = await home.cli(['status', '--json'])
  expect(status.exitCode).toBe(0)
  const processes = JSON.parse(status.stdout)
  expect(processes.map((p: { name: string; state: string }) => [p.name, p.state])).toEqual([
    ['supervisor', 'running'],
    ['ingest', 'running'],
    ['collector', 'running'],
    ['dashboard', 'running'],
  ])
  expect(Object.keys(processes[1])).toEqual([
    'name',
    'pid',
    'port',
    'state',
    'restarts',
    'lastHealthCheck',
    'lastError',
    'rssBytes',
    'cpuPercent',
    'memoryLimitBytes',
    'warning',
  ])
  expect(byName(processes, 'collector').port).toBe(Number(args[3]))
  // Scripts get in as a person does: the URL from `status --json`, whose token becomes a cookie.
  expect(byName(processes, 'dashboard')).toMatchObject({ url: access.url })
  const plain = await fetch(`http://127.0.0.1:${args[1]}/sessions`)
  const exchange = await fetch(access.url, { redirect: 'manual' })
  const cookie = exchange.headers.get('set-cookie')?.split(';')[0] ?? ''
  const overview = await fetch(`http://127.0.0.1:${args[1]}/`, { headers: { cookie } })
  expect([plain.status, exchange.status, exchange.headers.get('location'), overview.status]).toEqual([
    401,
    303,
    '/',
    200,
  ])
  const doctor = JSON.parse((await home.cli(['doctor', '--json'])).stdout) as Record<string, unknown>[]
  expect(doctor.find((c) => c.name === 'dashboard access')).toEqual({
    name: 'dashboard access',
    level: 'ok',
    detail: `token required (per user, in ${join(home.ccHome, 'run', 'dashboard-token')}); open the URL \`run\` prints or \`status --json\` gives; bound to 127.0.0.1, this machine only`,
    fix: null,
  })

  const stop = await home.cli(['stop'])
  expect(stop.exitCode).toBe(0)
  expect(leftovers(home, pidsOf(processes))).toEqual(nothingLeft)
})

test('run --foreground supervises in the terminal and stops everything on SIGTERM', async () => {
  const args = ports()
  const proc = Bun.spawn(cliCommand(['run', '--foreground', ...args]), {
    env: home.env(),
    stdout: 'pipe',
    stderr: 'ignore',
  })
  let stdout = ''
  void (async () => {
    for await (const chunk of proc.stdout) stdout += new TextDecoder().decode(chunk)
  })()
  await waitFor(() => stdout.includes('\n'), 'the dashboard URL')
  const pids = pidsOf(await home.status())
  proc.kill('SIGTERM')
  expect(await proc.exited).toBe(0)
  expect(stdout).toBe(`${dashboardAccess(home.ccHome, Number(args[1])).url}\n`)
  expect(leftovers(home, pids)).toEqual(nothingLeft)
})

test('two racing runs start one supervisor, and a later run reports it', async () => {
  const args = ports()
  const [first, second] = await Promise.all([home.cli(['run', ...args]), home.cli(['run', ...args])])
  expect([first.exitCode, second.exitCode]).toEqual([0, 0])
  expect(supervisors(home)).toHaveLength(1)
  const again = await home.cli(['run', ...args])
  expect(again.stderr).toContain(`already running (supervisor pid ${supervisors(home)[0]})`)
  expect(supervisors(home)).toHaveLength(1)
})

test('after kill -9 of the supervisor its services end too, status says so, and run starts afresh', async () => {
  const args = ports()
  const run = await home.cli(['run', ...args])
  expect([run.exitCode, run.stderr]).toEqual([0, expect.any(String)])
  const before = JSON.parse((await home.cli(['status', '--json'])).stdout)
  expect(before).toHaveLength(4)
  process.kill(pidOf(byName(before, 'supervisor')), 'SIGKILL')
  await waitFor(() => supervisors(home).length === 0, 'supervisor gone')
  // Each service reads end-of-file on the pipe only the supervisor held, and stops.
  await waitFor(() => processesOfHome(home).length === 0, 'services gone')

  const dead = await home.cli(['status', '--json'])
  expect(dead.exitCode).toBe(3)
  expect(JSON.parse(dead.stdout).map((p: { state: string }) => p.state)).toEqual([
    'dead',
    'dead',
    'dead',
    'dead',
  ])
  expect(existsSync(home.paths.socket)).toBe(true)

  const rerun = await home.cli(['run', ...args])
  expect([rerun.exitCode, rerun.stderr]).toEqual([0, expect.any(String)])
  const after = await home.status()
  expect(after.map((p) => p.state)).toEqual(['running', 'running', 'running', 'running'])
  expect(byName(after, 'collector').port).toBe(Number(args[3]))
})

test('run --memory-limit restarts a service above it, and status --json has every figure', async () => {
  const run = await home.cli([
    'run',
    ...ports(),
    '--memory-limit',
    'collector=5',
    '--memory-limit=dashboard=700',
  ])
  expect([run.exitCode, run.stderr]).toEqual([0, expect.any(String)])
  await waitFor(async () => byName(await home.status(), 'collector').restarts >= 1, 'collector restarted')
  await waitFor(
    async () => (await home.status()).every((p) => p.name === 'collector' || p.rssBytes !== null),
    'figures for every running process',
  )
  const status = await home.status()
  expect(status.map((p) => [p.name, p.memoryLimitBytes])).toEqual([
    ['supervisor', null],
    ['ingest', 384 * 2 ** 20],
    ['collector', 5 * 2 ** 20],
    ['dashboard', 700 * 2 ** 20],
  ])
  expect(byName(status, 'collector').lastError).toMatch(
    /^memory [\d.]+ MB above its 5 MB limit for 2 checks in a row/,
  )
  for (const name of ['supervisor', 'ingest', 'dashboard'])
    expect(byName(status, name).rssBytes).toBeGreaterThan(10 * 2 ** 20)
  const config = await home.cli(['config'], { CONTEXT_CLEANER_MEMORY_LIMIT: 'collector=5' })
  expect(config.stdout).toContain('memoryLimits   ingest=384,collector=5,dashboard=384  (env;')
})

test('run moves a taken gRPC port to the next free one instead of losing the collector', async () => {
  const blocker = Bun.listen({ hostname: '127.0.0.1', port: 0, socket: { data() {} } })
  try {
    const grpc = { CONTEXT_CLEANER_COLLECTOR_GRPC_PORT: String(blocker.port) }
    expect((await home.cli(['run', ...ports()], grpc)).exitCode).toBe(0)
    expect(byName(await home.status(), 'collector')).toMatchObject({ state: 'running', restarts: 0 })
    const logs = (await home.cli(['logs', 'collector'])).stdout
    const grpcPort = Number(/OTLP\/gRPC on port (\d+)/.exec(logs)?.[1])
    expect(grpcPort).toBeGreaterThan(blocker.port)
    const socket = await Bun.connect({ hostname: '127.0.0.1', port: grpcPort, socket: { data() {} } })
    socket.end()
    expect(readFileSync(home.paths.supervisorLog, 'utf8')).toContain(
      `port ${blocker.port} (CONTEXT_CLEANER_COLLECTOR_GRPC_PORT) is taken by another program; using ${grpcPort}`,
    )
  } finally {
    blocker.stop(true)
  }
})

test('run --docker without a Docker engine says so and carries on with the embedded store', async () => {
  const run = await home.cli(['run', '--docker', ...ports()], {
    DOCKER_HOST: 'unix:///nonexistent/docker.sock',
  })
  expect(run.exitCode).toBe(0)
  expect(run.stderr).toContain('Docker is unavailable')
  expect(run.stderr).toContain('carrying on with the embedded sqlite store')
  expect(byName(await home.status(), 'ingest').state).toBe('running')
})

test('a read-only data directory stops run with a clear error and starts nothing', async () => {
  mkdirSync(home.ccHome, { recursive: true })
  // sysfs refuses new files even to root, unlike chmod.
  symlinkSync('/sys/kernel', join(home.ccHome, 'data'))
  const run = await home.cli(['run', ...ports()])
  expect(run.exitCode).toBe(1)
  expect(run.stderr).toContain(
    `Cannot write to the data directory ${join(home.ccHome, 'data')}: permission denied`,
  )
  expect(run.stderr).toContain('set CONTEXT_CLEANER_HOME to a writable directory')
  expect(leftovers(home, [])).toEqual(nothingLeft)
})

test.each([
  ['with mode 666', 0o666, process.getuid?.() ?? 0, 'has mode 666; expected 600'],
  ['owned by another user', 0o600, 65534, 'is owned by uid 65534, not by you'],
])('a socket %s is refused', async (_name, mode, uid, reason) => {
  mkdirSync(home.paths.runDir, { recursive: true, mode: 0o700 })
  const impostor = Bun.listen({ unix: home.paths.socket, socket: { data() {} } })
  chmodSync(home.paths.socket, mode)
  chownSync(home.paths.socket, uid, -1)
  const status = await home.cli(['status'])
  const run = await home.cli(['run', ...ports()])
  impostor.stop(true)
  rmSync(home.paths.socket, { force: true })
  expect(status.exitCode).toBe(1)
  expect(status.stderr).toContain(`Refusing to use ${home.paths.socket}: it ${reason}`)
  expect(run.exitCode).toBe(1)
  expect(run.stderr).toContain(`Refusing to use ${home.paths.socket}: it ${reason}`)
})
