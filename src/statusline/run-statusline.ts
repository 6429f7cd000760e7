// The statusline's full run, in order of cost: the session's transcripts read incrementally, then the
// store (today, the 5-hour block) and recording the plan-limit readings. Each step runs only while the
// time budget lasts; a step that fails is left out of the line, never an error. A run that finished
// every step leaves its figures in the session's line cache (line-cache.ts) for the runs after it.

import { dayKey, parseDate, startOfDay } from '../analytics/calendar.ts'
import { contextWindow } from '../analytics/context/model-window.ts'
import type { CostModel } from '../analytics/cost-model.ts'
import { subagentsDirOf } from '../ingest/transcript-layout.ts'
import type { RateLimitObservation } from '../model/rate-limits.ts'
import { writeStateFile } from '../runtime/write-state-file.ts'
import {
  type CachedFigures,
  FOREVER,
  type LineCache,
  newLineCache,
  readingKey,
  type StatusConfig,
  savingsPaths,
  sessionStateBase,
  settingsKey,
  storeKey,
  transcriptsKey,
} from './line-cache.ts'
import { renderStatusLine, type StatusFigures, type StatusStyle } from './render-statusline.ts'
import type { StatuslineArgs } from './statusline-args.ts'
import type { StatusInput } from './statusline-input.ts'
import { withCachedFigures } from './stdin-figures.ts'

const HOUR_MS = 3_600_000

export interface StatuslineRun {
  config: StatusConfig
  /** The session's line cache from an earlier run, for its settings and day. */
  prior: LineCache | null
  args: StatuslineArgs
  costs: () => CostModel
  style: StatusStyle
  /** When the run must be done by (performance clock). */
  deadline: number
  now: number
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

interface StepResult {
  /** Every step ran to its end: the figures may be cached. */
  complete: boolean
}

export async function statusLine(input: StatusInput, run: StatuslineRun): Promise<string> {
  const cached: CachedFigures = {
    sessionCostOurs: null,
    todayCost: null,
    block: null,
    sessionContext: null,
    cleaning: null,
  }
  const left = () => run.deadline - performance.now()
  const base = input.transcriptPath
    ? sessionStateBase(run.config.runDir, input.sessionId, input.transcriptPath)
    : null
  let files: string[] = []
  let complete = true
  if (input.transcriptPath && base && left() > 0) {
    try {
      const read = await addSessionFigures(cached, input, input.transcriptPath, `${base}.json`, run)
      files = read.files
      if (!read.complete) complete = false
    } catch {
      complete = false
    }
  } else if (input.transcriptPath) complete = false
  const figures = withCachedFigures(input, cached)
  const observations = observationsFromInput(input, figures, run.now)
  let validUntil = FOREVER
  let day: Day | null = null
  if (left() > 0) {
    try {
      const step = await addStoreFigures(cached, observations, run, left)
      validUntil = step.validUntil
      day = step.day
      if (!step.complete) complete = false
    } catch {
      complete = false
    }
  } else complete = false
  // Last: the costliest step. Short of time, behind, or with a background scan under way, it goes on
  // in the background; it stops in time for this line to print and be cached, and its answer file is
  // one of the files the line cache watches, so the run after it finishes shows the figure.
  if (input.transcriptPath && base) {
    try {
      const { foregroundSavings } = await import('./cleaning-savings.ts')
      const found = foregroundSavings(input.transcriptPath, base, run.now, left)
      cached.cleaning = found.savings
      validUntil = Math.min(validUntil, found.validUntil)
      if (found.behind) {
        const { startBackgroundScan } = await import('./background-scan.ts')
        startBackgroundScan(input.transcriptPath, base, run.now)
      }
    } catch {
      complete = false
    }
    files.push(savingsPaths(base).result)
  }
  if (complete && base && input.transcriptPath) {
    try {
      await saveCache(`${base}.line.json`, input, run, { cached, files, validUntil, day })
    } catch {}
  }
  return renderStatusLine(withCachedFigures(input, cached), run.style, run.now)
}

async function saveCache(
  path: string,
  input: StatusInput,
  run: StatuslineRun,
  found: { cached: CachedFigures; files: string[]; validUntil: number; day: Day | null },
): Promise<void> {
  const { config } = run
  const storePath = config.clickhouse ? 'clickhouse' : config.databasePath
  const recorded: Record<string, number> = {}
  for (const l of input.limits) recorded[readingKey(l, input.sessionId)] = run.now
  const cache: LineCache = newLineCache({
    keys: {
      settings: await settingsKey(run.config.home, run.args, process.env),
      store: await storeKey(storePath),
      transcripts: await transcriptsKey(found.files, subagentsDirOf(input.transcriptPath ?? '')),
    },
    computedAt: run.now,
    validUntil: found.validUntil,
    figures: found.cached,
    recorded,
    storePath,
    files: found.files,
    config: config.clickhouse
      ? null
      : {
          home: config.home,
          runDir: config.runDir,
          databasePath: config.databasePath,
          timezone: config.timezone,
          clickhouse: null,
        },
    day: found.day,
  })
  writeStateFile(path, cache)
}

/** Reads what is new in the session's transcripts (up to a cap per run: then not complete). */
async function addSessionFigures(
  cached: CachedFigures,
  input: StatusInput,
  transcriptPath: string,
  statePath: string,
  run: StatuslineRun,
): Promise<StepResult & { files: string[] }> {
  const tail = await import('./transcript-tail.ts')
  const state = tail.readTailState(statePath)
  const files = tail.sessionFiles(transcriptPath)
  const session = tail.advanceTail(state, files, run.costs())
  writeStateFile(statePath, state)
  if (session.requests > 0) cached.sessionCostOurs = session.costUsd
  if (session.contextTokens !== null) {
    const window =
      input.contextWindowSize ??
      contextWindow({ model: input.modelId, betas: [], peakContextTokens: session.contextTokens }).tokens
    cached.sessionContext = { tokens: session.contextTokens, window }
  }
  return { complete: session.complete, files }
}

async function addStoreFigures(
  cached: CachedFigures,
  observations: readonly RateLimitObservation[],
  run: StatuslineRun,
  left: () => number,
): Promise<StepResult & { validUntil: number; day: Day | null }> {
  const { config } = run
  if (config.clickhouse) {
    // Today and the block would need the ClickHouse client loaded; readings go in one HTTP insert.
    const { sendObservations } = await import('./clickhouse-observations.ts')
    const sent = await sendObservations(config.clickhouse, observations, left())
    return { complete: sent, validUntil: FOREVER, day: null }
  }
  const store = await import('./store-figures.ts')
  const db = store.openStatusDatabase(config.databasePath, Math.min(50, Math.max(0, left())))
  // No store yet (or another schema): nothing to show until one appears, which changes its key.
  if (!db) return { complete: true, validUntil: FOREVER, day: null }
  try {
    const recorded = store.recordObservations(db, observations)
    if (left() <= 0) return { complete: false, validUntil: run.now, day: null }
    const day = localDay(run)
    const found = await store.storeFigures(db, run.costs(), day.start, run.now)
    cached.todayCost = found.todayCost
    let validUntil = day.end
    if (found.block) {
      const endsAt = Date.parse(found.block.endTime)
      cached.block = {
        costUsd: found.block.costUSD,
        costPerHour: found.block.burnRate?.costPerHour ?? null,
        endsAt,
      }
      // A block stops being active at its end, or five hours after its last request.
      const last = Date.parse(found.block.actualEndTime ?? found.block.startTime)
      validUntil = Math.min(validUntil, endsAt, last + 5 * HOUR_MS)
    }
    return { complete: recorded, validUntil, day }
  } finally {
    db.close()
  }
}

interface Day {
  start: number
  end: number
}

/** Today in the configured zone: the earlier run's answer while it lasts (the settings key held). */
function localDay(run: StatuslineRun): Day {
  const known = run.prior?.day
  if (known && run.prior?.config && run.now >= known.start && run.now < known.end) return known
  const zone = run.config.timezone
  const today = parseDate(dayKey(run.now, zone))
  const start = today ? startOfDay(today.year, today.month, today.day, zone) : run.now
  // Thirty hours on from a day's start is always in the next day, whatever the DST change.
  const tomorrow = parseDate(dayKey(start + 30 * HOUR_MS, zone))
  const end = tomorrow ? startOfDay(tomorrow.year, tomorrow.month, tomorrow.day, zone) : run.now
  return { start, end }
}
