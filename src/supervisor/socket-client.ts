// The CLI's end of the socket: one connection per request, progress passed to a callback, the result
// checked against the protocol's schema. A socket that is not ours (owner, mode) is refused before
// anything is sent.

import {
  type Action,
  checkResult,
  createLineSplitter,
  decodeServerMessage,
  encode,
  type Params,
  type Progress,
  type Result,
  request,
} from './protocol.ts'
import { assertSafeSocket, socketStat } from './run-dir.ts'
import { errorMessage, SupervisorError, supervisorErrorCodes } from './supervisor-error.ts'

interface CallOptions {
  onProgress?: (progress: Progress) => void
  /** @default 5000 */
  timeoutMs?: number
}

let counter = 0

export async function callSupervisor<A extends Action>(
  socketPath: string,
  action: A,
  params: Params<A>,
  options: CallOptions = {},
): Promise<Result<A>> {
  const stat = socketStat(socketPath)
  if (!stat) throw new SupervisorError('not-running', 'The supervisor is not running')
  assertSafeSocket(socketPath, stat)
  const id = `${process.pid}-${++counter}`
  const timeoutMs = options.timeoutMs ?? 5000

  return new Promise<Result<A>>((resolve, reject) => {
    let settled = false
    const finish = (error: Error | null, value?: Result<A>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket?.end()
      if (error) reject(error)
      else resolve(value as Result<A>)
    }
    const timer = setTimeout(
      () =>
        finish(
          new SupervisorError(
            'timeout',
            `The supervisor did not answer \`${action}\` within ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    )
    const onLine = (line: string) => {
      const message = decodeServerMessage(line)
      if (!message || message.id !== id) return
      if (message.type === 'progress') options.onProgress?.(message.data)
      else if (message.type === 'error') finish(remoteError(message.error.code, message.error.message))
      else if (checkResult(action, message.data)) finish(null, message.data)
      else finish(new SupervisorError('protocol', `Unexpected reply to \`${action}\` from the supervisor`))
    }
    const split = createLineSplitter(onLine)
    let socket: Awaited<ReturnType<typeof Bun.connect>> | undefined
    Bun.connect({
      unix: socketPath,
      socket: {
        data: (_sock, chunk) => split(chunk),
        close: () =>
          finish(new SupervisorError('not-running', 'The supervisor closed the connection before answering')),
        error: (_sock, error) => finish(new SupervisorError('not-running', errorMessage(error))),
      },
    }).then(
      (sock) => {
        socket = sock
        if (settled) sock.end()
        else sock.write(encode(request(id, action, params)))
      },
      (error: unknown) =>
        finish(new SupervisorError('not-running', `The supervisor is not running (${errorMessage(error)})`)),
    )
  })
}

/** The supervisor's ping reply, or null when none answers. */
export async function pingSupervisor(socketPath: string, timeoutMs = 2000): Promise<Result<'ping'> | null> {
  try {
    return await callSupervisor(socketPath, 'ping', {}, { timeoutMs })
  } catch (error) {
    if (error instanceof SupervisorError && (error.code === 'not-running' || error.code === 'timeout'))
      return null
    throw error
  }
}

function remoteError(code: string, message: string): SupervisorError {
  return new SupervisorError(supervisorErrorCodes.find((c) => c === code) ?? 'remote', message)
}
