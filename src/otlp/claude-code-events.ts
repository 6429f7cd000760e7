// Pure: one Claude Code telemetry event (its attributes) to the normalized record it stands for.
// Attribute names are the ones Claude Code 2.1 sends (see test/fixtures/otlp/logs.json).

import { requestKey } from '../model/records.ts'
import {
  type ApiErrorRecord,
  type TelemetryApiRequest,
  type ToolCallRecord,
  toolCallKey,
  type UserPromptRecord,
} from '../model/telemetry-records.ts'
import { type Attributes, amount, bool, count, str } from './otlp-values.ts'

export const claudeEvents = [
  'claude_code.api_request',
  'claude_code.api_error',
  'claude_code.tool_result',
  'claude_code.tool_decision',
  'claude_code.user_prompt',
] as const
export type ClaudeEvent = (typeof claudeEvents)[number]

export interface EventContext {
  attrs: Attributes
  resource: Attributes
  /** Epoch ms. */
  timestamp: number
  /** Unique within the session when the event has no id of its own (time and sequence number). */
  occurrence: string
  storePrompts: boolean
}

export type EventOutcome =
  | { kind: 'api-request'; record: TelemetryApiRequest }
  | { kind: 'tool-call'; record: ToolCallRecord }
  | { kind: 'api-error'; record: ApiErrorRecord }
  | { kind: 'prompt'; record: UserPromptRecord }
  /** Kept raw only. */
  | { kind: 'raw' }
  | { kind: 'invalid'; reason: string }

/** What Claude Code puts in place of text the user did not opt in to log. */
const REDACTED = '<REDACTED>'

export function isClaudeEvent(name: string): name is ClaudeEvent {
  return (claudeEvents as readonly string[]).includes(name)
}

export function normalizeClaudeEvent(name: ClaudeEvent, ctx: EventContext): EventOutcome {
  switch (name) {
    case 'claude_code.api_request':
      return apiRequest(ctx)
    case 'claude_code.api_error':
      return apiError(ctx)
    case 'claude_code.tool_result':
    case 'claude_code.tool_decision':
      return toolEvent(name, ctx)
    case 'claude_code.user_prompt':
      return prompt(ctx)
    default:
      return name satisfies never
  }
}

function sessionOf(attrs: Attributes): string {
  return str(attrs, 'session.id') ?? ''
}

function apiRequest(ctx: EventContext): EventOutcome {
  const { attrs } = ctx
  const requestId = str(attrs, 'request_id')
  // Without the request id the event cannot meet its transcript copy; counting it on its own row
  // could count the request twice, so it stays in the raw log only.
  const key = requestKey(null, requestId)
  if (key === null) return { kind: 'raw' }
  const input = count(attrs, 'input_tokens')
  const output = count(attrs, 'output_tokens')
  const cacheRead = count(attrs, 'cache_read_tokens')
  const cacheCreation = count(attrs, 'cache_creation_tokens')
  const cc5m = count(attrs, 'cache_creation_5m_tokens')
  const cc1h = count(attrs, 'cache_creation_1h_tokens')
  const cost = amount(attrs, 'cost_usd')
  const duration = count(attrs, 'duration_ms')
  const ttft = count(attrs, 'ttft_ms')
  if (input === null || output === null)
    return { kind: 'invalid', reason: 'api_request without token counts' }
  if (
    input === undefined ||
    output === undefined ||
    cacheRead === undefined ||
    cacheCreation === undefined ||
    cc5m === undefined ||
    cc1h === undefined
  )
    return { kind: 'invalid', reason: 'api_request token count is not a non-negative integer' }
  if (cost === undefined)
    return { kind: 'invalid', reason: 'api_request cost_usd is not a non-negative number' }
  if (duration === undefined || ttft === undefined)
    return { kind: 'invalid', reason: 'api_request duration is not a non-negative integer' }
  const cacheCreationTokens = cacheCreation ?? 0
  // Only trust the 5-minute / 1-hour split when it accounts for the total (as for transcripts).
  const split = cc5m !== null && cc1h !== null && cc5m + cc1h === cacheCreationTokens
  const querySource = str(attrs, 'query_source')
  return {
    kind: 'api-request',
    record: {
      key,
      messageId: null,
      requestId,
      sessionId: sessionOf(attrs),
      // Telemetry does not say which project; '' until a transcript of the same request says.
      project: '',
      model: str(attrs, 'model') ?? 'unknown',
      timestamp: ctx.timestamp,
      inputTokens: input,
      outputTokens: output,
      cacheCreationTokens,
      cacheReadTokens: cacheRead ?? 0,
      cacheCreation5mTokens: split ? cc5m : null,
      cacheCreation1hTokens: split ? cc1h : null,
      costUsd: cost,
      durationMs: duration,
      gitBranch: null,
      version: str(ctx.resource, 'service.version'),
      isSidechain: querySource?.startsWith('agent:') ?? false,
      agentId: str(attrs, 'agent_id'),
      source: 'otlp',
      ttftMs: ttft,
      querySource,
      promptId: str(attrs, 'prompt.id'),
      userId: str(attrs, 'user.id'),
      userEmail: str(attrs, 'user.email'),
      organizationId: str(attrs, 'organization.id'),
      team: str(ctx.resource, 'team') ?? str(attrs, 'team'),
    },
  }
}

function apiError(ctx: EventContext): EventOutcome {
  const { attrs } = ctx
  const sessionId = sessionOf(attrs)
  const status = count(attrs, 'status_code')
  return {
    kind: 'api-error',
    record: {
      key: `err:${sessionId}:${ctx.occurrence}`,
      sessionId,
      promptId: str(attrs, 'prompt.id'),
      requestId: str(attrs, 'request_id'),
      timestamp: ctx.timestamp,
      model: str(attrs, 'model'),
      // Claude Code sends "undefined" when the error had no HTTP status (a network failure).
      statusCode: status ?? null,
      error: str(attrs, 'error'),
      attempt: count(attrs, 'attempt') ?? null,
      durationMs: count(attrs, 'duration_ms') ?? null,
    },
  }
}

function toolEvent(
  name: 'claude_code.tool_result' | 'claude_code.tool_decision',
  ctx: EventContext,
): EventOutcome {
  const { attrs } = ctx
  const toolName = str(attrs, 'tool_name')
  if (toolName === null) return { kind: 'invalid', reason: `${name} without tool_name` }
  const toolUseId = str(attrs, 'tool_use_id')
  const sessionId = sessionOf(attrs)
  const isResult = name === 'claude_code.tool_result'
  // A decision can only meet its result through the tool use id; without one the result row is the
  // tool call (it carries its own decision fields) and the decision stays raw.
  if (!isResult && toolUseId === null) return { kind: 'raw' }
  const duration = isResult ? count(attrs, 'duration_ms') : null
  const inputBytes = isResult ? count(attrs, 'tool_input_size_bytes') : null
  const resultBytes = isResult ? count(attrs, 'tool_result_size_bytes') : null
  if (duration === undefined || inputBytes === undefined || resultBytes === undefined)
    return { kind: 'invalid', reason: 'tool_result size or duration is not a non-negative integer' }
  return {
    kind: 'tool-call',
    record: {
      key: toolUseId === null ? `tool:${sessionId}:${ctx.occurrence}` : toolCallKey(toolUseId),
      sessionId,
      promptId: str(attrs, 'prompt.id'),
      requestId: str(attrs, 'request_id'),
      toolUseId,
      toolName,
      timestamp: ctx.timestamp,
      success: isResult ? bool(attrs, 'success') : null,
      durationMs: duration,
      inputBytes,
      resultBytes,
      error: isResult ? str(attrs, 'error') : null,
      decision: isResult ? str(attrs, 'decision_type') : str(attrs, 'decision'),
      decisionSource: isResult ? str(attrs, 'decision_source') : str(attrs, 'source'),
      toolSource: str(attrs, 'tool_source'),
    },
  }
}

function prompt(ctx: EventContext): EventOutcome {
  const { attrs } = ctx
  const length = count(attrs, 'prompt_length')
  if (length === null || length === undefined)
    return { kind: 'invalid', reason: 'user_prompt prompt_length is not a non-negative integer' }
  const sessionId = sessionOf(attrs)
  const promptId = str(attrs, 'prompt.id')
  const text = str(attrs, 'prompt')
  return {
    kind: 'prompt',
    record: {
      key: promptId === null ? `prompt:${sessionId}:${ctx.occurrence}` : `prompt:${promptId}`,
      sessionId,
      promptId,
      timestamp: ctx.timestamp,
      length,
      text: ctx.storePrompts && text !== null && text !== REDACTED ? text : null,
      commandName: str(attrs, 'command_name'),
    },
  }
}

/** Attributes that can carry conversation content: kept out of the raw log unless allowed. */
export function redactContent(attrs: Attributes, storePrompts: boolean): Attributes {
  let out: Attributes | undefined
  for (const key of contentKeys) {
    if (!(key in attrs) || attrs[key] === REDACTED) continue
    if (storePrompts && (key === 'prompt' || key === 'prompt_text')) continue
    out ??= { ...attrs }
    out[key] = REDACTED
  }
  return out ?? attrs
}

const contentKeys = ['prompt', 'prompt_text', 'response', 'tool_parameters', 'tool_input', 'tool_output']
