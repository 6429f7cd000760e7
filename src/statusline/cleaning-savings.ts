// The statusline's "context clean would save" figure: the session's main transcript scanned
// incrementally (a byte offset and the scanner's snapshot kept in a state file between runs, so each run
// reads only what was appended), then the plan `context clean` would make with its defaults and its
// cache economics. Shown only when cleaning pays by the cost functions' verdict; left out while the scan
// is still catching up on a long transcript or the time budget is short: then the scan goes on in a
// background process (scan-savings-main.ts) and a later line shows the figure. The statusline's own scan
// stops while there is still time to save its progress and finish the line (and cache it).

import { existsSync, readFileSync, statSync } from 'node:fs'
import { analyzeScan } from '../analytics/context/analyze-context.ts'
import { ttlMs } from '../analytics/context/cleaning-cost.ts'
import { previewCleaning } from '../analytics/context/cleaning-preview.ts'
import { createSessionScanner, type ScannerSnapshot } from '../analytics/context/scan-session.ts'
import { readLines } from '../ingest/read-lines.ts'
import { writeStateFile } from '../runtime/write-state-file.ts'
import { scanTextLine } from '../sessions/analyze-session.ts'
import { FOREVER, savingsPaths } from './line-cache.ts'
import type { CleaningFigures } from './render-statusline.ts'

const STATE_VERSION = 1
/** At most this much is scanned per statusline run; the figure waits until the scan has caught up. */
const MAX_READ_BYTES = 4 * 1024 * 1024
/**
 * Kept back from the scan for the rest of the run: the analysis, the answer, the line, the line cache,
 * starting the background scan (10 to 27 ms on two cores at a load of 6). A scan that spent the whole
 * budget left the run to end on the stdin-only line, with nothing cached.
 */
export const FINISH_RESERVE_MS = 40
/**
 * Kept back as well per MiB of transcript the snapshot covers, as it grows with them: writing it back
 * and analysing it took about 2 ms per MiB on an idle machine (1 to 9 MB transcripts).
 */
export const FINISH_MS_PER_MIB = 4
const MIB = 1024 * 1024
/** Below this much scanning time, the scan is not started: the segment is skipped rather than slow. */
export const MIN_SCAN_MS = 40
const CR = 0x0d

interface ScanState {
  version: typeof STATE_VERSION
  ino: number
  /** Just past the last complete line scanned. */
  offset: number
  /** Lines scanned so far (the scanner numbers lines from 1). */
  line: number
  snapshot: ScannerSnapshot
}

export interface SavingsResult {
  /** null when cleaning does not pay, there is nothing to clean, or the transcript cannot be read. */
  savings: CleaningFigures | null
  /** The verdict may change at this instant (the original's prompt cache expires). */
  validUntil: number
  /**
   * The scan has not caught up with the transcript (too much new text, or too little time left): the
   * caller starts it in the background (scan-savings-main.ts) and the segment waits for it.
   */
  behind: boolean
}

/** The last scan's answer, beside its state: read first, and enough while the transcript is as it was. */
interface SavedResult {
  version: typeof STATE_VERSION
  ino: number
  size: number
  savings: CleaningFigures | null
  validUntil: number
  /** How long the last scan took: the next one is not started with less time left than this. */
  scanMs: number
}

function readJson(path: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'))
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null
  } catch {
    return null
  }
}

function readState(path: string): ScanState | null {
  const value = readJson(path)
  if (
    value?.version !== STATE_VERSION ||
    typeof value.offset !== 'number' ||
    typeof value.line !== 'number' ||
    typeof value.snapshot !== 'object' ||
    value.snapshot === null
  )
    return null
  return value as unknown as ScanState
}

function readResult(path: string): SavedResult | null {
  const value = readJson(path)
  if (value?.version !== STATE_VERSION || typeof value.size !== 'number' || typeof value.scanMs !== 'number')
    return null
  return value as unknown as SavedResult
}

interface ScanLimits {
  /** Milliseconds the caller has left. */
  left: () => number
  /** Bytes scanned at most. */
  maxBytes: number
  /** A background scan under way (its lock is there) is left to write the answer. */
  yieldToBackground: boolean
}

/**
 * The statusline's run: a bounded read, within the time budget less what finishing needs, and none at all
 * while a background scan is under way (both would scan the same bytes into the same state file).
 */
export function foregroundSavings(
  transcriptPath: string,
  base: string,
  now: number,
  left: () => number,
): SavingsResult {
  return cleaningSavings(transcriptPath, base, now, {
    left,
    maxBytes: MAX_READ_BYTES,
    yieldToBackground: true,
  })
}

/**
 * The background scan, which holds the lock: to the transcript's end in one pass, with no time budget
 * and no byte limit (a pass per 4 MB would write and read the scanner's snapshot back each time, about
 * 20 ms per MB of snapshot).
 */
export function backgroundSavings(transcriptPath: string, base: string, now: number): SavingsResult {
  return cleaningSavings(transcriptPath, base, now, {
    left: () => Number.POSITIVE_INFINITY,
    maxBytes: Number.POSITIVE_INFINITY,
    yieldToBackground: false,
  })
}

function cleaningSavings(
  transcriptPath: string,
  base: string,
  now: number,
  limits: ScanLimits,
): SavingsResult {
  const none: SavingsResult = { savings: null, validUntil: FOREVER, behind: false }
  let stat: { ino: number; size: number }
  try {
    stat = statSync(transcriptPath)
  } catch {
    return none
  }
  const paths = savingsPaths(base)
  const saved = readResult(paths.result)
  if (saved && saved.ino === stat.ino && saved.size === stat.size && now < saved.validUntil)
    return { savings: saved.savings, validUntil: saved.validUntil, behind: false }
  if (limits.yieldToBackground && existsSync(paths.lock)) return { ...none, behind: true }
  const { left } = limits
  if (left() - FINISH_RESERVE_MS < Math.max(MIN_SCAN_MS, (saved?.scanMs ?? 0) * 1.5))
    return { ...none, behind: true }
  const started = performance.now()
  let state = readState(paths.state)
  // Another file under the same name, or one rewritten shorter: scan it again from the start.
  if (state && (state.ino !== stat.ino || state.offset > stat.size)) state = null
  const scanner = createSessionScanner(state ? { resume: state.snapshot } : {})
  const from = state?.offset ?? 0
  let offset = from
  let line = state?.line ?? 0
  const stopAt = Math.min(stat.size, offset + limits.maxBytes)
  let caughtUp = stopAt === stat.size
  for (const event of readLines(transcriptPath, offset, { end: stopAt, maxLineBytes: 256 * 1024 * 1024 })) {
    // Out of time: stop with enough left to keep what was scanned and finish the line.
    if (left() <= FINISH_RESERVE_MS + (FINISH_MS_PER_MIB * offset) / MIB) {
      caughtUp = false
      break
    }
    line++
    if (event.kind === 'too-long') scanTextLine(scanner, { kind: 'too-long', line })
    else {
      const { bytes } = event
      const cut = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length
      scanTextLine(scanner, { kind: 'line', line, text: bytes.toString('utf8', 0, cut) })
    }
    offset = event.end
  }
  if (offset !== from)
    writeStateFile(paths.state, {
      version: STATE_VERSION,
      ino: stat.ino,
      offset,
      line,
      snapshot: scanner.snapshot(),
    } satisfies ScanState)
  if (!caughtUp) return { ...none, behind: true }
  const analysis = analyzeScan(scanner.finish())
  const preview = analysis.requests.length === 0 ? null : previewCleaning(analysis, now)
  const lastRequestAt = analysis.cache.lastRequestAt
  const expires = lastRequestAt === null ? FOREVER : lastRequestAt + ttlMs[analysis.cache.ttl]
  const result: SavingsResult = {
    savings:
      preview?.cost.verdict === 'pays'
        ? { tokensSaved: preview.tokensSaved, savingPerRequest: preview.cost.savingPerRequest ?? 0 }
        : null,
    validUntil: expires > now ? expires : FOREVER,
    behind: false,
  }
  writeStateFile(paths.result, {
    version: STATE_VERSION,
    ino: stat.ino,
    size: stat.size,
    savings: result.savings,
    validUntil: result.validUntil,
    scanMs: performance.now() - started,
  } satisfies SavedResult)
  return result
}
