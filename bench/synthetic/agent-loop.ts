// The agentic loop of one conversation (main or sub-agent): API calls written as one line per content
// block sharing message.id and requestId, tool results fed back, prompt caching and compaction
// modelled so the usage numbers move the way real ones do (cache reads grow with the context, a cold
// cache after an idle gap is written again, long sessions compact).

import { join } from 'node:path'
import type { ExpectedTotalsBuilder, ResponseUsage } from './expected-totals.ts'
import { hasCacheSplit, relaysProgress, subagentModel } from './history-calendar.ts'
import type { HistoryStats } from './jsonl-file.ts'
import { JsonlFile } from './jsonl-file.ts'
import {
  assistantRecord,
  type Envelope,
  progressLine,
  syntheticLine,
  systemLine,
  toolResultLine,
  usageObject,
  userPromptLine,
} from './line-builders.ts'
import type { Random } from './random.ts'
import type { TextCorpus } from './text-corpus.ts'
import { makeToolCall, pickTool } from './tool-calls.ts'

export interface GeneratorContext {
  projectsDir: string
  text: TextCorpus
  expected: ExpectedTotalsBuilder
  stats: HistoryStats
}

export interface Conversation {
  file: JsonlFile
  env: Envelope
  /** Folder of the session under projects/ (sub-agents go below it). */
  projectDir: string
  rng: Random
  model: string
  ttl1h: boolean
  compactAt: number
  systemTokens: number
  /** Prompt tokens of the last call (what the next call can read from cache). */
  context: number
  /** Tokens added since the last call: prompt, tool results, the last output. */
  pending: number
  lastCall: number
  parent: string | null
  t: number
  /** Where sub-agent turns are relayed as progress lines (Claude Code 2.1). */
  relay?: { conv: Conversation; agentId: string; prompt: string; toolUseId: string }
}

const tokensOf = (chars: number) => Math.ceil(chars / 3.6)

function line(conv: Conversation, gapMs: number) {
  conv.t += gapMs
  const meta = { parentUuid: conv.parent, uuid: conv.rng.uuid(), timestamp: conv.t }
  conv.parent = meta.uuid
  return meta
}

export function writePrompt(conv: Conversation, text: string, gapMs: number): void {
  conv.file.push(userPromptLine(conv.env, line(conv, gapMs), text), 'user')
  conv.pending += tokensOf(text.length)
}

function usageFor(conv: Conversation, outputTokens: number): ResponseUsage {
  const { rng } = conv
  const warm = conv.t - conv.lastCall < (conv.ttl1h ? 3_600_000 : 300_000)
  const cacheReadTokens = warm
    ? conv.context
    : rng.chance(0.5)
      ? Math.min(conv.systemTokens, conv.context)
      : 0
  const cacheCreationTokens = conv.context + conv.pending - cacheReadTokens
  const inputTokens = rng.chance(0.9) ? rng.int(1, 12) : rng.int(100, 8000)
  let h1 = 0
  if (conv.ttl1h) h1 = rng.chance(0.8) ? cacheCreationTokens : Math.floor(cacheCreationTokens * rng.next())
  return {
    inputTokens,
    outputTokens,
    cacheCreationTokens,
    cacheCreation5mTokens: cacheCreationTokens - h1,
    cacheCreation1hTokens: h1,
    cacheReadTokens,
  }
}

interface PlannedTool {
  id: string
  block: { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> }
  result?: string
  toolUseResult?: unknown
}

/** One API call; returns the tool calls it made (none on a final answer). */
function callApi(conv: Conversation, ctx: GeneratorContext, final: boolean): PlannedTool[] {
  const { rng } = conv
  const { text } = ctx
  const blocks: unknown[] = []
  let chars = 0
  if (rng.chance(0.4)) {
    const thinking = text.slice(rng, rng.logNormal(700, 0.9))
    blocks.push({ type: 'thinking', thinking, signature: rng.base62(rng.int(300, 1400)) })
    chars += thinking.length
  }
  if (final || rng.chance(0.6)) {
    const answer = text.slice(rng, rng.logNormal(final ? 600 : 200, 1.0))
    blocks.push({ type: 'text', text: answer })
    chars += answer.length
  }
  const tools: PlannedTool[] = []
  const toolCount = final ? 0 : 1 + rng.weighted([80, 15, 5])
  for (let i = 0; i < toolCount; i++) {
    const id = `toolu_01${rng.base62(22)}`
    const name = pickTool(rng, conv.env.agentId !== undefined)
    if (name === 'Task') {
      const input = {
        description: 'Explore the code',
        prompt: text.slice(rng, rng.logNormal(500, 0.6)),
        subagent_type: rng.pick(['Explore', 'general-purpose', 'Plan']),
      }
      tools.push({ id, block: { type: 'tool_use', id, name, input } })
      chars += input.prompt.length
      continue
    }
    const call = makeToolCall(name, rng, text, conv.env.cwd)
    tools.push({
      id,
      block: { type: 'tool_use', id, name, input: call.input },
      result: call.result,
      toolUseResult: call.toolUseResult,
    })
    chars += JSON.stringify(call.input).length
  }
  for (const t of tools) blocks.push(t.block)

  const outputTokens = tokensOf(chars) + rng.int(5, 80)
  const usage = usageFor(conv, outputTokens)
  const msg = {
    id: `msg_01${rng.base62(22)}`,
    model: conv.model,
    requestId: `req_011C${rng.base62(20)}`,
    usage: usageObject(usage, hasCacheSplit(conv.t)),
  }
  const started = conv.t + rng.int(1500, 9000)
  conv.t = started
  blocks.forEach((block, i) => {
    const last = i === blocks.length - 1
    const record = assistantRecord(
      conv.env,
      line(conv, i === 0 ? 0 : rng.int(20, 400)),
      msg,
      block,
      last ? (final ? 'end_turn' : 'tool_use') : null,
    )
    conv.file.push(JSON.stringify(record), 'assistant')
    ctx.stats.usageLines++
    const relay = conv.relay
    if (relay) {
      const meta = line(relay.conv, 0)
      relay.conv.file.push(
        progressLine(relay.conv.env, meta, record, relay.agentId, relay.prompt, relay.toolUseId),
        'progress',
      )
      ctx.stats.usageLines++
      ctx.stats.progressLines++
    }
  })
  ctx.expected.add(conv.model, started, usage)
  ctx.stats.uniqueResponses++
  conv.context = usage.cacheReadTokens + usage.cacheCreationTokens + usage.inputTokens
  conv.pending = outputTokens
  conv.lastCall = started
  conv.t += outputTokens * 12
  return tools
}

/** `steps` API calls, the last one a final answer; tool results (and sub-agents) in between. */
export function runAgentLoop(conv: Conversation, ctx: GeneratorContext, steps: number): void {
  const { rng } = conv
  for (let step = 0; step < steps; step++) {
    const final = step === steps - 1
    if (rng.chance(0.004)) {
      const text = rng.chance(0.7)
        ? 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'
        : 'No response requested.'
      conv.file.push(syntheticLine(conv.env, line(conv, rng.int(500, 5000)), rng.uuid(), text), 'assistant')
      ctx.stats.syntheticLines++
    }
    const tools = callApi(conv, ctx, final)
    for (const tool of tools) {
      if (tool.result === undefined) runSubagent(conv, ctx, tool)
      const result = tool.result ?? ''
      const meta = line(conv, rng.int(50, 1500) + (tool.block.name === 'Bash' ? rng.int(0, 60_000) : 0))
      conv.file.push(toolResultLine(conv.env, meta, tool.id, result, tool.toolUseResult), 'user')
      conv.pending += tokensOf(result.length)
    }
    if (conv.context > conv.compactAt) compact(conv, ctx)
  }
}

function compact(conv: Conversation, ctx: GeneratorContext): void {
  const { rng } = conv
  const meta = line(conv, rng.int(20_000, 90_000))
  conv.file.push(
    systemLine(conv.env, meta, 'compact_boundary', 'Conversation compacted', {
      compactMetadata: { trigger: 'auto', preTokens: conv.context },
    }),
    'system',
  )
  writePrompt(
    conv,
    `This session is being continued from a previous conversation that ran out of context.\n${ctx.text.slice(rng, rng.logNormal(8000, 0.4))}`,
    5,
  )
  conv.context = conv.systemTokens
  conv.lastCall = 0
}

function runSubagent(parent: Conversation, ctx: GeneratorContext, tool: PlannedTool): void {
  const { rng } = parent
  const relays = relaysProgress(parent.t)
  const agentId = rng.hex(relays ? 17 : 8)
  const prompt = String(tool.block.input.prompt)
  const path = join(
    ctx.projectsDir,
    parent.projectDir,
    parent.env.sessionId,
    'subagents',
    `agent-${agentId}.jsonl`,
  )
  const conv: Conversation = {
    file: new JsonlFile(path, ctx.stats),
    env: { ...parent.env, agentId },
    projectDir: parent.projectDir,
    rng,
    model: subagentModel(rng, parent.t, parent.model),
    ttl1h: parent.ttl1h,
    compactAt: 160_000,
    systemTokens: rng.int(6000, 11_000),
    context: 0,
    pending: 0,
    lastCall: 0,
    parent: null,
    t: parent.t,
    ...(relays ? { relay: { conv: parent, agentId, prompt, toolUseId: tool.id } } : {}),
  }
  conv.context = conv.systemTokens
  ctx.stats.subagentFiles++
  writePrompt(conv, prompt, rng.int(100, 900))
  const before = ctx.stats.uniqueResponses
  const started = conv.t
  runAgentLoop(conv, ctx, 2 + Math.min(30, Math.floor(rng.logNormal(5, 0.7))))
  conv.file.close()
  parent.t = conv.t
  const report = ctx.text.slice(rng, rng.logNormal(1800, 0.6))
  tool.result = report
  tool.toolUseResult = {
    status: 'completed',
    prompt,
    agentId,
    content: [{ type: 'text', text: report }],
    totalDurationMs: conv.t - started,
    totalTokens: conv.context,
    totalToolUseCount: ctx.stats.uniqueResponses - before - 1,
    // Task results carry the sub-agent's last usage: a user line mentioning "usage" that is no API call.
    usage: {
      input_tokens: 3,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: conv.context,
      output_tokens: 200,
      service_tier: 'standard',
    },
  }
}
