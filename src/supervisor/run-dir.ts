// The run directory and socket are only safe to use if they belong to us and nobody else can reach
// them: the directory 0700, the socket 0600, both owned by the current user. Anything else is refused.

import { chmodSync, lstatSync, mkdirSync, type Stats, statSync } from 'node:fs'
import { SupervisorError } from './supervisor-error.ts'

// sockaddr_un.sun_path is 108 bytes on Linux, 104 on macOS.
const maxSocketPath = 103

const myUid = () => process.getuid?.() ?? 0

interface OwnerAndMode {
  uid: number
  mode: number
  isSocket: boolean
}

/** Why a socket must not be trusted, or null if it is fine. Pure, for the unit tests. */
export function socketProblem(stat: OwnerAndMode, uid: number): string | null {
  if (!stat.isSocket) return 'is not a socket'
  if (stat.uid !== uid) return `is owned by uid ${stat.uid}, not by you (uid ${uid})`
  if ((stat.mode & 0o077) !== 0) return `has mode ${(stat.mode & 0o777).toString(8)}; expected 600`
  return null
}

export function prepareRunDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 })
  const stat = statSync(path)
  if (stat.uid !== myUid()) {
    throw new SupervisorError(
      'insecure-run-dir',
      `${path} is owned by uid ${stat.uid}, not by you; refusing to put the supervisor socket there`,
    )
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(path, 0o700)
}

export function checkSocketPath(path: string): void {
  if (Buffer.byteLength(path) > maxSocketPath) {
    throw new SupervisorError(
      'socket-path-too-long',
      `The socket path ${path} is longer than ${maxSocketPath} bytes; set CONTEXT_CLEANER_HOME to a shorter directory`,
    )
  }
}

/** Lstat of the socket, or null if there is none. */
export function socketStat(path: string): Stats | null {
  try {
    return lstatSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/** Throws unless `path` is a socket we own with mode 0600. */
export function assertSafeSocket(path: string, stat: Stats): void {
  const problem = socketProblem({ uid: stat.uid, mode: stat.mode, isSocket: stat.isSocket() }, myUid())
  if (problem) throw new SupervisorError('insecure-socket', `Refusing to use ${path}: it ${problem}`)
}
