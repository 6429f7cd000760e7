// Supervisor tests: a throwaway home per test, the real supervisor with fake services, the real CLI,
// and the checks that a test left no process, socket or PID file behind.

import { expect } from 'bun:test'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Subprocess } from 'bun'
import { supervisorPaths } from '../../src/supervisor/paths.ts'
import { isAlive } from '../../src/supervisor/process-info.ts'
import type { ProcessStatus } from '../../src/supervisor/protocol.ts'
import { registryRows } from '../../src/supervisor/query-status.ts'
import type { RestartPolicy } from '../../src/supervisor/restart-policy.ts'
import { pingSupervisor } from '../../src/supervisor/socket-client.ts'
import { type CliResult, pinnedEnv, runCli, tempDir } from './cli.ts'

const fakeSupervisor = resolve(import.meta.dir, '..', 'fixtures', 'supervisor', 'fake-supervisor.ts')

/** Fast enough for tests, slow enough for a loaded 2-core machine. */
export const testPolicy: Partial<RestartPolicy> = {
  healthIntervalMs: 100,
  healthTimeoutMs: 300,
  healthFailuresBeforeKill: 2,
  backoffBaseMs: 50,
  backoffMaxMs: 400,
  maxAttempts: 4,
  stopGraceMs: 2000,
  heartbeatMs: 100,
}

export interface TestHome {
  home: string
  claudeDir: string
  ccHome: string
  paths: ReturnType<typeof supervisorPaths>
  env(extra?: Record<string, string>): Record<string, string>
  cli(args: string[], extra?: Record<string, string>): Promise<CliResult>
  status(): Promise<ProcessStatus[]>
  cleanup(): void
}

export function makeHome(program?: readonly string[]): TestHome {
  // Short prefix: the socket path must fit in sockaddr_un.
  const dir = tempDir('cc-')
  const claudeDir = join(dir.path, 'claude')
  mkdirSync(join(claudeDir, 'projects'), { recursive: true })
  const ccHome = join(dir.path, '.context-cleaner')
  const cliEnv = { home: dir.path, claudeDir, ...(program ? { program } : {}) }
  const env = (extra: Record<string, string> = {}) => pinnedEnv({ ...cliEnv, extra })
  const cli = (args: string[], extra: Record<string, string> = {}) => runCli(args, { ...cliEnv, extra })
  return {
    home: dir.path,
    claudeDir,
    ccHome,
    paths: supervisorPaths({ runDir: join(ccHome, 'run'), logsDir: join(ccHome, 'logs') }),
    env,
    cli,
    status: async () => JSON.parse((await cli(['status', '--json'])).stdout) as ProcessStatus[],
    cleanup: dir.cleanup,
  }
}

/** Starts the real supervisor with fake services and waits until it has started them all. */
export async function startFake(
  home: TestHome,
  services: string,
  policy: Partial<RestartPolicy> = testPolicy,
  env: Record<string, string> = {},
): Promise<Subprocess> {
  const proc = Bun.spawn([process.execPath, fakeSupervisor], {
    env: home.env({ ...env, FAKE_SERVICES: services, FAKE_POLICY: JSON.stringify(policy) }),
    stdout: 'ignore',
    stderr: 'ignore',
    stdin: 'ignore',
  })
  await waitFor(
    async () => (await pingSupervisor(home.paths.socket))?.state === 'running',
    'supervisor started',
  )
  return proc
}

/** Polls until `check` holds; a test fails with `what` if it never does. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`)
    await Bun.sleep(25)
  }
}

export function byName(processes: ProcessStatus[], name: string): ProcessStatus {
  const found = processes.find((p) => p.name === name)
  if (!found) throw new Error(`no process named ${name} in ${JSON.stringify(processes)}`)
  return found
}

/** The PID of a process that must have one (never 0: kill(0) would signal our own group). */
export function pidOf(process: ProcessStatus): number {
  if (process.pid === null) throw new Error(`${process.name} has no pid: ${JSON.stringify(process)}`)
  return process.pid
}

export function pidsOf(processes: ProcessStatus[]): number[] {
  return processes.flatMap((p) => (p.pid === null ? [] : [p.pid]))
}

/** What must be true after a stop: these PIDs gone, no socket, no PID file, no registry rows. */
export function leftovers(home: TestHome, pids: number[]) {
  return {
    alive: pids.filter((pid) => isAlive(pid)),
    socket: existsSync(home.paths.socket),
    pidFile: existsSync(home.paths.pidFile),
    rows: registryRows(home.paths).map((r) => r.name),
  }
}

export const nothingLeft = { alive: [], socket: false, pidFile: false, rows: [] }

/** Every live process whose environment points at this home (Linux /proc). */
export function processesOfHome(home: TestHome): number[] {
  const mine: number[] = []
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry)
    if (!Number.isInteger(pid) || pid === process.pid || !isAlive(pid)) continue
    const environ = safeRead(`/proc/${pid}/environ`)
    if (environ?.split('\0').includes(`CONTEXT_CLEANER_HOME=${home.ccHome}`)) mine.push(pid)
  }
  return mine
}

function safeRead(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

/**
 * After a test: `stop`, wait for the supervisor the test started (if any), and check that no process of
 * the home, socket, PID file or registry row is left before the home is removed.
 */
export async function stopAndExpectNothingLeft(home: TestHome, supervisor?: Subprocess): Promise<void> {
  await home.cli(['stop'])
  if (supervisor) await supervisor.exited
  expect({ processes: processesOfHome(home), ...leftovers(home, []) }).toEqual({
    processes: [],
    ...nothingLeft,
  })
  home.cleanup()
}
