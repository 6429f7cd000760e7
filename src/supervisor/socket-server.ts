// The supervisor's end of the socket: reads request lines, calls the supervisor, writes progress and
// one terminal reply per request. Writes are queued and flushed on drain, so a slow reader never loses
// the end of a reply.

import { chmodSync } from 'node:fs'
import type { Socket, UnixSocketListener } from 'bun'
import {
  type AnyRequest,
  createLineSplitter,
  decodeRequest,
  encode,
  failure,
  type Params,
  type Progress,
  progress,
  type Result,
  result,
  type ServerMessage,
} from './protocol.ts'
import { errorMessage } from './supervisor-error.ts'

type OnProgress = (p: Progress) => void

export interface SupervisorApi {
  ping(): Result<'ping'>
  status(): Result<'status'>
  shutdown(params: Params<'shutdown'>, onProgress: OnProgress): Promise<Result<'shutdown'>>
  restartService(
    params: Params<'restart-service'>,
    onProgress: OnProgress,
  ): Promise<Result<'restart-service'>>
  reloadConfig(onProgress: OnProgress): Promise<Result<'reload-config'>>
  logs(params: Params<'logs'>): Promise<Result<'logs'>>
  /** Called once the reply to a full shutdown has been flushed to the client. */
  afterShutdown(): void
}

interface Connection {
  feed: (chunk: Uint8Array) => void
  queue: Uint8Array[]
  flushed: Array<() => void>
}

type Sock = Socket<Connection>

export function listenOnSocket(path: string, api: SupervisorApi): UnixSocketListener<Connection> {
  // Created 0600 from its first instant: a client that connects between listen and chmod (a `run`
  // waiting for its supervisor) would otherwise see mode 755 and refuse the socket as insecure.
  const umask = process.umask(0o177)
  try {
    return listen(path, api)
  } finally {
    process.umask(umask)
  }
}

function listen(path: string, api: SupervisorApi): UnixSocketListener<Connection> {
  const listener = Bun.listen<Connection>({
    unix: path,
    socket: {
      open(sock) {
        sock.data = {
          queue: [],
          flushed: [],
          feed: createLineSplitter(
            (line) => void handleLine(sock, line, api),
            () => send(sock, failure('', 'bad-request', 'Line too long')),
          ),
        }
      },
      data(sock, chunk) {
        sock.data.feed(chunk)
      },
      drain(sock) {
        flush(sock)
      },
      close(sock) {
        for (const done of sock.data.flushed.splice(0)) done()
      },
      error() {},
    },
  })
  // The run directory is already 0700; this keeps the socket private even if someone loosens it.
  chmodSync(path, 0o600)
  return listener
}

async function handleLine(sock: Sock, line: string, api: SupervisorApi): Promise<void> {
  const decoded = decodeRequest(line)
  if (!decoded.ok) {
    send(sock, failure(decoded.id, decoded.code, decoded.message))
    return
  }
  const { request } = decoded
  const onProgress = (p: Progress) => send(sock, progress(request.id, p))
  try {
    const data = await dispatch(request, api, onProgress)
    send(sock, result(request.id, data))
    if (request.action === 'shutdown' && !request.params.service) {
      await flushed(sock)
      api.afterShutdown()
    }
  } catch (error) {
    const code =
      error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'internal'
    send(sock, failure(request.id, code, errorMessage(error)))
  }
}

function dispatch(
  request: AnyRequest,
  api: SupervisorApi,
  onProgress: OnProgress,
): Promise<unknown> | unknown {
  switch (request.action) {
    case 'ping':
      return api.ping()
    case 'status':
      return api.status()
    case 'shutdown':
      return api.shutdown(request.params, onProgress)
    case 'restart-service':
      return api.restartService(request.params, onProgress)
    case 'reload-config':
      return api.reloadConfig(onProgress)
    case 'logs':
      return api.logs(request.params)
    default:
      return request satisfies never
  }
}

function send(sock: Sock, message: ServerMessage): void {
  sock.data.queue.push(Buffer.from(encode(message)))
  flush(sock)
}

function flush(sock: Sock): void {
  const { queue } = sock.data
  while (queue.length > 0) {
    const head = queue[0]!
    const written = sock.write(head)
    if (written < head.length) {
      queue[0] = head.subarray(Math.max(0, written))
      return
    }
    queue.shift()
  }
  for (const done of sock.data.flushed.splice(0)) done()
}

function flushed(sock: Sock): Promise<void> {
  if (sock.data.queue.length === 0) return Promise.resolve()
  return new Promise((resolve) => sock.data.flushed.push(resolve))
}
