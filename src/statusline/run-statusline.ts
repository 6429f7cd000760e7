// The statusline's work in order of cost: what stdin gives (always), the session's transcripts read
// incrementally, then the store (today, the 5-hour block) and recording the plan-limit readings. Each
// step runs only while the time budget lasts; a step that fails is left out of the line, never an error.

import { join } from 'node:path'
import { dayKey, parseDate, startOfDay } from '../analytics/calendar.ts'
import { contextWindow } from '../analytics/context/model-window.ts'
import type { CostModel } from '../analytics/cost-model.ts'
import type { Config } from '../config/load-config.ts'
import type { RateLimitObservation } from '../model/rate-limits.ts'
import { renderStatusLine, type StatusFigures, type StatusStyle } from './render-statusline.ts'
import type { StatusInput } from './statusline-input.ts'

/** What Claude Code shows when the input could not be read at all. */
export const FALLBACK_LINE = 'context-cleaner: no status data'

export interface StatuslineRun {
  config: Config
  costs: () => CostModel
  style: StatusStyle
  /** When the run must be done by (epoch ms, performance clock). */
  deadline: number
  now: number
}

/** The figures stdin alone gives: what prints when the budget runs out. */
export function figuresFromInput(input: StatusInput): StatusFigures {
  const usage = input.currentUsage
  const tokens = usage ? usage.inputTokens + usage.cacheCreationTokens + usage.cacheReadTokens : null
  const computed =
    tokens !== null && input.contextWindowSize ? (tokens / input.contextWindowSize) * 100 : null
  return {
    model: input.modelName ?? input.modelId,
    sessionCostClaude: input.costUsd,
    sessionCostOurs: null,
    todayCost: null,
    block: null,
    contextPercent: input.contextUsedPercentage ?? computed,
    limits: input.limits.map((l) => ({
      window: l.window,
      usedPercentage: l.usedPercentage,
      resetsAt: l.resetsAt,
    })),
    cacheExpiresAt: input.promptCache?.expiresAt ?? null,
  }
}

export function observationsFromInput(
  input: StatusInput,
  figures: StatusFigures,
  now: number,
): RateLimitObservation[] {
  const usage = input.currentUsage
  return input.limits.map((l) => ({
    window: l.window,
    usedPercentage: l.usedPercentage,
    resetsAt: l.resetsAt ?? 0,
    firstObservedAt: now,
    lastObservedAt: now,
    sessionId: input.sessionId ?? '',
    source: 'statusline',
    usedUsd: l.usedUsd,
    limitUsd: l.limitUsd,
    period: l.period,
    contextUsedPercentage: figures.contextPercent,
    contextWindowSize: input.contextWindowSize,
    contextTokens: usage ? usage.inputTokens + usage.cacheCreationTokens + usage.cacheReadTokens : null,
    cacheHitRatio: input.promptCache?.hitRatio ?? null,
    cacheExpiresAt: input.promptCache?.expiresAt ?? null,
  }))
}

export async function statusLine(input: StatusInput, run: StatuslineRun): Promise<string> {
  const figures = figuresFromInput(input)
  const left = () => run.deadline - performance.now()
  if (input.transcriptPath && left() > 0) {
    try {
      await addSessionFigures(figures, input, input.transcriptPath, run)
    } catch {}
  }
  const observations = observationsFromInput(input, figures, run.now)
  if (left() > 0) {
    try {
      await addStoreFigures(figures, observations, run, left)
    } catch {}
  }
  return renderStatusLine(figures, run.style, run.now)
}

async function addSessionFigures(
  figures: StatusFigures,
  input: StatusInput,
  transcriptPath: string,
  run: StatuslineRun,
): Promise<void> {
  const tail = await import('./transcript-tail.ts')
  const id = (input.sessionId ?? transcriptPath).replace(/[^A-Za-z0-9_-]/g, '_').slice(-120)
  const statePath = join(run.config.runDir, 'statusline', `${id}.json`)
  const state = tail.readTailState(statePath)
  const session = tail.advanceTail(state, tail.sessionFiles(transcriptPath), run.costs())
  tail.writeTailState(statePath, state)
  if (session.requests > 0) figures.sessionCostOurs = session.costUsd
  if (figures.contextPercent === null && session.contextTokens !== null) {
    const window =
      input.contextWindowSize ??
      contextWindow({
        model: input.modelId,
        betas: [],
        peakContextTokens: session.contextTokens,
      }).tokens
    figures.contextPercent = (session.contextTokens / window) * 100
  }
}

async function addStoreFigures(
  figures: StatusFigures,
  observations: readonly RateLimitObservation[],
  run: StatuslineRun,
  left: () => number,
): Promise<void> {
  const { config } = run
  if (config.clickhouse) {
    // Today and the block would need the ClickHouse client loaded; readings go in one HTTP insert.
    const { sendObservations } = await import('./clickhouse-observations.ts')
    await sendObservations(config.clickhouse, observations, left())
    return
  }
  const store = await import('./store-figures.ts')
  const db = store.openStatusDatabase(config.databasePath, Math.min(50, Math.max(0, left())))
  if (!db) return
  try {
    store.recordObservations(db, observations)
    if (left() <= 0) return
    const today = parseDate(dayKey(run.now, config.timezone))
    const todayStart = today ? startOfDay(today.year, today.month, today.day, config.timezone) : run.now
    const found = await store.storeFigures(db, run.costs(), todayStart, run.now)
    figures.todayCost = found.todayCost
    if (found.block)
      figures.block = {
        costUsd: found.block.costUSD,
        costPerHour: found.block.burnRate?.costPerHour ?? null,
        endsAt: Date.parse(found.block.endTime),
      }
  } finally {
    db.close()
  }
}
