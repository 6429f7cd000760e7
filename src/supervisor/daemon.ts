// `run` without --foreground: check that the directories are usable, start the supervisor as a
// detached process (its output to logs/supervisor.log), and wait on the socket until every service
// has settled. Two racing `run`s both spawn; the PID lock lets one supervisor through and the other
// exits, and both `run`s end up waiting on the same socket.

import { closeSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Subprocess } from 'bun'
import type { Config } from '../config/load-config.ts'
import { readLastLines } from './log-files.ts'
import type { SupervisorPaths } from './paths.ts'
import type { Result } from './protocol.ts'
import { rotateIfLarger } from './rotating-log.ts'
import { checkSocketPath, prepareRunDir } from './run-dir.ts'
import { callSupervisor, pingSupervisor } from './socket-client.ts'
import { errorMessage, SupervisorError } from './supervisor-error.ts'

/** Fails early, with what to do, when a directory the services need cannot be written. */
export function preflight(
  config: Pick<Config, 'home' | 'dataDir' | 'runDir' | 'logsDir'>,
  paths: SupervisorPaths,
) {
  checkSocketPath(paths.socket)
  assertWritable(config.dataDir, 'data directory')
  assertWritable(config.logsDir, 'logs directory')
  try {
    prepareRunDir(config.runDir)
  } catch (error) {
    if (error instanceof SupervisorError) throw error
    throw unwritable(config.runDir, 'run directory', error)
  }
}

function assertWritable(dir: string, what: string): void {
  const probe = join(dir, `.write-test-${process.pid}`)
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    writeFileSync(probe, '')
    rmSync(probe, { force: true })
  } catch (error) {
    throw unwritable(dir, what, error)
  }
}

function unwritable(dir: string, what: string, error: unknown): SupervisorError {
  const code = (error as NodeJS.ErrnoException).code
  const why =
    code === 'EROFS'
      ? 'it is on a read-only file system'
      : code === 'ENOSPC'
        ? 'the disk is full'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : errorMessage(error)
  return new SupervisorError(
    'data-dir-unwritable',
    `Cannot write to the ${what} ${dir}: ${why}. Make it writable (or free some space), or set CONTEXT_CLEANER_HOME to a writable directory.`,
  )
}

export function spawnDaemon(
  paths: SupervisorPaths,
  argv: string[],
  env: Record<string, string | undefined>,
): Subprocess {
  rotateIfLarger(paths.supervisorLog)
  const fd = openSync(paths.supervisorLog, 'a', 0o600)
  try {
    const child = Bun.spawn(argv, { env, detached: true, stdin: 'ignore', stdout: fd, stderr: fd })
    child.unref()
    return child
  } finally {
    closeSync(fd)
  }
}

/** Waits until a supervisor answers and has finished starting its services. */
export async function waitForSupervisor(
  paths: SupervisorPaths,
  daemon: Subprocess | null,
  timeoutMs: number,
): Promise<Result<'status'>> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const ping = await pingSupervisor(paths.socket, 1000)
    if (ping && ping.state !== 'starting') return callSupervisor(paths.socket, 'status', {})
    // Exit code 0 is the loser of a race: the winner is still coming up.
    if (!ping && daemon && daemon.exitCode !== null && daemon.exitCode !== 0) {
      const tail = (await readLastLines(paths.supervisorLog, 10)).join('\n')
      throw new SupervisorError(
        'start-failed',
        `The supervisor exited with code ${daemon.exitCode}:\n${tail}`,
      )
    }
    await Bun.sleep(20)
  }
  throw new SupervisorError(
    'timeout',
    `The supervisor did not finish starting within ${timeoutMs} ms; see ${paths.supervisorLog}`,
  )
}
