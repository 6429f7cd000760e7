// The supervisor's socket protocol (see PROTOCOL.md): newline-delimited JSON, one message a line.
// Pure: schemas, encoding and framing only; the server and client do the I/O.

import { type Static, type TSchema, Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

export const protocolVersion = 1
/** Longer lines are a broken or hostile peer, not a message. */
export const maxLineBytes = 1024 * 1024

export const actions = ['ping', 'status', 'shutdown', 'restart-service', 'reload-config', 'logs'] as const
export type Action = (typeof actions)[number]

const errorCodes = [
  'bad-request',
  'unsupported-version',
  'unknown-action',
  'unknown-service',
  'shutting-down',
  'internal',
] as const
type ProtocolErrorCode = (typeof errorCodes)[number]

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

const ProcessStatusSchema = Type.Object({
  name: Type.String(),
  pid: Nullable(Type.Integer()),
  port: Nullable(Type.Integer()),
  state: Type.String(),
  restarts: Type.Integer(),
  /** ISO 8601 time of the last health check (for the supervisor: its last heartbeat). */
  lastHealthCheck: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  /** Resident memory at the last sample; null when not running or not sampled. */
  rssBytes: Nullable(Type.Integer()),
  /** Share of one core between the last two samples (can exceed 100 with several threads busy). */
  cpuPercent: Nullable(Type.Number()),
  /** Above this for two samples in a row the service is restarted; null when there is no limit. */
  memoryLimitBytes: Nullable(Type.Integer()),
  /** Something to know that is not an error, such as CPU high for a while. */
  warning: Nullable(Type.String()),
})
export type ProcessStatus = Static<typeof ProcessStatusSchema>
export type ProcessResources = Pick<ProcessStatus, 'rssBytes' | 'cpuPercent' | 'memoryLimitBytes' | 'warning'>

/** The resource fields of a process nobody is sampling (no supervisor, or not running). */
export const unsampled: ProcessResources = {
  rssBytes: null,
  cpuPercent: null,
  memoryLimitBytes: null,
  warning: null,
}

const ResourceHistorySchema = Type.Object({
  name: Type.String(),
  /** Oldest first: epoch milliseconds, resident bytes, CPU percent of one core. */
  samples: Type.Array(
    Type.Object({ at: Type.Integer(), rssBytes: Type.Integer(), cpuPercent: Nullable(Type.Number()) }),
  ),
})
export type ResourceHistory = Static<typeof ResourceHistorySchema>

const ServiceParams = Type.Object({ service: Type.String() })

const paramSchemas = {
  ping: Type.Object({}),
  status: Type.Object({}),
  shutdown: Type.Object({ service: Type.Optional(Type.String()) }),
  'restart-service': ServiceParams,
  'reload-config': Type.Object({}),
  logs: Type.Object({
    service: Type.Optional(Type.String()),
    lines: Type.Optional(Type.Integer({ minimum: 0 })),
  }),
} satisfies Record<Action, TSchema>

const ProgressSchema = Type.Object({
  service: Type.String(),
  state: Type.String(),
  message: Type.String(),
})
export type Progress = Static<typeof ProgressSchema>

const resultSchemas = {
  ping: Type.Object({
    pid: Type.Integer(),
    version: Type.String(),
    protocol: Type.Integer(),
    state: Type.String(),
    startedAt: Type.String(),
  }),
  status: Type.Object({
    supervisor: ProcessStatusSchema,
    services: Type.Array(ProcessStatusSchema),
    /** The last few minutes of samples per process, supervisor first (for the dashboard's charts). */
    history: Type.Optional(Type.Array(ResourceHistorySchema)),
  }),
  shutdown: Type.Object({ stopped: Type.Array(Type.String()) }),
  'restart-service': Type.Object({ service: ProcessStatusSchema }),
  'reload-config': Type.Object({ restarted: Type.Array(Type.String()) }),
  logs: Type.Object({
    files: Type.Array(
      Type.Object({ name: Type.String(), path: Type.String(), lines: Type.Array(Type.String()) }),
    ),
  }),
} satisfies Record<Action, TSchema>

export type Params<A extends Action> = Static<(typeof paramSchemas)[A]>
export type Result<A extends Action> = Static<(typeof resultSchemas)[A]>

export interface Request<A extends Action = Action> {
  v: number
  id: string
  action: A
  params: Params<A>
}

interface ProtocolErrorBody {
  code: string
  message: string
}

/** A request whose `params` type follows its `action`. */
export type AnyRequest = { [A in Action]: Request<A> }[Action]

export type ServerMessage =
  | { v: number; id: string; type: 'progress'; data: Progress }
  | { v: number; id: string; type: 'result'; data: unknown }
  | { v: number; id: string; type: 'error'; error: ProtocolErrorBody }

const RequestEnvelope = Type.Object({
  v: Type.Integer(),
  id: Type.String({ minLength: 1, maxLength: 100 }),
  action: Type.String(),
  params: Type.Optional(Type.Object({})),
})

const ServerEnvelope = Type.Union([
  Type.Object({ v: Type.Integer(), id: Type.String(), type: Type.Literal('progress'), data: ProgressSchema }),
  Type.Object({ v: Type.Integer(), id: Type.String(), type: Type.Literal('result'), data: Type.Unknown() }),
  Type.Object({
    v: Type.Integer(),
    id: Type.String(),
    type: Type.Literal('error'),
    error: Type.Object({ code: Type.String(), message: Type.String() }),
  }),
])

type DecodedRequest =
  | { ok: true; request: AnyRequest }
  | { ok: false; id: string; code: ProtocolErrorCode; message: string }

/** Validates one request line; never throws, so a bad client gets an error reply, not a crash. */
export function decodeRequest(line: string): DecodedRequest {
  const value = parseJson(line)
  const id = idOf(value)
  if (!Value.Check(RequestEnvelope, value)) {
    return { ok: false, id, code: 'bad-request', message: 'Expected {"v","id","action","params"}' }
  }
  if (value.v !== protocolVersion) {
    return {
      ok: false,
      id,
      code: 'unsupported-version',
      message: `Expected protocol version ${protocolVersion}, got ${value.v}`,
    }
  }
  const action = actions.find((a) => a === value.action)
  if (!action) {
    return { ok: false, id, code: 'unknown-action', message: `Expected one of ${actions.join(', ')}` }
  }
  const params = value.params ?? {}
  if (!Value.Check(paramSchemas[action], params)) {
    return { ok: false, id, code: 'bad-request', message: `Invalid params for ${action}` }
  }
  // Checked against this action's params schema just above.
  const request = { v: value.v, id: value.id, action, params } as AnyRequest
  return { ok: true, request }
}

export function decodeServerMessage(line: string): ServerMessage | undefined {
  const value = parseJson(line)
  return Value.Check(ServerEnvelope, value) ? value : undefined
}

export function checkResult<A extends Action>(action: A, data: unknown): data is Result<A> {
  return Value.Check(resultSchemas[action], data)
}

export function encode(message: ServerMessage | Request): string {
  return `${JSON.stringify(message)}\n`
}

export function request<A extends Action>(id: string, action: A, params: Params<A>): Request<A> {
  return { v: protocolVersion, id, action, params }
}

export function progress(id: string, data: Progress): ServerMessage {
  return { v: protocolVersion, id, type: 'progress', data }
}

export function result(id: string, data: unknown): ServerMessage {
  return { v: protocolVersion, id, type: 'result', data }
}

export function failure(id: string, code: string, message: string): ServerMessage {
  return { v: protocolVersion, id, type: 'error', error: { code, message } }
}

/** Splits a byte stream into lines; a line longer than `maxLineBytes` is reported, not buffered forever. */
export function createLineSplitter(onLine: (line: string) => void, onOverflow: () => void = () => {}) {
  const decoder = new TextDecoder()
  let pending = ''
  return (chunk: Uint8Array | string) => {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    let newline = pending.indexOf('\n')
    while (newline !== -1) {
      const line = pending.slice(0, newline).replace(/\r$/, '')
      pending = pending.slice(newline + 1)
      if (line.length > 0) onLine(line)
      newline = pending.indexOf('\n')
    }
    if (pending.length > maxLineBytes) {
      pending = ''
      onOverflow()
    }
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line)
  } catch {
    return undefined
  }
}

function idOf(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string') {
    return value.id
  }
  return ''
}
