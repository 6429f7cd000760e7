// The statusline's "context clean would save" figure: the session's main transcript scanned
// incrementally (a byte offset and the scanner's snapshot kept in a state file between runs, so each run
// reads only what was appended), then the plan `context clean` would make with its defaults and its
// cache economics. Shown only when cleaning pays by the cost functions' verdict; left out while the scan
// is still catching up on a long transcript or the time budget is short: then the scan goes on in a
// background process (scan-savings-main.ts) and a later line shows the figure.

import { readFileSync, statSync } from 'node:fs'
import { analyzeScan } from '../analytics/context/analyze-context.ts'
import { ttlMs } from '../analytics/context/cleaning-cost.ts'
import { previewCleaning } from '../analytics/context/cleaning-preview.ts'
import { createSessionScanner, type ScannerSnapshot } from '../analytics/context/scan-session.ts'
import { readLines } from '../ingest/read-lines.ts'
import { scanTextLine } from '../sessions/analyze-session.ts'
import { FOREVER, savingsPaths } from './line-cache.ts'
import type { CleaningFigures } from './render-statusline.ts'
import { writeStateFile } from './transcript-tail.ts'

const STATE_VERSION = 1
/** At most this much is scanned per run; the figure waits until the scan has caught up. */
const MAX_READ_BYTES = 4 * 1024 * 1024
/** Below this much time left, the scan is not started: the segment is skipped rather than slow. */
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

export function cleaningSavings(
  transcriptPath: string,
  base: string,
  now: number,
  left: () => number,
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
  if (left() < Math.max(MIN_SCAN_MS, (saved?.scanMs ?? 0) * 1.5)) return { ...none, behind: true }
  const started = performance.now()
  let state = readState(paths.state)
  // Another file under the same name, or one rewritten shorter: scan it again from the start.
  if (state && (state.ino !== stat.ino || state.offset > stat.size)) state = null
  const scanner = createSessionScanner(state ? { resume: state.snapshot } : {})
  let offset = state?.offset ?? 0
  let line = state?.line ?? 0
  const stopAt = Math.min(stat.size, offset + MAX_READ_BYTES)
  let caughtUp = stopAt === stat.size
  for (const event of readLines(transcriptPath, offset, { end: stopAt, maxLineBytes: 256 * 1024 * 1024 })) {
    line++
    if (event.kind === 'too-long') scanTextLine(scanner, { kind: 'too-long', line })
    else {
      const { bytes } = event
      const cut = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length
      scanTextLine(scanner, { kind: 'line', line, text: bytes.toString('utf8', 0, cut) })
    }
    offset = event.end
    // Out of time: keep what was scanned for the next run.
    if (line % 256 === 0 && left() <= 0) {
      caughtUp = false
      break
    }
  }
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
