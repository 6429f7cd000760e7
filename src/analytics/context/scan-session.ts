// Pure, streaming: reads a session's records one at a time (in file order) and keeps only sizes, hashes
// and positions, never the content, so a multi-GB transcript is analysed in bounded memory.
// What the model sees is the main thread after the last compaction (plus the messages the compaction
// preserved); sub-agent lines (isSidechain) are the sub-agents' own context, not the parent's.

import { isObject, type JsonObject, optionalString, tokenCount } from '../../model/transcript-schema.ts'
import { type ContentBlock, contentBlocks, isPrompt } from './content-blocks.ts'
import { type Compaction, type ContentKind, contentKinds, type LineSkipReason } from './context-types.ts'
import { memorySegments } from './memory-files.ts'
import { inputOf, preservedUuids, timestampOf } from './record-fields.ts'
import { isCleanerMarker } from './rewrite-record.ts'
import { describeToolCall, type ToolCall } from './tool-calls.ts'
import { createUseTracker, type UseTrackerSnapshot } from './use-tracker.ts'

/** Tool outputs shorter than this are never reported as duplicates: repeating them costs little. */
const DUPLICATE_MIN_CHARS = 200
/** Tool outputs this long are checked for whether anything later refers to them. */
export const UNUSED_MIN_CHARS = 8_000

export interface TrackedBlock extends Omit<ContentBlock, 'text'> {
  key: string
  line: number
  uuid: string | null
  timestamp: number | null
  live: boolean
  /** 0 before the first prompt; the n-th prompt starts turn n. */
  turn: number
  /** Content hash and size of tool results, for spotting identical outputs. */
  digest: string | null
  /** Already replaced by a Context Cleaner marker (this is a cleaned copy). */
  cleaned: boolean
}

export interface RequestSample {
  line: number
  timestamp: number | null
  requestId: string | null
  model: string
  inputTokens: number
  cacheReadTokens: number
  cacheCreationTokens: number
  outputTokens: number
  /** Cache writes by TTL, when the usage has Claude Code's `cache_creation` split. */
  cacheWrite5mTokens: number
  cacheWrite1hTokens: number
  /** Characters of live content by kind (in `contentKinds` order) when the request was sent. */
  charsByKind: number[]
  chars: number
  era: number
}

export interface AgentResult {
  agentId: string
  toolUseId: string | null
  totalTokens: number
  resultChars: number
}

export interface SessionScan {
  sessionId: string | null
  cwd: string | null
  /** Claude Code version that wrote the newest record that names one (`version`). */
  version: string | null
  model: string | null
  requestedModel: string | null
  betas: Set<string>
  blocks: TrackedBlock[]
  calls: Map<string, ToolCall>
  requests: RequestSample[]
  compactions: Compaction[]
  agents: Map<string, AgentResult>
  /** Line of each prompt that starts a turn. */
  turnStarts: number[]
  unused: Set<string>
  /** Characters of the system prompt and tool definitions, from Claude Code's request-shape log. */
  shapeChars: number
  shapeTools: { name: string; chars: number }[]
  toolsUsed: Set<string>
  /** Tool results already replaced by Context Cleaner: request sizes before them are historical. */
  cleanedBlocks: number
  /** CLAUDE.md files sent as reminders: the latest copy of each, and the block it is in. */
  memoryFiles: Map<string, { chars: number; key: string }>
  lines: { total: number; records: number; skipped: Record<LineSkipReason, number> }
}

export interface SessionScanner {
  add(record: unknown, line: number): void
  skip(line: number, reason: LineSkipReason): void
  finish(): SessionScan
  /**
   * Everything it has gathered, as plain JSON data: a scanner created with it (`resume`) goes on from
   * here, so a transcript that grows is scanned once, a piece per process (the statusline does so).
   */
  snapshot(): ScannerSnapshot
}

type SetsAndMaps = 'betas' | 'calls' | 'agents' | 'unused' | 'toolsUsed' | 'memoryFiles'

export interface ScannerSnapshot {
  scan: Omit<SessionScan, SetsAndMaps> & {
    betas: string[]
    calls: [string, ToolCall][]
    agents: [string, AgentResult][]
    unused: string[]
    toolsUsed: string[]
    memoryFiles: [string, { chars: number; key: string }][]
  }
  tracker: UseTrackerSnapshot
  seenRequests: string[]
  liveChars: number[]
  era: number
}

function scanOf(saved: ScannerSnapshot['scan']): SessionScan {
  return {
    ...saved,
    betas: new Set(saved.betas),
    calls: new Map(saved.calls),
    agents: new Map(saved.agents),
    unused: new Set(saved.unused),
    toolsUsed: new Set(saved.toolsUsed),
    memoryFiles: new Map(saved.memoryFiles),
  }
}

const kindIndex = new Map<ContentKind, number>(contentKinds.map((k, i) => [k, i]))

export interface ScannerOptions {
  /** The transcript is a sub-agent's own file: its sidechain lines are its main thread. */
  subagent?: boolean
  /** Go on from a scanner's snapshot, with the lines after those it had seen. */
  resume?: ScannerSnapshot
}

export function createSessionScanner(options: ScannerOptions = {}): SessionScanner {
  const own = options.subagent === true
  const from = options.resume
  const scan: SessionScan = from
    ? scanOf(from.scan)
    : {
        sessionId: null,
        cwd: null,
        version: null,
        model: null,
        requestedModel: null,
        betas: new Set(),
        blocks: [],
        calls: new Map(),
        requests: [],
        compactions: [],
        agents: new Map(),
        turnStarts: [],
        unused: new Set(),
        shapeChars: 0,
        shapeTools: [],
        toolsUsed: new Set(),
        cleanedBlocks: 0,
        memoryFiles: new Map(),
        lines: {
          total: 0,
          records: 0,
          skipped: { 'invalid-json': 0, 'not-an-object': 0, 'line-too-long': 0 },
        },
      }
  const tracker = createUseTracker(from?.tracker)
  const seenRequests = new Set<string>(from?.seenRequests)
  let liveChars = from ? [...from.liveChars] : contentKinds.map(() => 0)
  let era = from?.era ?? 0

  const onCompaction = (record: JsonObject, line: number) => {
    const meta = isObject(record.compactMetadata) ? record.compactMetadata : {}
    scan.compactions.push({
      source: 'compact-boundary',
      line,
      uuid: optionalString(record.uuid),
      timestamp: timestampOf(record),
      trigger: optionalString(meta.trigger),
      preTokens: typeof meta.preTokens === 'number' ? meta.preTokens : null,
      postTokens: typeof meta.postTokens === 'number' ? meta.postTokens : null,
    })
    const preserved = preservedUuids(meta)
    era++
    liveChars = contentKinds.map(() => 0)
    for (const b of scan.blocks) {
      b.live = b.uuid !== null && preserved.has(b.uuid)
      if (b.live) liveChars[kindIndex.get(b.kind) ?? 0]! += b.chars
    }
  }

  const onRequest = (record: JsonObject, message: JsonObject, line: number) => {
    const model = optionalString(message.model)
    const usage = message.usage
    if (model === null || model === '<synthetic>' || !isObject(usage)) return
    const requestId = optionalString(record.requestId)
    const key = requestId ?? optionalString(message.id)
    if (key === null || seenRequests.has(key)) return
    seenRequests.add(key)
    scan.model = model
    scan.requestedModel = optionalString(record.requestedModel) ?? scan.requestedModel
    tracker.startResponse()
    scan.requests.push({
      line,
      timestamp: timestampOf(record),
      requestId,
      model,
      inputTokens: tokenCount(usage.input_tokens) ?? 0,
      cacheReadTokens: tokenCount(usage.cache_read_input_tokens) ?? 0,
      cacheCreationTokens: tokenCount(usage.cache_creation_input_tokens) ?? 0,
      outputTokens: tokenCount(usage.output_tokens) ?? 0,
      ...cacheWrites(usage),
      charsByKind: [...liveChars],
      chars: liveChars.reduce((a, b) => a + b, 0),
      era,
    })
  }

  const track = (record: JsonObject, block: ContentBlock, text: string | null, line: number) => {
    const uuid = optionalString(record.uuid)
    const tracked: TrackedBlock = {
      kind: block.kind,
      index: block.index,
      chars: block.chars,
      tool: block.tool,
      toolUseId: block.toolUseId,
      isError: block.isError,
      key: `${line}:${block.index}`,
      line,
      uuid,
      timestamp: timestampOf(record),
      live: true,
      turn: scan.turnStarts.length,
      digest: null,
      cleaned: false,
    }
    if (block.kind === 'tool-use' && block.toolUseId !== null) {
      const call = describeToolCall({
        toolUseId: block.toolUseId,
        name: block.tool ?? 'unknown',
        input: inputOf(record, block.index),
        cwd: scan.cwd,
        line,
        uuid,
        timestamp: tracked.timestamp,
      })
      scan.calls.set(block.toolUseId, call)
      scan.toolsUsed.add(block.tool ?? '')
    }
    if (block.kind === 'tool-result' && block.toolUseId !== null) {
      tracked.tool = scan.calls.get(block.toolUseId)?.name ?? block.tool ?? 'unknown'
      tracked.cleaned = text !== null && isCleanerMarker(text)
      if (tracked.cleaned) scan.cleanedBlocks++
      if (text !== null && block.chars >= DUPLICATE_MIN_CHARS)
        tracked.digest = `${Bun.hash(text)}:${block.chars}`
      if (text !== null && block.chars >= UNUSED_MIN_CHARS && !block.isError) tracker.watch(tracked.key, text)
      noteAgent(scan, record, block)
    }
    if (text !== null && (block.kind === 'attachment' || block.kind === 'user-prompt'))
      for (const m of memorySegments(text)) scan.memoryFiles.set(m.path, { chars: m.chars, key: tracked.key })
    if (
      text !== null &&
      (block.kind === 'assistant-text' || block.kind === 'thinking' || block.kind === 'tool-use')
    )
      tracker.noteAssistant(text)
    liveChars[kindIndex.get(block.kind) ?? 0]! += block.chars
    scan.blocks.push(tracked)
  }

  return {
    add(record, line) {
      scan.lines.total = Math.max(scan.lines.total, line)
      if (!isObject(record)) {
        scan.lines.skipped['not-an-object']++
        return
      }
      scan.lines.records++
      noteSessionFields(scan, record)
      const type = record.type
      if (type === 'api-request-shape') return noteShape(scan, record.shape)
      if (type === 'api-request') return noteBetas(scan, record.params)
      if (type === 'tools-used' && Array.isArray(record.tools)) {
        for (const t of record.tools) if (typeof t === 'string') scan.toolsUsed.add(t)
        return
      }
      if (type === 'summary') {
        scan.compactions.push({
          source: 'summary',
          line,
          uuid: null,
          timestamp: null,
          trigger: null,
          preTokens: null,
          postTokens: null,
        })
        return
      }
      if (type === 'system' && record.subtype === 'compact_boundary') return onCompaction(record, line)
      if (record.isSidechain === true && !own) return
      const blocks = contentBlocks(record)
      if (type === 'assistant' && isObject(record.message)) onRequest(record, record.message, line)
      if (isPrompt(record, blocks)) scan.turnStarts.push(line)
      for (const block of blocks) track(record, block, block.text, line)
    },
    skip(line, reason) {
      scan.lines.total = Math.max(scan.lines.total, line)
      scan.lines.skipped[reason]++
    },
    finish() {
      scan.unused = tracker.unused(2)
      return scan
    },
    snapshot: () => ({
      scan: {
        ...scan,
        betas: [...scan.betas],
        calls: [...scan.calls],
        agents: [...scan.agents],
        unused: [...scan.unused],
        toolsUsed: [...scan.toolsUsed],
        memoryFiles: [...scan.memoryFiles],
      },
      tracker: tracker.snapshot(),
      seenRequests: [...seenRequests],
      liveChars: [...liveChars],
      era,
    }),
  }
}

function cacheWrites(usage: JsonObject): { cacheWrite5mTokens: number; cacheWrite1hTokens: number } {
  const split = isObject(usage.cache_creation) ? usage.cache_creation : {}
  return {
    cacheWrite5mTokens: tokenCount(split.ephemeral_5m_input_tokens) ?? 0,
    cacheWrite1hTokens: tokenCount(split.ephemeral_1h_input_tokens) ?? 0,
  }
}

function noteSessionFields(scan: SessionScan, record: JsonObject): void {
  scan.sessionId ??= record.isSidechain === true ? null : optionalString(record.sessionId)
  if (record.isSidechain !== true) scan.cwd = optionalString(record.cwd) ?? scan.cwd
  scan.version = optionalString(record.version) ?? scan.version
}

function noteShape(scan: SessionScan, shape: unknown): void {
  if (!isObject(shape)) return
  const tools = Array.isArray(shape.tools) ? shape.tools : []
  scan.shapeTools = tools.map((t: unknown) => ({
    name: isObject(t) && typeof t.name === 'string' ? t.name : 'unknown',
    chars: JSON.stringify(t).length,
  }))
  scan.shapeChars =
    JSON.stringify(shape.system ?? '').length + scan.shapeTools.reduce((n, t) => n + t.chars, 0)
}

function noteBetas(scan: SessionScan, params: unknown): void {
  if (!isObject(params) || !Array.isArray(params.betas)) return
  for (const b of params.betas) if (typeof b === 'string') scan.betas.add(b)
}

function noteAgent(scan: SessionScan, record: JsonObject, block: ContentBlock): void {
  const result = record.toolUseResult
  if (!isObject(result)) return
  const agentId = optionalString(result.agentId)
  if (agentId === null) return
  scan.agents.set(agentId, {
    agentId,
    toolUseId: block.toolUseId,
    totalTokens: tokenCount(result.totalTokens) ?? 0,
    resultChars: block.chars,
  })
}
