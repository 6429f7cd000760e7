import { afterEach, beforeEach, expect, it } from 'bun:test'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { UnixSocketListener } from 'bun'
import { type ProcessStatus, unsampled } from './protocol.ts'
import { callSupervisor } from './socket-client.ts'
import { listenOnSocket, type SupervisorApi } from './socket-server.ts'
import { SupervisorError } from './supervisor-error.ts'

const ingest: ProcessStatus = {
  name: 'ingest',
  pid: 5,
  port: 9,
  state: 'running',
  restarts: 0,
  lastHealthCheck: null,
  lastError: null,
  ...unsampled,
}

let dir = ''
let socket = ''
let server: UnixSocketListener<unknown>
let shutdowns = 0

const api: SupervisorApi = {
  ping: () => ({
    pid: 1,
    version: 't',
    protocol: 1,
    state: 'running',
    startedAt: '1970-01-01T00:00:00.000Z',
  }),
  status: () => ({ supervisor: { ...ingest, name: 'supervisor' }, services: [ingest] }),
  shutdown: async (_params, onProgress) => {
    onProgress({ service: 'ingest', state: 'stopping', message: 'stopping ingest' })
    onProgress({ service: 'ingest', state: 'stopped', message: 'stopped ingest' })
    return { stopped: ['ingest'] }
  },
  restartService: async ({ service }) => {
    throw new SupervisorError('unknown-service', `no ${service}`)
  },
  reloadConfig: async () => ({ restarted: [] }),
  logs: async () => ({ files: [] }),
  afterShutdown: () => {
    shutdowns++
  },
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-sock-'))
  socket = join(dir, 's.sock')
  server = listenOnSocket(socket, api) as UnixSocketListener<unknown>
  shutdowns = 0
})

afterEach(() => {
  server.stop(true)
  rmSync(dir, { recursive: true, force: true })
})

async function raw(lines: string): Promise<string[]> {
  let text = ''
  const sock = await Bun.connect({
    unix: socket,
    socket: {
      data: (_s, chunk) => {
        text += chunk.toString()
      },
    },
  })
  sock.write(lines)
  while (text.split('\n').length <= lines.split('\n').length - 1) await Bun.sleep(5)
  sock.end()
  return text.trim().split('\n')
}

it('creates the socket with mode 0600', () => {
  expect(statSync(socket).mode & 0o777).toBe(0o600)
})

it('streams progress before the result and calls afterShutdown once the reply is out', async () => {
  const progress: string[] = []
  const result = await callSupervisor(socket, 'shutdown', {}, { onProgress: (p) => progress.push(p.message) })
  expect({ progress, result, shutdowns }).toEqual({
    progress: ['stopping ingest', 'stopped ingest'],
    result: { stopped: ['ingest'] },
    shutdowns: 1,
  })
})

it('passes a domain error code through to the client', async () => {
  await expect(callSupervisor(socket, 'restart-service', { service: 'x' })).rejects.toMatchObject({
    code: 'unknown-service',
    message: 'no x',
  })
})

it('answers malformed lines with coded errors and keeps the connection', async () => {
  const replies = await raw('garbage\n{"v":9,"id":"a","action":"ping"}\n{"v":1,"id":"b","action":"ping"}\n')
  expect(replies.map((r) => JSON.parse(r))).toEqual([
    {
      v: 1,
      id: '',
      type: 'error',
      error: { code: 'bad-request', message: 'Expected {"v","id","action","params"}' },
    },
    {
      v: 1,
      id: 'a',
      type: 'error',
      error: { code: 'unsupported-version', message: 'Expected protocol version 1, got 9' },
    },
    { v: 1, id: 'b', type: 'result', data: api.ping() },
  ])
})
