// Pure: Claude's 5-hour usage windows. A block starts at the hour of its first request and ends
// 5 hours later; a request after the block's end, or after a 5-hour silence, starts a new one.

import type { UsageEvent } from '../store/store.ts'
import type { CostModel } from './cost-model.ts'

export const BLOCK_MS = 5 * 60 * 60 * 1000
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
}

export function buildBillingBlocks(
  events: readonly UsageEvent[],
  costs: CostModel,
  now: number,
): BillingBlock[] {
  const blocks: BillingBlock[] = []
  let current: UsageEvent[] = []
  let start = 0
  for (const e of events) {
    const last = current[current.length - 1]
    if (last && (e.timestamp - start > BLOCK_MS || e.timestamp - last.timestamp > BLOCK_MS)) {
      blocks.push(makeBlock(start, current, costs, now))
      if (e.timestamp - last.timestamp > BLOCK_MS)
        blocks.push(gapBlock(last.timestamp + BLOCK_MS, e.timestamp))
      current = []
    }
    if (current.length === 0) start = Math.floor(e.timestamp / HOUR_MS) * HOUR_MS
    current.push(e)
  }
  if (current.length > 0) blocks.push(makeBlock(start, current, costs, now))
  return blocks
}

function makeBlock(
  start: number,
  events: readonly UsageEvent[],
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
  for (const e of events) {
    tokenCounts.inputTokens += e.inputTokens
    tokenCounts.outputTokens += e.outputTokens
    tokenCounts.cacheCreationInputTokens += e.cacheCreationTokens
    tokenCounts.cacheReadInputTokens += e.cacheReadTokens
    models.add(e.model)
    const c = e.costUsd ?? costs.cost(e.model, e, e.longContext, e.timestamp)
    if (c === undefined) unpriced.add(e.model)
    else cost += c
  }
  const end = start + BLOCK_MS
  const first = events[0]!.timestamp
  const last = events[events.length - 1]!.timestamp
  const totalTokens =
    tokenCounts.inputTokens +
    tokenCounts.outputTokens +
    tokenCounts.cacheCreationInputTokens +
    tokenCounts.cacheReadInputTokens
  const isActive = now - last < BLOCK_MS && now < end
  let burnRate: BillingBlock['burnRate'] = null
  let projection: BillingBlock['projection'] = null
  const minutes = (last - first) / 60_000
  if (isActive && minutes > 0) {
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
    entries: events.length,
    tokenCounts,
    totalTokens,
    costUSD: cost,
    models: [...models].sort(),
    unpricedModels: [...unpriced].sort(),
    burnRate,
    projection,
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
  }
}
