// A loopback stand-in for the Anthropic Messages API, good enough for the real Claude Code CLI
// in `-p` mode. Tests script what the "model" says and exactly which usage it reports, and the
// fake records everything it served so transcripts/telemetry can be checked against ground truth.

export interface FakeUsage {
  input_tokens: number
  output_tokens: number
  cache_creation_input_tokens: number
  cache_read_input_tokens: number
  cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number }
}

export type FakeBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'tool_use'; name: string; input: Record<string, unknown>; id?: string }

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence'

export interface FakeTurn {
  // Model echoed back in the response; defaults to the model Claude Code asked for.
  model?: string
  usage: FakeUsage
  content: FakeBlock[]
  // Defaults to 'tool_use' when the content has a tool_use block, otherwise 'end_turn'.
  stopReason?: StopReason
  // Refuse the request instead: this status, JSON body and headers (e.g. a 429 with the
  // anthropic-ratelimit-unified-* headers of a plan limit). `usage` and `content` are then unused.
  error?: { status: number; body: unknown; headers?: Record<string, string> }
}

export interface SideCallReply {
  text: string
  usage: FakeUsage
  model?: string
}

// 'turn': a conversation step (main thread or sub-agent) that consumes the script.
// 'compact': Claude Code's summarisation call (/compact, auto-compact). It carries the full tool
//   list like a turn, but its reply never appears as an assistant line in the transcript.
// 'side': anything else without tools (title/topic generation and similar small-model calls).
export type RequestKind = 'turn' | 'compact' | 'side'

export interface FakeScript {
  // Consumed in serve order by 'turn' requests. Sub-agents share the queue: a foreground
  // sub-agent (Agent input run_in_background: false) interleaves deterministically.
  turns: FakeTurn[]
  sideCall?: (body: MessagesRequest) => SideCallReply
  compact?: (body: MessagesRequest) => SideCallReply
  classify?: (body: MessagesRequest) => RequestKind
  // Reply used once `turns` is exhausted, so a run never hangs on an unexpected extra turn.
  fallbackTurn?: FakeTurn
}

export interface MessagesRequest {
  model?: string
  stream?: boolean
  messages?: unknown[]
  system?: unknown
  tools?: unknown[]
  max_tokens?: number
  [key: string]: unknown
}

export type ServedKind = RequestKind | 'fallback'

export interface ServedResponse {
  seq: number
  kind: ServedKind
  // Index into script.turns for kind 'turn'.
  turnIndex: number | null
  // Claude Code tags sub-agent requests with cc_is_subagent=true in the billing system block.
  isSubagent: boolean
  id: string
  requestId: string
  requestedModel: string
  model: string
  usage: FakeUsage
  content: FakeBlock[]
  stopReason: StopReason
  isStreaming: boolean
  path: string
  requestBody: MessagesRequest
  requestBytes: number
  at: number
}

export interface ReceivedRequest {
  seq: number
  method: string
  path: string
  search: string
  headers: Record<string, string>
  body: string
  at: number
}

export interface FakeAnthropic {
  url: string
  port: number
  served: ServedResponse[]
  requests: ReceivedRequest[]
  // Routes Claude Code hit that the fake does not implement (answered 404); useful when upgrading.
  unknownRoutes: string[]
  // Main-conversation turns only, in serve order.
  turnsServed(): ServedResponse[]
  stop(): Promise<void>
}

const DEFAULT_SIDE_USAGE: FakeUsage = {
  input_tokens: 37,
  output_tokens: 11,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
}

const DEFAULT_COMPACT_USAGE: FakeUsage = {
  input_tokens: 2048,
  output_tokens: 64,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
}

const DEFAULT_FALLBACK: FakeTurn = {
  usage: { input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  content: [{ type: 'text', text: 'Done.' }],
}

let idCounter = 0

function randomId(prefix: string): string {
  idCounter += 1
  const rand = crypto.getRandomValues(new Uint8Array(9))
  const tail = Buffer.from(rand).toString('base64url')
  return `${prefix}${idCounter.toString(36).padStart(3, '0')}${tail}`
}

export function usage(
  input: number,
  output: number,
  cacheCreation = 0,
  cacheRead = 0,
  split?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number },
): FakeUsage {
  const u: FakeUsage = {
    input_tokens: input,
    output_tokens: output,
    cache_creation_input_tokens: cacheCreation,
    cache_read_input_tokens: cacheRead,
  }
  if (split) u.cache_creation = split
  return u
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (!Array.isArray(content)) return ''
  return content
    .map((c: unknown) => {
      const text = typeof c === 'object' && c !== null ? (c as { text?: unknown }).text : undefined
      return typeof text === 'string' ? text : ''
    })
    .join('\n')
}

function lastUserText(body: MessagesRequest): string {
  const msgs = Array.isArray(body.messages) ? body.messages : []
  for (let i = msgs.length - 1; i >= 0; i--) {
    const m = msgs[i] as { role?: unknown; content?: unknown } | undefined
    if (m?.role === 'user') return textOf(m.content)
  }
  return ''
}

export function defaultClassify(body: MessagesRequest): RequestKind {
  if (/create a detailed summary of the conversation/i.test(lastUserText(body))) return 'compact'
  return Array.isArray(body.tools) && body.tools.length > 0 ? 'turn' : 'side'
}

function isSubagentRequest(body: MessagesRequest): boolean {
  return textOf(body.system).includes('cc_is_subagent=true')
}

function defaultSideCall(): SideCallReply {
  return { text: 'Untitled', usage: DEFAULT_SIDE_USAGE }
}

function defaultCompact(): SideCallReply {
  return {
    text: '<analysis>Short scripted session.</analysis>\n<summary>The user and assistant exchanged a few messages.</summary>',
    usage: DEFAULT_COMPACT_USAGE,
  }
}

function wireUsage(u: FakeUsage): Record<string, unknown> {
  return {
    input_tokens: u.input_tokens,
    cache_creation_input_tokens: u.cache_creation_input_tokens,
    cache_read_input_tokens: u.cache_read_input_tokens,
    cache_creation: u.cache_creation ?? {
      ephemeral_5m_input_tokens: u.cache_creation_input_tokens,
      ephemeral_1h_input_tokens: 0,
    },
    output_tokens: u.output_tokens,
    service_tier: 'standard',
  }
}

interface WireToolUse {
  type: 'tool_use'
  id: string
  name: string
  input: Record<string, unknown>
}

type WireBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | WireToolUse

function toWire(blocks: FakeBlock[]): WireBlock[] {
  return blocks.map((b) => {
    if (b.type === 'tool_use')
      return { type: 'tool_use', id: b.id ?? randomId('toolu_'), name: b.name, input: b.input }
    if (b.type === 'thinking')
      return { type: 'thinking', thinking: b.thinking, signature: b.signature ?? 'sig' }
    return b
  })
}

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

// Split so Claude Code exercises its incremental JSON/text assembly like against the real API.
function chunks(s: string, size: number): string[] {
  if (s.length === 0) return ['']
  const out: string[] = []
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size))
  return out
}

function streamBody(id: string, model: string, blocks: WireBlock[], stop: StopReason, u: FakeUsage): string {
  // message_start carries the input side and a placeholder output count, as the real API does;
  // message_delta carries the final cumulative usage.
  const startUsage = { ...wireUsage(u), output_tokens: Math.min(1, u.output_tokens) }
  let out = sse('message_start', {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: startUsage,
    },
  })
  blocks.forEach((b, index) => {
    if (b.type === 'text') {
      out += sse('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'text', text: '' },
      })
      for (const part of chunks(b.text, 24)) {
        out += sse('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'text_delta', text: part },
        })
      }
    } else if (b.type === 'thinking') {
      out += sse('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      })
      for (const part of chunks(b.thinking, 24)) {
        out += sse('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'thinking_delta', thinking: part },
        })
      }
      out += sse('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'signature_delta', signature: b.signature },
      })
    } else {
      out += sse('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} },
      })
      for (const part of chunks(JSON.stringify(b.input), 16)) {
        out += sse('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: part },
        })
      }
    }
    out += sse('content_block_stop', { type: 'content_block_stop', index })
  })
  out += sse('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: stop, stop_sequence: null },
    usage: {
      input_tokens: u.input_tokens,
      cache_creation_input_tokens: u.cache_creation_input_tokens,
      cache_read_input_tokens: u.cache_read_input_tokens,
      output_tokens: u.output_tokens,
    },
  })
  out += sse('message_stop', { type: 'message_stop' })
  return out
}

function estimateTokens(body: MessagesRequest): number {
  const text = JSON.stringify([body.system ?? null, body.messages ?? [], body.tools ?? []])
  return Math.max(1, Math.ceil(text.length / 4))
}

export function startFakeAnthropic(script: FakeScript): FakeAnthropic {
  const served: ServedResponse[] = []
  const requests: ReceivedRequest[] = []
  const unknownRoutes: string[] = []
  const classify = script.classify ?? defaultClassify
  const sideCall = script.sideCall ?? defaultSideCall
  const compact = script.compact ?? defaultCompact
  let nextTurn = 0
  let seq = 0

  function messages(path: string, raw: string): Response {
    let body: MessagesRequest
    try {
      body = JSON.parse(raw) as MessagesRequest
    } catch {
      return Response.json(
        { type: 'error', error: { type: 'invalid_request_error', message: 'bad json' } },
        { status: 400 },
      )
    }
    const requestedModel = typeof body.model === 'string' ? body.model : 'unknown'
    let kind: ServedKind
    let turnIndex: number | null = null
    let turn: FakeTurn
    const requestKind = classify(body)
    if (requestKind === 'turn') {
      const scripted = script.turns[nextTurn]
      if (scripted) {
        kind = 'turn'
        turnIndex = nextTurn
        nextTurn += 1
        turn = scripted
      } else {
        kind = 'fallback'
        turn = script.fallbackTurn ?? DEFAULT_FALLBACK
      }
    } else {
      kind = requestKind
      const reply = requestKind === 'compact' ? compact(body) : sideCall(body)
      turn = { usage: reply.usage, content: [{ type: 'text', text: reply.text }] }
      if (reply.model !== undefined) turn.model = reply.model
    }
    const id = randomId('msg_')
    const requestId = randomId('req_')
    const model = turn.model ?? requestedModel
    const wire = toWire(turn.content)
    const stop = turn.stopReason ?? (wire.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn')
    const isStreaming = body.stream === true
    served.push({
      seq: seq++,
      kind,
      turnIndex,
      isSubagent: isSubagentRequest(body),
      id,
      requestId,
      requestedModel,
      model,
      usage: turn.usage,
      content: turn.content,
      stopReason: stop,
      isStreaming,
      path,
      requestBody: body,
      requestBytes: Buffer.byteLength(raw),
      at: Date.now(),
    })
    const headers = { 'request-id': requestId }
    if (turn.error) {
      return Response.json(turn.error.body, {
        status: turn.error.status,
        headers: { ...headers, ...turn.error.headers },
      })
    }
    if (!isStreaming) {
      return Response.json(
        {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: wire,
          stop_reason: stop,
          stop_sequence: null,
          usage: wireUsage(turn.usage),
        },
        { headers },
      )
    }
    return new Response(streamBody(id, model, wire, stop, turn.usage), {
      headers: { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
    })
  }

  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    async fetch(req) {
      const url = new URL(req.url)
      const raw = await req.text()
      const headers: Record<string, string> = {}
      req.headers.forEach((v, k) => {
        headers[k] = v
      })
      requests.push({
        seq: requests.length,
        method: req.method,
        path: url.pathname,
        search: url.search,
        headers,
        body: raw,
        at: Date.now(),
      })
      if (req.method === 'POST' && url.pathname === '/v1/messages') return messages(url.pathname, raw)
      if (req.method === 'POST' && url.pathname === '/v1/messages/count_tokens') {
        let body: MessagesRequest = {}
        try {
          body = JSON.parse(raw) as MessagesRequest
        } catch {
          // An unparseable body still deserves a plausible count rather than a failure.
        }
        return Response.json({ input_tokens: estimateTokens(body) })
      }
      // Connectivity probe Claude Code sends at startup.
      if (url.pathname === '/api/hello') return new Response(req.method === 'HEAD' ? null : 'ok')
      if (req.method === 'GET' && url.pathname === '/v1/models') {
        return Response.json({ data: [], has_more: false, first_id: null, last_id: null })
      }
      unknownRoutes.push(`${req.method} ${url.pathname}`)
      return Response.json(
        { type: 'error', error: { type: 'not_found_error', message: `fake: no route ${url.pathname}` } },
        { status: 404 },
      )
    },
  })

  return {
    url: `http://127.0.0.1:${server.port}`,
    port: server.port ?? 0,
    served,
    requests,
    unknownRoutes,
    turnsServed: () => served.filter((s) => s.kind === 'turn'),
    stop: () => server.stop(true),
  }
}
