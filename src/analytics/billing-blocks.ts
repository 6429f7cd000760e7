// Pure: Claude's 5-hour usage windows. A block starts at the hour of its first request and ends
// 5 hours later; a request after the block's end, or after a 5-hour silence, starts a new one.
//
// Blocks are made from spans: one request, or the requests of one hour summed (a rollup group, with
// its first and last timestamps). Block starts and ends fall on the hour and a silence of 5 hours
// cannot hide inside an hour, so hourly sums give the blocks requests give, except when a block ends
// at a request's exact millisecond and the same hour holds later ones: then the hour would belong to
// two blocks, and the caller reads requests instead.

import type { TokenCounts } from '../model/records.ts'
import type { UsageEvent, UsageGroup } from '../store/usage-types.ts'
import type { CostModel } from './cost-model.ts'

export const BLOCK_MS = 5 * 60 * 60 * 1000
/**
 * The least span of activity (first to last request of the block) a burn rate and projection are
 * drawn from: nine requests in 2 s once projected $1,385 per block. Below it the block says so.
 */
export const MIN_PROJECTION_SPAN_MS = 10 * 60 * 1000
const HOUR_MS = 60 * 60 * 1000

export interface BlockTokenCounts {
  inputTokens: number
  outputTokens: number
  cacheCreationInputTokens: number
  cacheReadInputTokens: number
}

export interface BillingBlock {
  id: string
  startTime: string
  endTime: string
  actualEndTime: string | null
  isActive: boolean
  isGap: boolean
  entries: number
  tokenCounts: BlockTokenCounts
  totalTokens: number
  costUSD: number
  models: string[]
  unpricedModels: string[]
  burnRate: { tokensPerMinute: number; costPerHour: number } | null
  projection: { totalTokens: number; totalCost: number; remainingMinutes: number } | null
  /** Minutes from the block's first request to its last. */
  activeMinutes: number
  /** Active, but its activity spans less than MIN_PROJECTION_SPAN_MS: no burn rate or projection yet. */
  tooLittleActivity: boolean
}

/** Requests summed over a stretch inside one hour: one request, or one hourly group. */
interface UsageSpan extends TokenCounts {
  first: number
  last: number
  requests: number
  model: string
  cacheCreation1hTokens: number
  /** The source's own cost figure (all of the span's requests have one), else null: priced here. */
  costUsd: number | null
  longContext: boolean
}

export function buildBillingBlocks(
  events: readonly UsageEvent[],
  costs: CostModel,
  now: number,
): BillingBlock[] {
  const spans = events.map((e) => ({ ...e, first: e.timestamp, last: e.timestamp, requests: 1 }))
  // A single request is never on both sides of a block's end.
  return blocksOf(spans, costs, now) ?? []
}

/**
 * The blocks of hourly usage groups (bucket = the hour); null when an hour straddles a block's end
 * (see the top of this file), for the caller to use `buildBillingBlocks` on requests instead.
 */
export function billingBlocksFromHours(
  groups: readonly UsageGroup[],
  costs: CostModel,
  now: number,
): BillingBlock[] | null {
  const spans = groups
    .map((g) => ({
      ...g,
      first: g.firstTimestamp,
      last: g.lastTimestamp,
      costUsd: g.hasCost ? g.costUsd : null,
    }))
    .sort((a, b) => a.first - b.first || a.last - b.last)
  return blocksOf(spans, costs, now)
}

/** Spans in order of their first request. */
function blocksOf(spans: readonly UsageSpan[], costs: CostModel, now: number): BillingBlock[] | null {
  const blocks: BillingBlock[] = []
  let current: UsageSpan[] = []
  let start = 0
  // The latest request so far: spans of one hour overlap, and every later span starts no earlier.
  let latest = Number.NEGATIVE_INFINITY
  for (const s of spans) {
    if (current.length > 0 && (s.first - start > BLOCK_MS || s.first - latest > BLOCK_MS)) {
      blocks.push(makeBlock(start, current, latest, costs, now))
      if (s.first - latest > BLOCK_MS) blocks.push(gapBlock(latest + BLOCK_MS, s.first))
      current = []
    }
    if (current.length === 0) start = Math.floor(s.first / HOUR_MS) * HOUR_MS
    if (s.last - start > BLOCK_MS) return null
    current.push(s)
    latest = Math.max(latest, s.last)
  }
  if (current.length > 0) blocks.push(makeBlock(start, current, latest, costs, now))
  return blocks
}

function makeBlock(
  start: number,
  spans: readonly UsageSpan[],
  last: number,
  costs: CostModel,
  now: number,
): BillingBlock {
  const tokenCounts: BlockTokenCounts = {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
  }
  let cost = 0
  const models = new Set<string>()
  const unpriced = new Set<string>()
  let entries = 0
  for (const s of spans) {
    tokenCounts.inputTokens += s.inputTokens
    tokenCounts.outputTokens += s.outputTokens
    tokenCounts.cacheCreationInputTokens += s.cacheCreationTokens
    tokenCounts.cacheReadInputTokens += s.cacheReadTokens
    entries += s.requests
    models.add(s.model)
    const c = s.costUsd ?? costs.cost(s.model, s, s.longContext, s.first)
    if (c === undefined) unpriced.add(s.model)
    else cost += c
  }
  const end = start + BLOCK_MS
  const first = spans[0]!.first
  const totalTokens =
    tokenCounts.inputTokens +
    tokenCounts.outputTokens +
    tokenCounts.cacheCreationInputTokens +
    tokenCounts.cacheReadInputTokens
  const isActive = now - last < BLOCK_MS && now < end
  let burnRate: BillingBlock['burnRate'] = null
  let projection: BillingBlock['projection'] = null
  const minutes = (last - first) / 60_000
  const tooLittleActivity = isActive && last - first < MIN_PROJECTION_SPAN_MS
  if (isActive && !tooLittleActivity) {
    burnRate = { tokensPerMinute: totalTokens / minutes, costPerHour: (cost / minutes) * 60 }
    const remainingMinutes = Math.max(0, (end - now) / 60_000)
    projection = {
      totalTokens: Math.round(totalTokens + burnRate.tokensPerMinute * remainingMinutes),
      totalCost: cost + (burnRate.costPerHour / 60) * remainingMinutes,
      remainingMinutes: Math.round(remainingMinutes),
    }
  }
  return {
    id: new Date(start).toISOString(),
    startTime: new Date(start).toISOString(),
    endTime: new Date(end).toISOString(),
    actualEndTime: new Date(last).toISOString(),
    isActive,
    isGap: false,
    entries,
    tokenCounts,
    totalTokens,
    costUSD: cost,
    models: [...models].sort(),
    unpricedModels: [...unpriced].sort(),
    burnRate,
    projection,
    activeMinutes: Math.round(minutes),
    tooLittleActivity,
  }
}

function gapBlock(start: number, end: number): BillingBlock {
  return {
    id: `gap-${new Date(start).toISOString()}`,
    startTime: new Date(start).toISOString(),
    endTime: new Date(end).toISOString(),
    actualEndTime: null,
    isActive: false,
    isGap: true,
    entries: 0,
    tokenCounts: { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
    totalTokens: 0,
    costUSD: 0,
    models: [],
    unpricedModels: [],
    burnRate: null,
    projection: null,
    activeMinutes: 0,
    tooLittleActivity: false,
  }
}
