// Streams complete lines of a file from a byte offset without ever holding the file in memory: the one
// line reader for the importer (bytes and checkpoint offsets) and for context analysis and cleaning
// (numbered text lines, `readTextLines`). Both need the same two rules: a half-written last line is not
// a line yet, and a line over the limit is reported in its place and skipped, never buffered whole.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

export interface ReadLinesOptions {
  /** @default 1 MiB */
  chunkBytes?: number
  /**
   * A read buffer to use instead of allocating one: an import reads its files one after another and
   * passes each the same buffer (a fresh buffer per file was most of a large import's allocation).
   */
  buffer?: Buffer
  /** Lines longer than this are not buffered; they are reported as too long and skipped. @default 64 MiB */
  maxLineBytes?: number
  /**
   * Nothing at or past this offset is read. An import stops at the size it saw when it planned the
   * file, so that the checkpoint's size and mtime describe the bytes it read. @default the file's end
   */
  end?: number
  /** Filled in when the read finishes: how many bytes it read and whether the file ends mid-line. */
  summary?: ReadSummary
}

export interface ReadSummary {
  /** Bytes read from the start offset, a half-written last line included. */
  bytes: number
  /** The file ends without a newline: Claude Code is mid-write, or the file was cut short. */
  incompleteTail: boolean
}

/**
 * `bytes` is a view into a reused buffer: use it before asking for the next line.
 * `end` is the offset just past the line's newline: a safe checkpoint.
 */
export type LineEvent = { kind: 'line'; bytes: Buffer; end: number } | { kind: 'too-long'; end: number }

const NEWLINE = 0x0a
const CR = 0x0d

/** Yields only newline-terminated lines: a half-written last line is left for a later read. */
export function* readLines(
  path: string,
  start: number,
  options: ReadLinesOptions = {},
): Generator<LineEvent> {
  const chunkBytes = options.chunkBytes ?? 1024 * 1024
  const maxLineBytes = options.maxLineBytes ?? 64 * 1024 * 1024
  const stopAt = options.end ?? Number.POSITIVE_INFINITY
  const fd = openSync(path, 'r')
  try {
    const buf =
      options.buffer ??
      Buffer.allocUnsafe(Math.max(64 * 1024, Math.min(chunkBytes, fstatSync(fd).size - start + 1)))
    const size = buf.length
    let pos = start
    let carry: Buffer[] = []
    let carryBytes = 0
    let discarding = false
    for (;;) {
      const n = pos < stopAt ? readSync(fd, buf, 0, Math.min(size, stopAt - pos), pos) : 0
      if (n === 0) {
        if (options.summary) {
          options.summary.bytes = pos - start
          options.summary.incompleteTail = carryBytes > 0 || discarding
        }
        return
      }
      const chunk = buf.subarray(0, n)
      let from = 0
      for (let nl = chunk.indexOf(NEWLINE, from); nl !== -1; nl = chunk.indexOf(NEWLINE, from)) {
        const end = pos + nl + 1
        if (discarding) {
          discarding = false
          yield { kind: 'too-long', end }
        } else if (carryBytes > 0) {
          carry.push(chunk.subarray(from, nl))
          const line = Buffer.concat(carry)
          carry = []
          carryBytes = 0
          if (line.length > maxLineBytes) yield { kind: 'too-long', end }
          else yield { kind: 'line', bytes: line, end }
        } else if (nl - from > maxLineBytes) {
          yield { kind: 'too-long', end }
        } else {
          yield { kind: 'line', bytes: chunk.subarray(from, nl), end }
        }
        from = nl + 1
      }
      if (from < n && !discarding) {
        // Copy: `buf` is overwritten by the next read.
        carry.push(Buffer.from(chunk.subarray(from)))
        carryBytes += n - from
        if (carryBytes > maxLineBytes) {
          carry = []
          carryBytes = 0
          discarding = true
        }
      }
      pos += n
    }
  } finally {
    closeSync(fd)
  }
}

export type TextLine = { kind: 'line'; line: number; text: string } | { kind: 'too-long'; line: number }

/**
 * The file's lines from its start as text, numbered from 1, without a trailing CR. `summary` says, once
 * the loop ends, whether a half-written last line was left out.
 */
export function* readTextLines(
  path: string,
  summary: ReadSummary,
  options: Pick<ReadLinesOptions, 'chunkBytes' | 'maxLineBytes'> = {},
): Generator<TextLine> {
  let line = 0
  for (const event of readLines(path, 0, {
    chunkBytes: options.chunkBytes ?? 8 * 1024 * 1024,
    // Context analysis wants a pasted file of a few hundred MB counted, not skipped.
    maxLineBytes: options.maxLineBytes ?? 256 * 1024 * 1024,
    summary,
  })) {
    line++
    if (event.kind === 'too-long') {
      yield { kind: 'too-long', line }
      continue
    }
    const { bytes } = event
    const cut = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length
    yield { kind: 'line', line, text: bytes.toString('utf8', 0, cut) }
  }
}
