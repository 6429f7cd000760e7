// Pure: a scanned session to its context analysis: size and growth per request, what fills the window,
// findings, health and recommendations. Token figures are calibrated so that the estimated parts of a
// request add up to the size the API reported for it.

import { calibrate, contextTokens, type ExactCounts } from './calibrate-tokens.ts'
import { detectCacheTtl } from './cleaning-cost.ts'
import {
  type CompositionPart,
  type ContentKind,
  type ContextAnalysis,
  contentKinds,
  type RequestPoint,
  type SubagentSummary,
  type ToolShare,
} from './context-types.ts'
import { detectFindings } from './detect-findings.ts'
import { healthScore } from './health-score.ts'
import { contextWindow } from './model-window.ts'
import type { ToolUseSite } from './protect-recent.ts'
import { recommend } from './recommend.ts'
import { createSessionScanner, type SessionScan, type TrackedBlock } from './scan-session.ts'

const GROWTH_WINDOW = 10

/** What a sub-agent's own transcript says about it (requests, sizes). */
export interface SubagentFileStats {
  requests: number
  peakContextTokens: number
  totalTokens: number
}

export interface AnalyzeOptions {
  exact?: ExactCounts
  subagents?: ReadonlyMap<string, SubagentFileStats>
}

export function analyzeRecords(records: Iterable<unknown>, options: AnalyzeOptions = {}): ContextAnalysis {
  const scanner = createSessionScanner()
  let line = 0
  for (const r of records) scanner.add(r, ++line)
  return analyzeScan(scanner.finish(), options)
}

export function analyzeScan(scan: SessionScan, options: AnalyzeOptions = {}): ContextAnalysis {
  const calibration = calibrate(scan, options.exact)
  const system = calibration.systemTokens
  const live = scan.blocks.filter((b) => b.live)
  const liveChars = live.reduce((n, b) => n + b.chars, 0)
  const last = scan.requests.at(-1)
  const era = scan.compactions.filter((c) => c.source === 'compact-boundary').length
  // A cleaned copy's recorded sizes predate the cleaning, so its size is estimated from its content.
  const current =
    last !== undefined && last.era === era && scan.cleanedBlocks === 0
      ? contextTokens(last) + Math.max(0, liveChars - last.chars) / calibration.charsPerToken
      : system + liveChars / calibration.charsPerToken
  // Spread what the request reported over the characters it carried, within plausible bounds.
  const perChar =
    options.exact === undefined && liveChars > 0
      ? clamp((current - system) / liveChars, 1 / 8, 1 / 1.5)
      : 1 / calibration.charsPerToken
  const tokensOf = (b: TrackedBlock) => options.exact?.get(b.key) ?? Math.round(b.chars * perChar)

  const peakContext = scan.requests.reduce((m, r) => Math.max(m, contextTokens(r)), 0)
  const window = contextWindow({
    model: scan.requestedModel ?? scan.model,
    betas: [...scan.betas],
    peakContextTokens: peakContext,
  })
  const requests = requestPoints(scan, system, window.tokens)
  const peak = requests.reduce<RequestPoint | null>(
    (p, r) => (p && p.contextTokens >= r.contextTokens ? p : r),
    null,
  )
  const findings = detectFindings(scan, tokensOf)
  const composition = compose(live, tokensOf, system)
  const contentTokens = composition.reduce((n, p) => n + (p.kind === 'system-and-tools' ? 0 : p.tokens), 0)
  const growthRate = growthPerRequest(requests)
  const room = window.tokens - current
  const requestsUntilFull = growthRate > 0 ? Math.max(0, Math.floor(room / growthRate)) : null
  const utilization = current / window.tokens
  const toolUses = toolUseSites(live)
  const ttl = detectCacheTtl(scan.requests)

  return {
    sessionId: scan.sessionId,
    cwd: scan.cwd,
    model: scan.model,
    window,
    current: { contextTokens: Math.round(current), utilization: round4(utilization) },
    // "Now" counts what was added since the last request (the next one sends it); when that is the
    // largest the context has been, it is the peak too, so a peak never reads smaller than now.
    peak:
      peak !== null && peak.contextTokens >= Math.round(current)
        ? {
            contextTokens: peak.contextTokens,
            utilization: round4(peak.contextTokens / window.tokens),
            line: peak.line,
          }
        : { contextTokens: Math.round(current), utilization: round4(utilization), line: null },
    growth: { tokensPerRequest: Math.round(growthRate), requestsUntilFull },
    requests,
    compactions: scan.compactions,
    subagents: subagents(scan, options.subagents, perChar),
    composition,
    calibration: { ...calibration, charsPerToken: round4(calibration.charsPerToken) },
    findings,
    health: healthScore({ utilization, contentTokens, findings, requestsUntilFull }),
    recommendations: recommend({
      sessionId: scan.sessionId,
      utilization,
      contentTokens,
      compactions: era,
      findings,
      turnStarts: scan.turnStarts,
      toolUses,
      recentFiles: recentlyChanged(scan),
      memoryFiles: [...scan.memoryFiles]
        .filter(([, m]) => live.some((b) => b.key === m.key))
        .map(([path, m]) => ({ path, tokens: Math.round(m.chars * perChar) })),
      unusedMcpServers: unusedMcpServers(scan, perChar),
    }),
    turns: scan.turnStarts.length,
    turnStarts: scan.turnStarts,
    toolUses,
    cache: { ttl: ttl.ttl, ttlSource: ttl.source, lastRequestAt: last?.timestamp ?? null },
    claudeCodeVersion: scan.version,
    lines: scan.lines,
  }
}

function toolUseSites(live: readonly TrackedBlock[]): ToolUseSite[] {
  return live.flatMap((b) =>
    b.kind === 'tool-use' && b.toolUseId !== null
      ? [{ toolUseId: b.toolUseId, line: b.line, tool: b.tool ?? 'unknown', inputChars: b.chars }]
      : [],
  )
}

function requestPoints(scan: SessionScan, system: number, windowTokens: number): RequestPoint[] {
  let previous: number | null = null
  return scan.requests.map((r, index) => {
    const total = contextTokens(r)
    const sys = Math.min(system, total)
    const byKind = Object.fromEntries(contentKinds.map((k) => [k, 0])) as Record<ContentKind, number>
    byKind['system-and-tools'] = sys
    contentKinds.forEach((k, i) => {
      if (k !== 'system-and-tools' && r.chars > 0)
        byKind[k] += Math.round(((total - sys) * (r.charsByKind[i] ?? 0)) / r.chars)
    })
    const growth = previous === null ? 0 : total - previous
    previous = total
    return {
      index,
      line: r.line,
      timestamp: r.timestamp,
      requestId: r.requestId,
      model: r.model,
      contextTokens: total,
      inputTokens: r.inputTokens,
      cacheReadTokens: r.cacheReadTokens,
      cacheCreationTokens: r.cacheCreationTokens,
      outputTokens: r.outputTokens,
      utilization: round4(total / windowTokens),
      growth,
      byKind,
    }
  })
}

function compose(live: readonly TrackedBlock[], tokensOf: (b: TrackedBlock) => number, system: number) {
  const parts = new Map<ContentKind, CompositionPart>(
    contentKinds.map((kind) => [kind, { kind, tokens: 0, chars: 0, items: 0, share: 0, byTool: [] }]),
  )
  const tools = new Map<string, ToolShare>()
  for (const b of live) {
    const part = parts.get(b.kind)!
    const tokens = tokensOf(b)
    part.tokens += tokens
    part.chars += b.chars
    part.items++
    if (b.kind !== 'tool-result' && b.kind !== 'tool-use') continue
    const key = `${b.kind}\0${b.tool ?? 'unknown'}`
    const share = tools.get(key) ?? { tool: b.tool ?? 'unknown', tokens: 0, chars: 0, items: 0 }
    share.tokens += tokens
    share.chars += b.chars
    share.items++
    tools.set(key, share)
  }
  const sys = parts.get('system-and-tools')!
  sys.tokens = system
  sys.items = system > 0 ? 1 : 0
  const total = Math.max(
    1,
    [...parts.values()].reduce((n, p) => n + p.tokens, 0),
  )
  for (const [key, share] of tools)
    parts.get(key.startsWith('tool-use') ? 'tool-use' : 'tool-result')!.byTool.push(share)
  for (const p of parts.values()) {
    p.share = round4(p.tokens / total)
    p.byTool.sort((a, b) => b.tokens - a.tokens)
  }
  return [...parts.values()]
}

// Average growth per request over the recent ones, ignoring the drop a compaction causes.
function growthPerRequest(requests: readonly RequestPoint[]): number {
  const recent = requests
    .slice(-GROWTH_WINDOW - 1)
    .slice(1)
    .filter((r) => r.growth > 0)
  const count = Math.min(GROWTH_WINDOW, Math.max(0, requests.length - 1))
  return count === 0 ? 0 : recent.reduce((n, r) => n + r.growth, 0) / count
}

function subagents(
  scan: SessionScan,
  files: ReadonlyMap<string, SubagentFileStats> | undefined,
  perChar: number,
): SubagentSummary[] {
  const ids = new Set([...scan.agents.keys(), ...(files?.keys() ?? [])])
  return [...ids].sort().map((agentId) => {
    const fromParent = scan.agents.get(agentId)
    const fromFile = files?.get(agentId)
    return {
      agentId,
      toolUseId: fromParent?.toolUseId ?? null,
      requests: fromFile?.requests ?? 0,
      peakContextTokens: fromFile?.peakContextTokens ?? 0,
      totalTokens: fromFile?.totalTokens ?? fromParent?.totalTokens ?? 0,
      resultTokens: Math.round((fromParent?.resultChars ?? 0) * perChar),
    }
  })
}

/** What a sub-agent's own transcript says, for merging into its parent's analysis. */
export function subagentFileStats(scan: SessionScan): SubagentFileStats {
  return {
    requests: scan.requests.length,
    peakContextTokens: scan.requests.reduce((m, r) => Math.max(m, contextTokens(r)), 0),
    totalTokens: scan.requests.reduce((n, r) => n + contextTokens(r) + r.outputTokens, 0),
  }
}

function recentlyChanged(scan: SessionScan): string[] {
  const files: string[] = []
  for (const call of [...scan.calls.values()].reverse()) {
    if ((call.effect === 'edit' || call.effect === 'write') && call.target && !files.includes(call.target))
      files.push(call.target)
  }
  return files
}

function unusedMcpServers(scan: SessionScan, perChar: number) {
  const servers = new Map<string, { server: string; tools: number; tokens: number; used: boolean }>()
  for (const t of scan.shapeTools) {
    const match = /^mcp__(.+?)__/.exec(t.name)
    if (!match?.[1]) continue
    const s = servers.get(match[1]) ?? { server: match[1], tools: 0, tokens: 0, used: false }
    s.tools++
    s.tokens += Math.round(t.chars * perChar)
    s.used ||= scan.toolsUsed.has(t.name)
    servers.set(match[1], s)
  }
  return [...servers.values()].filter((s) => !s.used).map(({ used: _, ...s }) => s)
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))
const round4 = (v: number) => Math.round(v * 10_000) / 10_000
