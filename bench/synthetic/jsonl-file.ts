// A transcript being written: lines are buffered and flushed in large writes, and every line is
// counted by record type so the generator can say exactly what it produced.

import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

export interface HistoryStats {
  files: number
  subagentFiles: number
  bytes: number
  lines: number
  largestLineBytes: number
  linesByType: Record<string, number>
  /** Assistant lines with usage, before deduplication (content-block lines, resumed copies, relays). */
  usageLines: number
  /** Unique API responses (what a correct importer counts). */
  uniqueResponses: number
  /** Lines copied into a resumed session from the one it continues. */
  copiedLines: number
  /** Sub-agent responses relayed into the parent transcript as `progress` lines. */
  progressLines: number
  syntheticLines: number
  sessions: number
  resumedSessions: number
}

export function emptyStats(): HistoryStats {
  return {
    files: 0,
    subagentFiles: 0,
    bytes: 0,
    lines: 0,
    largestLineBytes: 0,
    linesByType: {},
    usageLines: 0,
    uniqueResponses: 0,
    copiedLines: 0,
    progressLines: 0,
    syntheticLines: 0,
    sessions: 0,
    resumedSessions: 0,
  }
}

const FLUSH_CHARS = 1 << 20
const TAIL_KEEP = 400

export class JsonlFile {
  readonly #fd: number
  readonly #stats: HistoryStats
  #pending: string[] = []
  #pendingChars = 0
  /** The last lines written, for a later session that resumes this one. */
  tail: string[] = []
  bytes = 0

  constructor(path: string, stats: HistoryStats) {
    mkdirSync(dirname(path), { recursive: true })
    this.#fd = openSync(path, 'w')
    this.#stats = stats
    stats.files++
  }

  push(line: string, type: string): void {
    const bytes = Buffer.byteLength(line) + 1
    this.bytes += bytes
    const s = this.#stats
    s.bytes += bytes
    s.lines++
    if (bytes > s.largestLineBytes) s.largestLineBytes = bytes
    s.linesByType[type] = (s.linesByType[type] ?? 0) + 1
    this.#pending.push(line)
    this.#pendingChars += line.length
    this.tail.push(line)
    if (this.tail.length > 2 * TAIL_KEEP) this.tail = this.tail.slice(-TAIL_KEEP)
    if (this.#pendingChars >= FLUSH_CHARS) this.flush()
  }

  flush(): void {
    if (this.#pending.length === 0) return
    writeSync(this.#fd, `${this.#pending.join('\n')}\n`)
    this.#pending = []
    this.#pendingChars = 0
  }

  close(): void {
    this.flush()
    closeSync(this.#fd)
    if (this.tail.length > TAIL_KEEP) this.tail = this.tail.slice(-TAIL_KEEP)
  }
}
