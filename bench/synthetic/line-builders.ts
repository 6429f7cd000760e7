// JSON lines with the field layout Claude Code writes (2.0-era transcripts): the envelope fields every
// conversational record carries, then the record itself. Keys are emitted in Claude Code's order.

import type { ResponseUsage } from './expected-totals.ts'

/** Fields shared by every conversational line of one transcript. */
export interface Envelope {
  cwd: string
  sessionId: string
  version: string
  gitBranch: string
  /** Set on sub-agent (sidechain) transcripts. */
  agentId?: string
}

export interface LineMeta {
  parentUuid: string | null
  uuid: string
  timestamp: number
}

function head(env: Envelope, meta: LineMeta) {
  return {
    parentUuid: meta.parentUuid,
    isSidechain: env.agentId !== undefined,
    userType: 'external',
    cwd: env.cwd,
    sessionId: env.sessionId,
    version: env.version,
    gitBranch: env.gitBranch,
    ...(env.agentId === undefined ? {} : { agentId: env.agentId }),
  }
}

const iso = (ms: number) => new Date(ms).toISOString()

export function userPromptLine(env: Envelope, meta: LineMeta, text: string): string {
  return JSON.stringify({
    ...head(env, meta),
    type: 'user',
    message: { role: 'user', content: text },
    uuid: meta.uuid,
    timestamp: iso(meta.timestamp),
  })
}

export function toolResultLine(
  env: Envelope,
  meta: LineMeta,
  toolUseId: string,
  content: string,
  toolUseResult: unknown,
): string {
  return JSON.stringify({
    ...head(env, meta),
    type: 'user',
    message: { role: 'user', content: [{ tool_use_id: toolUseId, type: 'tool_result', content }] },
    uuid: meta.uuid,
    timestamp: iso(meta.timestamp),
    toolUseResult,
  })
}

export function usageObject(u: ResponseUsage, withSplit: boolean) {
  return {
    input_tokens: u.inputTokens,
    cache_creation_input_tokens: u.cacheCreationTokens,
    cache_read_input_tokens: u.cacheReadTokens,
    ...(withSplit
      ? {
          cache_creation: {
            ephemeral_5m_input_tokens: u.cacheCreation5mTokens,
            ephemeral_1h_input_tokens: u.cacheCreation1hTokens,
          },
        }
      : {}),
    output_tokens: u.outputTokens,
    service_tier: 'standard',
  }
}

export interface AssistantMessage {
  id: string
  model: string
  requestId: string
  usage: ReturnType<typeof usageObject>
}

/** One content block of an API response: Claude Code writes one such line per block. */
export function assistantRecord(
  env: Envelope,
  meta: LineMeta,
  msg: AssistantMessage,
  block: unknown,
  stopReason: string | null,
) {
  return {
    ...head(env, meta),
    type: 'assistant',
    message: {
      id: msg.id,
      type: 'message',
      role: 'assistant',
      model: msg.model,
      content: [block],
      stop_reason: stopReason,
      stop_sequence: null,
      usage: msg.usage,
    },
    requestId: msg.requestId,
    uuid: meta.uuid,
    timestamp: iso(meta.timestamp),
  }
}

/** Claude Code's local stand-in for a failed or interrupted call: no requestId, zero usage. */
export function syntheticLine(env: Envelope, meta: LineMeta, id: string, text: string): string {
  return JSON.stringify({
    ...head(env, meta),
    type: 'assistant',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model: '<synthetic>',
      content: [{ type: 'text', text }],
      stop_reason: 'stop_sequence',
      stop_sequence: '',
      usage: {
        input_tokens: 0,
        output_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        server_tool_use: { web_search_requests: 0 },
        service_tier: null,
      },
    },
    isApiErrorMessage: text.startsWith('API Error'),
    uuid: meta.uuid,
    timestamp: iso(meta.timestamp),
  })
}

/** A sub-agent's assistant line relayed into the parent transcript (Claude Code 2.1). */
export function progressLine(
  env: Envelope,
  meta: LineMeta,
  inner: ReturnType<typeof assistantRecord>,
  agentId: string,
  prompt: string,
  toolUseId: string,
): string {
  return JSON.stringify({
    ...head(env, meta),
    type: 'progress',
    data: {
      message: {
        type: 'assistant',
        message: inner.message,
        requestId: inner.requestId,
        uuid: inner.uuid,
        timestamp: inner.timestamp,
      },
      normalizedMessages: [],
      type: 'agent_progress',
      prompt,
      agentId,
    },
    toolUseID: `agent_msg_${inner.uuid.slice(0, 8)}`,
    parentToolUseID: toolUseId,
    uuid: meta.uuid,
    timestamp: inner.timestamp,
  })
}

export function summaryLine(summary: string, leafUuid: string): string {
  return JSON.stringify({ type: 'summary', summary, leafUuid })
}

export function systemLine(
  env: Envelope,
  meta: LineMeta,
  subtype: string,
  content: string,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    ...head(env, meta),
    type: 'system',
    subtype,
    content,
    isMeta: false,
    timestamp: iso(meta.timestamp),
    uuid: meta.uuid,
    level: 'info',
    ...extra,
  })
}

export function fileHistorySnapshotLine(
  messageId: string,
  timestamp: number,
  files: readonly string[],
): string {
  const trackedFileBackups = Object.fromEntries(
    files.map((f, i) => [
      f,
      { backupFileName: `${messageId.slice(0, 16)}@v${i + 1}`, version: i + 1, backupTime: iso(timestamp) },
    ]),
  )
  return JSON.stringify({
    type: 'file-history-snapshot',
    messageId,
    snapshot: { messageId, trackedFileBackups, timestamp: iso(timestamp) },
    isSnapshotUpdate: false,
  })
}
