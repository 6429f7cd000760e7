// Small transcript lines shaped like Claude Code's, for fixtures built inside tests.

export interface AssistantLineOptions {
  session: string
  request: string
  message?: string
  model?: string
  timestamp: string
  input?: number
  output?: number
  cacheCreation?: number
  cacheRead?: number
  cwd?: string
}

export function assistantLine(o: AssistantLineOptions): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: o.cwd ?? '/home/dev/app',
    sessionId: o.session,
    version: '2.1.331',
    gitBranch: 'main',
    type: 'assistant',
    message: {
      id: o.message ?? `msg_${o.request}`,
      type: 'message',
      role: 'assistant',
      model: o.model ?? 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'ok' }],
      usage: {
        input_tokens: o.input ?? 10,
        output_tokens: o.output ?? 20,
        cache_creation_input_tokens: o.cacheCreation ?? 0,
        cache_read_input_tokens: o.cacheRead ?? 0,
      },
    },
    requestId: `req_${o.request}`,
    uuid: crypto.randomUUID(),
    timestamp: o.timestamp,
  })
}

export function userLine(session: string, text: string, timestamp: string): string {
  return JSON.stringify({
    type: 'user',
    sessionId: session,
    cwd: '/home/dev/app',
    message: { role: 'user', content: text },
    uuid: crypto.randomUUID(),
    timestamp,
  })
}

/** An assistant line whose one content block calls a tool (Claude Code writes one block per line). */
export function toolUseLine(o: AssistantLineOptions & { toolUseId: string; tool: string }): string {
  const line = JSON.parse(assistantLine(o)) as { message: { content: unknown[] } }
  line.message.content = [{ type: 'tool_use', id: o.toolUseId, name: o.tool, input: { command: 'ls "src"' } }]
  return JSON.stringify(line)
}

/** The user line carrying a tool's result, with Claude Code's structured copy after it. */
export function toolResultLine(o: {
  session: string
  toolUseId: string
  timestamp: string
  content: string
  isError?: boolean
}): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    promptId: 'prompt-1',
    type: 'user',
    message: {
      role: 'user',
      content: [
        {
          tool_use_id: o.toolUseId,
          type: 'tool_result',
          content: o.content,
          ...(o.isError === undefined ? {} : { is_error: o.isError }),
        },
      ],
    },
    uuid: crypto.randomUUID(),
    timestamp: o.timestamp,
    toolUseResult: o.isError ? `Error: ${o.content}` : { stdout: o.content, stderr: '' },
    cwd: '/home/dev/app',
    sessionId: o.session,
  })
}
